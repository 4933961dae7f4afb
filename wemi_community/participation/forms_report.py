"""Forms of reports and moderation. They validate; the services in ``moderation.py`` write."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Report
from .moderation import BLOCK_REASON_MAX, REPORT_TEXT_MAX


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason.")},
    )
    text = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=REPORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REPORT_TEXT_MAX}),
        help_text=lazy(
            lambda: (
                gettext(
                    "Required if you chose “Other”. Up to %(limit)d characters. Only the "
                    "moderators read it."
                )
                % {"limit": REPORT_TEXT_MAX}
            ),
            str,
        )(),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == Report.Reason.OTHER and not cleaned.get("text", "").strip():
            self.add_error(
                "text",
                ValidationError(_("Tell the moderators what is wrong with it."), code="required"),
            )
        return cleaned


class BlockUserForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the block"),
        max_length=BLOCK_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the audit trail and shown to the staff, not to the person."),
        error_messages={"required": _("Say why the account is blocked.")},
    )
    hide_content = forms.BooleanField(
        label=_("Also hide everything this person has written"),
        required=False,
        help_text=_("Leave it unticked to block the account and keep their content visible."),
    )
