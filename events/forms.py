"""Forms of the event and course pages. The services validate again; these forms put each
message next to its field and turn dates and hours in Milan's time into moments."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from spaces_pages.forms import SpaceChoiceField
from spaces_pages.selectors import coordinated_spaces
from wemi_community.accounts.models import Organisation
from wemi_community.core.forms import DATE, TIME, WholeNumberField
from wemi_community.core.milan import in_rome
from wemi_community.core.uploads import CheckedImageField, image_help_text

from .event_data import EVENT_FIELDS
from .models import (
    MAX_SEATS_PER_REGISTRATION,
    Audience,
    Category,
    OrganiserKind,
    PlaceKind,
)
from .recurrence import MAX_INTERVAL, MAX_OCCURRENCES, Rule

MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
# Where a service's message about a field goes in these forms.
SERVICE_FIELDS = {
    "starts_at": "date",
    "ends_at": "end_time",
    "registration_opens_at": "registration_opens",
    "registration_closes_at": "registration_closes",
    "end_time": "end_time",
    "starts_on": "date",
}


def _aware(value: datetime.datetime | None) -> datetime.datetime | None:
    """A datetime-local field's value is Milan's wall clock."""
    if value is None:
        return None
    return in_rome(value.date(), value.time())


class EventForm(forms.Form):
    """Publishing or editing an event. ``mode`` "create" adds the space and the repetition;
    "edit" of an occurrence of a series adds the choice of what to change."""

    space = SpaceChoiceField(error_messages={"required": _("Choose the Spazio WeMi.")})
    title = forms.CharField(
        label=_("Title"), max_length=140, error_messages={"required": _("Give the event a title.")}
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What happens, who it is for, what to bring. An empty line between paragraphs, "
            "*italics*, **bold**, lists with “- ”."
        ),
    )
    category = forms.ChoiceField(label=_("Kind of event"), choices=Category.choices)
    audience = forms.ChoiceField(label=_("Who it is for"), choices=Audience.choices)
    place_kind = forms.ChoiceField(
        label=_("Where"), choices=PlaceKind.choices, widget=forms.RadioSelect, initial="space"
    )
    place_name = forms.CharField(
        label=_("Name of the place"),
        required=False,
        max_length=140,
        help_text=_("E.g. “Room 2” or “Parish hall”."),
    )
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=200,
        help_text=_("Needed when the event is not at the space."),
    )
    online_url = forms.URLField(
        label=_("Link to take part online"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Write a whole address, e.g. https://…")},
    )
    date = forms.DateField(
        label=_("Day"), widget=DATE, error_messages={"required": _("Choose the day.")}
    )
    start_time = forms.TimeField(
        label=_("From"), widget=TIME, error_messages={"required": _("Choose the start time.")}
    )
    end_date = forms.DateField(
        label=_("Ends on another day"),
        required=False,
        widget=DATE,
        help_text=_("Only if it ends after midnight or on another day."),
    )
    end_time = forms.TimeField(
        label=_("To"), widget=TIME, error_messages={"required": _("Choose the end time.")}
    )
    repeat = forms.ChoiceField(
        label=_("Repeat"),
        choices=[("once", _("Once")), ("weekly", _("Every week or every few weeks"))],
        widget=forms.RadioSelect,
        initial="once",
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interval = forms.TypedChoiceField(
        label=_("How often"), choices=(), coerce=int, initial=1, required=False
    )
    until = forms.DateField(label=_("Until"), required=False, widget=DATE)
    count = WholeNumberField(
        label=_("Or for a number of times"),
        required=False,
        min_value=1,
        max_value=MAX_OCCURRENCES,
        error_messages={
            "min_value": _("At least once."),
            "max_value": _("At most %(limit_value)s times."),
        },
    )
    skip_closures = forms.BooleanField(
        label=_("Skip the days the space is closed"), required=False, initial=True
    )
    scope = forms.ChoiceField(
        label=_("What to change"),
        choices=[
            ("one", _("Only this date")),
            ("all", _("This date and all the following ones")),
        ],
        widget=forms.RadioSelect,
        initial="one",
        required=False,
    )
    registration_required = forms.BooleanField(
        label=_("Registration required"), required=False, initial=True
    )
    capacity = WholeNumberField(
        label=_("Seats"),
        required=False,
        help_text=_("Leave empty for no limit."),
        error_messages={"invalid": _("Write a whole number of seats.")},
    )
    max_seats_per_registration = WholeNumberField(
        label=_("Seats per registration at most"),
        initial=4,
        min_value=1,
        max_value=MAX_SEATS_PER_REGISTRATION,
        help_text=_("An adult with two children takes three seats."),
        error_messages={
            "min_value": _("At least 1 seat."),
            "max_value": _("At most %(limit_value)s seats."),
        },
    )
    registration_opens = forms.DateTimeField(
        label=_("Registration opens"),
        required=False,
        widget=MOMENT,
        help_text=_("Empty: from now."),
    )
    registration_closes = forms.DateTimeField(
        label=_("Registration closes"),
        required=False,
        widget=MOMENT,
        help_text=_("Empty: at the start."),
    )
    price = forms.CharField(
        label=_("Price (€)"),
        required=False,
        max_length=10,
        initial="0",
        help_text=_("0 if it is free. For information: nothing is paid on the site."),
    )
    organiser_kind = forms.ChoiceField(
        label=_("Organised by"),
        choices=OrganiserKind.choices,
        widget=forms.RadioSelect,
        initial="space",
    )
    provider = forms.ModelChoiceField(
        label=_("Provider"),
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label=_("Choose a provider"),
    )
    organiser_name = forms.CharField(
        label=_("Name of the volunteer group"), required=False, max_length=140
    )
    # Checked by content, size and pixels (core/uploads.py); the help text says the limits.
    image = CheckedImageField(label=_("Image"), required=False)
    image_alt = forms.CharField(
        label=_("Description of the image"),
        required=False,
        max_length=200,
        help_text=_("What the image shows, for who cannot see it."),
    )

    GROUPS = (
        (_("The event"), ("space", "title", "description", "category", "audience")),
        (_("Where"), ("place_kind", "place_name", "address", "online_url")),
        (_("When"), ("date", "start_time", "end_time", "end_date", "scope")),
        (_("Repetition"), ("repeat", "weekdays", "interval", "until", "count", "skip_closures")),
        (
            _("Registration"),
            (
                "registration_required",
                "capacity",
                "max_seats_per_registration",
                "registration_opens",
                "registration_closes",
                "price",
            ),
        ),
        (_("Who organises it"), ("organiser_kind", "provider", "organiser_name")),
        (_("Image"), ("image", "image_alt")),
    )

    def __init__(
        self,
        *args,
        user=None,
        mode: str = "create",
        series: bool = False,
        with_image=True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.mode = mode
        if not with_image:
            del self.fields["image"], self.fields["image_alt"]
        if "interval" in self.fields:
            # Built per form, in the language of the request.
            self.fields["interval"].choices = [
                (n, ngettext("Every week", "Every %(n)s weeks", n) % {"n": n})
                for n in range(1, MAX_INTERVAL + 1)
            ]
        if mode == "create":
            self.fields["space"].queryset = coordinated_spaces(user)
            del self.fields["scope"]
        else:
            for name in ("space", "repeat", "weekdays", "interval", "until", "count"):
                del self.fields[name]
            del self.fields["skip_closures"]
            if not series:
                del self.fields["scope"]
            self.fields[
                "image"
            ].help_text = f"{image_help_text()} {_('Empty: the image stays as it is.')}"

    @property
    def fieldsets(self):
        return [
            (heading, [self[name] for name in names if name in self.fields])
            for heading, names in self.GROUPS
            if any(name in self.fields for name in names)
        ]

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            end_day = cleaned.get("end_date") or day
            starts_at, ends_at = in_rome(day, start), in_rome(end_day, end)
            if ends_at <= starts_at:
                self.add_error("end_time", _("The end must come after the start."))
            cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
        if cleaned.get("repeat") == "weekly":
            if not cleaned.get("weekdays"):
                self.add_error("weekdays", _("Choose at least one day of the week."))
            if not cleaned.get("until") and not cleaned.get("count"):
                self.add_error("until", _("Say until when it repeats, or how many times."))
        return cleaned

    def event_data(self) -> dict:
        """What the services take; the image is passed by the view once stored."""
        data = self.cleaned_data
        values = {key: data.get(key) for key in EVENT_FIELDS}
        values["registration_opens_at"] = _aware(data.get("registration_opens"))
        values["registration_closes_at"] = _aware(data.get("registration_closes"))
        return values

    def rule(self) -> Rule | None:
        data = self.cleaned_data
        if self.mode != "create" or data.get("repeat") != "weekly":
            return None
        return Rule(
            starts_on=data["date"],
            weekdays=tuple(data.get("weekdays") or ()),
            start_time=data["start_time"],
            end_time=data["end_time"],
            interval=data.get("interval") or 1,
            until=data.get("until"),
            count=data.get("count"),
            skip_closures=bool(data.get("skip_closures")),
        )

    @staticmethod
    def initial_from(event) -> dict:

        start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
        initial = {
            "title": event.title,
            "description": event.description_source,
            "category": event.category,
            "audience": event.audience,
            "place_kind": event.place_kind,
            "place_name": event.place_name,
            "address": event.address,
            "online_url": event.online_url,
            "date": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "end_date": end.date() if end.date() != start.date() else None,
            "registration_required": event.registration_required,
            "capacity": event.capacity,
            "max_seats_per_registration": event.max_seats_per_registration,
            "price": str(event.price).replace(".", ","),
            "organiser_kind": event.organiser_kind,
            "provider": event.provider_id,
            "organiser_name": event.organiser_name,
            "image_alt": event.image_alt,
        }
        for field, moment in (
            ("registration_opens", event.registration_opens_at),
            ("registration_closes", event.registration_closes_at),
        ):
            initial[field] = timezone.localtime(moment).replace(tzinfo=None) if moment else None
        return initial


class RegistrationForm(forms.Form):
    seats = forms.TypedChoiceField(label=_("Seats"), coerce=int)

    def __init__(self, *args, most: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seats"].choices = [(n, str(n)) for n in range(1, most + 1)]
        self.fields["seats"].help_text = _(
            "Yourself included: an adult with two children takes three."
        )
        self.fields["seats"].error_messages["invalid_choice"] = _(
            "At most %(max)s seats per registration."
        ) % {"max": most}


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is cancelled"),
        max_length=300,
        required=False,
        help_text=_("Everyone registered reads it in the notice."),
    )
    scope = forms.ChoiceField(
        label=_("What to cancel"),
        choices=[
            ("one", _("Only this date")),
            ("all", _("This date and all the following ones")),
        ],
        widget=forms.RadioSelect,
        initial="one",
        required=False,
    )

    def __init__(self, *args, series: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not series:
            del self.fields["scope"]


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Registration code"),
        max_length=20,
        error_messages={"required": _("Type the registration code.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class CourseForm(forms.Form):
    space = SpaceChoiceField(error_messages={"required": _("Choose the Spazio WeMi.")})
    title = forms.CharField(
        label=_("Title"), max_length=140, error_messages={"required": _("Give the course a title.")}
    )
    description = forms.CharField(
        label=_("What participants will learn"),
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    educator_email = forms.EmailField(
        label=_("Educator's e-mail address"),
        required=False,
        help_text=_("With an account, the educator records the attendance."),
    )
    educator_name = forms.CharField(label=_("Educator"), required=False, max_length=120)
    capacity = WholeNumberField(
        label=_("Places"), required=False, help_text=_("Leave empty for no limit.")
    )
    attendance_threshold = WholeNumberField(
        label=_("Attendance needed for the certificate (%)"),
        initial=75,
        min_value=1,
        max_value=100,
    )
    date = forms.DateField(label=_("First session"), widget=DATE)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    count = WholeNumberField(label=_("Number of sessions"), min_value=1, max_value=60)
    start_time = forms.TimeField(label=_("From"), widget=TIME)
    end_time = forms.TimeField(label=_("To"), widget=TIME)
    place_name = forms.CharField(label=_("Room"), required=False, max_length=140)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = coordinated_spaces(user)

    def clean_educator_email(self):

        email = self.cleaned_data.get("educator_email", "").strip()
        self.educator = None
        if email:
            self.educator = (
                get_user_model().objects.filter(email__iexact=email, is_active=True).first()
            )
            if self.educator is None:
                raise forms.ValidationError(_("No active account has this address."))
        return email

    def rule(self) -> Rule:
        data = self.cleaned_data
        return Rule(
            starts_on=data["date"],
            weekdays=tuple(data["weekdays"]),
            start_time=data["start_time"],
            end_time=data["end_time"],
            count=data["count"],
        )


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Day"), widget=DATE)
    start_time = forms.TimeField(label=_("From"), widget=TIME)
    end_time = forms.TimeField(label=_("To"), widget=TIME)

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            if end <= start:
                self.add_error("end_time", _("The end must come after the start."))
            cleaned["starts_at"], cleaned["ends_at"] = in_rome(day, start), in_rome(day, end)
        return cleaned
