"""StreamField blocks shared by the page types. Small on purpose: headings and text for now."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

# Enough for statements and notices; no headings inside paragraphs (the heading block keeps
# the outline clean) and no embeds or images yet.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Section heading (h2)")), ("h3", _("Subsection heading (h3)"))],
        default="h2",
        help_text=_("The page title is the only h1; use h2 for sections, h3 inside them."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "cms_templates/blocks/heading.html"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "cms_templates/blocks/paragraph.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
