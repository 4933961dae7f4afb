from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wemi_community.core.forms import WholeNumberField


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        # The length is checked by the service, with a message that says how long it is.
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Leave an empty line between paragraphs. You can use *italics*, **bold**, lists "
            "starting with “- ”, links, and @name to mention someone."
        ),
    )
    parent = WholeNumberField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, field_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["maxlength"] = settings.WEMI_COMMENT_MAX_LENGTH
        if field_id:
            # Several forms on one page (one per reply box) need distinct ids.
            self.auto_id = f"id_{field_id}_%s"
