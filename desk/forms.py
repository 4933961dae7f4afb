"""The desk's forms. They only collect: checks and normalisation live in the services
(``residents``, ``assisted``), whose errors come back next to the fields."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

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


# --- Appointments ------------------------------------------------------------------------------


class SlotsPublishForm(forms.Form):
    point = forms.ChoiceField(label=_("Service point"), choices=())
    first_day = forms.DateField(label=_("First day"), widget=DATE_INPUT)
    last_day = forms.DateField(label=_("Last day"), widget=DATE_INPUT)
    # Whole numbers checked by the service, which words the limits.
    length = forms.IntegerField(
        label=_("Length of each slot (minutes)"),
        initial=30,
        widget=forms.NumberInput(attrs={"step": 5}),
    )
    capacity = forms.IntegerField(
        label=_("People per slot"),
        initial=1,
        help_text=_("1 for a personal appointment; more for a small group at a station."),
    )

    def __init__(self, *args, point_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].choices = list(point_choices)


class RenderedByThePage(forms.HiddenInput):
    """A field whose inputs the page draws itself (the slots' radio buttons, by day and
    point): the shared form template shows its errors and adds no input of its own."""

    def render(self, name, value, attrs=None, renderer=None):
        return ""


class BookForm(forms.Form):
    # The slot is one of the page's radio buttons; the view finds it among the space's.
    slot = forms.CharField(label=_("Time"), widget=RenderedByThePage, required=False)
    topic = forms.CharField(
        label=_("What is it about?"),
        max_length=200,
        required=False,
        help_text=_("e.g. “SPID”, “ISEE”, “Fascicolo sanitario”, “home-care services”."),
    )
    note = forms.CharField(
        label=_("Anything the desk should know (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DayForm(forms.Form):
    giorno = forms.DateField(label=_("Day"), required=False, widget=DATE_INPUT)


class WeekForm(forms.Form):
    da = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
