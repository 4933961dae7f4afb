"""Forms of the pages about the person's data: deleting the account, accepting a new version
of the privacy notice."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from .signals import SIGNED_IN_AT_SESSION_KEY

# An account without a password (SPID/CIE only) confirms with a sign-in this recent.
FRESH_SIGN_IN = datetime.timedelta(minutes=5)


def signed_in_recently(request, now=None) -> bool:
    value = request.session.get(SIGNED_IN_AT_SESSION_KEY)
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is None:
        return False
    now = now or timezone.now()
    return now - FRESH_SIGN_IN <= moment <= now


class AccountDeleteForm(forms.Form):
    """The person confirms with their password; without a password, with a sign-in of the
    last five minutes (checked by the view)."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    understood = forms.BooleanField(
        label=_("I understand that the deletion cannot be undone."),
        error_messages={"required": _("Tick the box to confirm that you want to delete it.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="wrong_password")
        return password


class PrivacyAcceptForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read the privacy notice and I accept it."),
        error_messages={"required": _("Tick the box to accept the notice, or sign out.")},
    )
