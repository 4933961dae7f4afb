"""StreamField blocks shared by every page type, through `BodyBlock`.

The names inside `BodyBlock` are stored with the content: rename one and existing pages lose
that block. Add new blocks; never rename the old ones."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

# Enough for statements and notices; no headings inside paragraphs (the heading block keeps
# the outline clean) and no embeds.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]

HEADING_LEVELS = [("h2", _("Section heading (h2)")), ("h3", _("Subsection heading (h3)"))]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=HEADING_LEVELS,
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


class FigureBlock(blocks.StructBlock):
    """An image with its text alternative. The alternative is required: a screen reader user
    must get what the picture says (WCAG 1.1.1)."""

    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("text alternative"),
        max_length=250,
        help_text=_(
            "Describe what the image shows for people who cannot see it, in one sentence "
            "(not the file name, not “image of”)."
        ),
    )
    caption = blocks.CharBlock(
        label=_("caption"),
        max_length=300,
        required=False,
        help_text=_("Shown under the image for everyone: credits or context."),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms_templates/blocks/figure.html"


class CallToActionValue(blocks.StructValue):
    @property
    def button_class(self) -> str:
        # Secondary is outlined: Bootstrap Italia's btn-secondary is a grey fill.
        return "btn-outline-primary" if self.get("style") == "secondary" else "btn-primary"

    @property
    def is_external(self) -> bool:
        return not self.get("page") and bool(self.get("url"))


class CallToActionBlock(blocks.StructBlock):
    """A button to one destination: a page of this site or a web address, never both."""

    text = blocks.CharBlock(
        label=_("button text"),
        max_length=80,
        help_text=_("Say where it leads or what it does: “Join the lab”, not “Click here”."),
    )
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("web address"), required=False)
    style = blocks.ChoiceBlock(
        label=_("style"),
        choices=[("primary", _("Primary (filled)")), ("secondary", _("Secondary (outlined)"))],
        default="primary",
    )

    def clean(self, value):
        value = super().clean(value)
        has_page, has_url = bool(value.get("page")), bool(value.get("url"))
        if has_page and has_url:
            message = _("Choose a page or enter a web address, not both.")
        elif not has_page and not has_url:
            message = _("Choose a page or enter a web address for the button.")
        else:
            return value
        raise blocks.StructBlockValidationError(non_block_errors=[message])

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "cms_templates/blocks/call_to_action.html"
        value_class = CallToActionValue


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=200)
    answer = blocks.RichTextBlock(label=_("answer"), features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "help"
        label = _("Question and answer")


class AccordionBlock(blocks.StructBlock):
    """Frequently asked questions. Rendered with <details>/<summary>, so each answer opens
    with a keyboard and without JavaScript."""

    items = blocks.ListBlock(AccordionItemBlock(), label=_("questions"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Questions and answers (accordion)")
        template = "cms_templates/blocks/accordion.html"


class ContactValue(blocks.StructValue):
    @property
    def tel_href(self) -> str:
        """The phone number as a tel: link wants it: digits and a leading plus only."""
        number = re.sub(r"[^\d+]", "", self.get("phone") or "")
        return f"tel:{number}" if number else ""


class ContactCardBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        label=_("name or title"),
        max_length=150,
        help_text=_("A person, an office or a desk: “WeMi desk, Municipio 5”."),
    )
    heading_level = blocks.ChoiceBlock(
        label=_("heading level"),
        choices=HEADING_LEVELS,
        default="h3",
        help_text=_("h3 when the card sits under a section heading, h2 otherwise."),
    )
    role = blocks.CharBlock(label=_("role"), max_length=150, required=False)
    phone = blocks.CharBlock(label=_("phone"), max_length=40, required=False)
    email = blocks.EmailBlock(label=_("e-mail"), required=False)
    address = blocks.TextBlock(label=_("address"), required=False)
    opening_note = blocks.TextBlock(
        label=_("opening note"),
        required=False,
        help_text=_("When to call or come by, e.g. “Monday to Friday, 9am to 1pm”."),
    )

    class Meta:
        icon = "user"
        label = _("Contact card")
        template = "cms_templates/blocks/contact_card.html"
        value_class = ContactValue


class OpeningHoursBlock(blocks.PageChooserBlock):
    """The weekly opening hours of a Spazio WeMi, kept on its page and shown here, so a change
    of hours is made once. A string target: the space page type lives in spaces_pages."""

    def __init__(self, **kwargs):
        kwargs.setdefault("page_type", "spaces_pages.SpacePage")
        kwargs.setdefault("label", _("Opening hours of a space"))
        kwargs.setdefault(
            "help_text", _("The hours shown are always the ones on the space's page.")
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "time"
        template = "cms_templates/blocks/opening_hours.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = FigureBlock()
    call_to_action = CallToActionBlock()
    accordion = AccordionBlock()
    contact = ContactCardBlock()
    opening_hours = OpeningHoursBlock()
