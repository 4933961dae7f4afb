"""The desk's forms. They only collect: checks and normalisation live in the services
(``residents``, ``assisted``), whose errors come back next to the fields."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wemi_community.accounts.forms import password_help_text
from wemi_community.catalogue.models import Municipio, Nil

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ResidentForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        help_text=_("Italian number, or a foreign one with its prefix (+44 …)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        help_text=_("Leave it empty if the person has none: we will call them instead."),
    )
    fiscal_code = forms.CharField(
        label=_("Codice fiscale (optional)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "text-uppercase"}),
    )
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DATE_INPUT)
    municipio = forms.ModelChoiceField(
        label=_("Municipio"), queryset=Municipio.objects.all(), required=False
    )
    nil = forms.ModelChoiceField(
        label=_("Neighbourhood (NIL)"),
        queryset=Nil.objects.select_related("municipio").order_by("name"),
        required=False,
    )
    household_size = forms.IntegerField(
        label=_("People in the household"), min_value=1, max_value=20, initial=1
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )

    @classmethod
    def initial_from(cls, resident) -> dict:
        user = resident.user
        return {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "phone": resident.phone,
            "email": user.email or "",
            "fiscal_code": resident.fiscal_code or "",
            "birth_date": resident.birth_date,
            "municipio": user.municipio_id,
            "nil": user.nil_id,
            "household_size": user.household_size,
            "language": user.preferred_language,
        }


class FindForm(forms.Form):
    fiscal_code = forms.CharField(label=_("Codice fiscale"), max_length=20, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DATE_INPUT)


class SessionStartForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you act for this person"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CallMarkForm(forms.Form):
    """How a call went: the outcome comes from the button pressed, the note is optional."""

    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class ActivationForm(forms.Form):
    code = forms.CharField(
        label=_("Activation code"),
        max_length=20,
        help_text=_("The code printed by the desk, e.g. ACDEF-HJKMN (dashes and spaces optional)."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "class": "text-uppercase",
                "spellcheck": "false",
            }
        ),
    )
    email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=254,
        help_text=_("We will send you a link to confirm it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_help_text(),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    privacy_consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and I agree that my data are processed "
            "so that I can take part in the platform."
        ),
        error_messages={
            "required": _("To activate your account, please accept the privacy notice.")
        },
    )

    # The service speaks of "password"; on this form the person typed it in "password1".
    service_field_names = {"password": "password1"}

    def __init__(self, *args, privacy_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if privacy_url:
            # The notice opens in a new tab, so what was typed here stays.
            link = format_html(
                '<a href="{}" target="_blank" rel="noopener">{}'
                '<span class="visually-hidden"> {}</span></a>',
                privacy_url,
                _("privacy notice"),
                _("(opens in a new tab)"),
            )
            self.fields["privacy_consent"].label = format_html(
                _(
                    "I have read the {link} and I agree that my data are processed so that "
                    "I can take part in the platform."
                ),
                link=link,
            )

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        return cleaned


class ReportOnlineForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail of their online account"),
        help_text=_("Exactly as the person uses it to sign in."),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ResolveForm(forms.Form):
    reason = forms.CharField(
        label=_("Why"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Written in the audit trail with the result."),
    )
