"""The desk's forms. They only collect: checks and normalisation live in the services
(``residents``, ``assisted``), whose errors come back next to the fields."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wemi_community.accounts.forms import password_help_text, privacy_consent_label
from wemi_community.catalogue.models import Municipio, Nil, ServiceCategory
from wemi_community.core.forms import TIME, WholeNumberField

from .models import DeskContact
from .models.contacts import MINUTES_MAX, MINUTES_MIN

User = get_user_model()

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
    household_size = WholeNumberField(
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
            self.fields["privacy_consent"].label = privacy_consent_label(privacy_url)

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


def _topic_choices() -> list:
    """The catalogue's services grouped under their area, as the checkboxes show them."""
    groups: dict = {}
    services = ServiceCategory.objects.filter(level=ServiceCategory.Level.LEVEL2).select_related(
        "parent__parent"
    )
    for service in services.order_by("parent__parent__position", "parent__position", "position"):
        area = service.parent.parent if service.parent and service.parent.parent else None
        groups.setdefault(str(area or ""), []).append((str(service.pk), str(service)))
    return list(groups.items())


def _nil_choices() -> list:
    """The NIL grouped by Municipio, so the list of 88 reads by district."""
    groups: dict = {}
    for nil in Nil.objects.select_related("municipio").order_by("municipio__number", "name"):
        label = _("Municipio %(number)s") % {"number": nil.municipio.number}
        groups.setdefault(str(label), []).append((str(nil.pk), nil.display_name))
    return [("", "---------"), *groups.items()]


class ContactForm(forms.Form):
    """The desk's contact in a few clicks: most fields come filled in."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(value, capfirst(label)) for value, label in DeskContact.Channel.choices],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the person reached the desk.")},
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one topic.")},
    )
    municipio = forms.ModelChoiceField(
        label=_("Municipio"), queryset=Municipio.objects.all(), required=False
    )
    nil = forms.ChoiceField(label=_("Neighbourhood (NIL)"), required=False)
    anonymous = forms.BooleanField(
        label=_("Anonymous"),
        required=False,
        help_text=_("The person did not say who they are, nor maybe where they live."),
    )
    person = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        widget=forms.HiddenInput,
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(value, capfirst(label)) for value, label in DeskContact.Outcome.choices],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the contact ended.")},
    )
    minutes = WholeNumberField(
        label=_("Minutes spent"),
        initial=10,
        widget=forms.NumberInput(attrs={"min": MINUTES_MIN, "max": MINUTES_MAX, "step": 1}),
    )
    day = forms.DateField(label=_("Day"), widget=DATE_INPUT)
    time = forms.TimeField(label=_("Time"), widget=TIME)
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = _topic_choices()
        self.fields["nil"].choices = _nil_choices()

    def clean_topics(self):
        ids = [int(pk) for pk in self.cleaned_data.get("topics") or []]
        return list(ServiceCategory.objects.filter(pk__in=ids))

    def clean_nil(self):
        pk = self.cleaned_data.get("nil")
        return Nil.objects.select_related("municipio").filter(pk=pk).first() if pk else None

    def topic_groups(self) -> list[tuple[str, list]]:
        """The topics' checkboxes under their area's name, for the template."""
        boxes = {str(box.data["value"]): box for box in self["topics"]}
        return [
            (area, [boxes[value] for value, _label in choices if value in boxes])
            for area, choices in self.fields["topics"].choices
        ]


class ContactPeriodForm(forms.Form):
    """The log's period; the query string speaks Italian like the URLs (``?dal=&al=``)."""

    dal = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    al = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("dal") and cleaned.get("al") and cleaned["al"] < cleaned["dal"]:
            self.add_error("al", _("The last day cannot come before the first."))
        return cleaned


# --- Appointments ------------------------------------------------------------------------------


class SlotsPublishForm(forms.Form):
    point = forms.ChoiceField(label=_("Service point"), choices=())
    first_day = forms.DateField(label=_("First day"), widget=DATE_INPUT)
    last_day = forms.DateField(label=_("Last day"), widget=DATE_INPUT)
    # Whole numbers checked by the service, which words the limits.
    length = WholeNumberField(
        label=_("Length of each slot (minutes)"),
        initial=30,
        widget=forms.NumberInput(attrs={"step": 5}),
    )
    capacity = WholeNumberField(
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


class DeskDeletionForm(forms.Form):
    signed_form_reference = forms.CharField(
        label=_("Number of the signed request form"),
        max_length=100,
        help_text=_("As written on the paper form the resident signed, kept by the desk."),
    )
    understood = forms.BooleanField(
        label=_("The resident signed the request and understands it cannot be undone."),
        error_messages={"required": _("Tick the box to confirm the signed request.")},
    )
