"""Forms of the volunteering pages. The services validate again; these forms put each message
next to its field. Availability is a grid of weekdays × times of day (``slots.py``)."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from spaces_pages.forms import SpaceChoiceField, with_spaces
from spaces_pages.selectors import coordinated_spaces
from wemi_community.catalogue.forms import LoadedOnceModelChoiceField, MunicipioChoiceField
from wemi_community.core.forms import DATE, TIME, WholeNumberField
from wemi_community.core.milan import in_rome
from wemi_community.core.translated import translated_ordering

from . import slots
from .languages import LANGUAGES, language_keys
from .models import AgeGroup, Commitment, Skill


def slot_choices():
    return [
        (slots.key(weekday, slot), f"{slots.WEEKDAYS[weekday]} · {label}")
        for weekday in range(7)
        for slot, label in slots.TimeSlot.choices
    ]


def _comma_list(value: str) -> list[str]:
    return [part.strip() for part in str(value or "").split(",") if part.strip()]


def skills_for_reader():
    """The shared skills, sorted by their name in the reader's language."""
    return Skill.objects.order_by(translated_ordering("name"))


class SkillsField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Skills"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(skills_for_reader(), **kwargs)

    def __deepcopy__(self, memo):
        # Each form gets its own copy, made in the language of its request.
        result = super().__deepcopy__(memo)
        result.queryset = skills_for_reader()
        return result


class SkillChoiceField(LoadedOnceModelChoiceField):
    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.queryset = skills_for_reader()
        return result


class AvailabilityField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("When you are available"))
        kwargs.setdefault("required", False)
        super().__init__(choices=slot_choices, **kwargs)


class GridForm(forms.Form):
    """A form whose availability is drawn as a grid by its template, after the other fields
    (grouped here for ``cms_templates/forms/form.html``)."""

    GROUPS: tuple = ()

    @property
    def fieldsets(self):
        return [(heading, [self[name] for name in names]) for heading, names in self.GROUPS]

    @property
    def availability_grid(self):
        ticked = set(self["availability"].value() or ())
        return [
            (
                day,
                [
                    (key, label, key in ticked)
                    for (key, _ticked), (_value, label) in zip(
                        row, slots.TimeSlot.choices, strict=True
                    )
                ],
            )
            for day, row in slots.grid(0)
        ]


class ProfileForm(GridForm):
    age_group = forms.ChoiceField(
        label=_("Your age"),
        choices=AgeGroup.choices,
        widget=forms.RadioSelect,
        help_text=_("Under 18, some activities are not open to you."),
        error_messages={"required": _("Say how old you are: volunteering starts at 14.")},
    )
    skills = SkillsField(help_text=_("Tick what you can do."))
    tags = forms.CharField(
        label=_("Other skills"),
        required=False,
        max_length=400,
        help_text=_("Separated by commas, e.g. “guitar, sewing, driving licence B”."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=[(key, capfirst(name)) for key, name in LANGUAGES.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_languages = forms.CharField(
        label=_("Other languages"),
        required=False,
        max_length=200,
        help_text=_("Separated by commas."),
    )
    availability = AvailabilityField()
    municipio = MunicipioChoiceField(
        required=False, help_text=_("Where you live or prefer to help.")
    )
    bio = forms.CharField(
        label=_("A few words about you"),
        required=False,
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Seen only by the coordinators of the spaces where you volunteer."),
    )
    active = forms.BooleanField(
        label=_("I am available for new activities"), required=False, initial=True
    )

    GROUPS = (
        (_("About you"), ("age_group", "municipio", "bio", "active")),
        (_("What you can do"), ("skills", "tags", "languages", "other_languages")),
    )

    def profile_data(self) -> dict:
        data = self.cleaned_data
        return {
            "age_group": data["age_group"],
            "skills": list(data.get("skills") or []),
            "tags": _comma_list(data.get("tags", "")),
            "languages": list(data.get("languages") or [])
            + language_keys(_comma_list(data.get("other_languages", ""))),
            "availability": slots.mask_of(data.get("availability")),
            "municipio": data.get("municipio"),
            "bio": data.get("bio", ""),
            "active": data.get("active", False),
        }

    @staticmethod
    def initial_from(profile) -> dict:
        listed = [language for language in profile.languages if language in LANGUAGES]
        others = [language for language in profile.languages if language not in LANGUAGES]
        return {
            "age_group": profile.age_group,
            "skills": list(profile.skills.all()),
            "tags": ", ".join(profile.tags),
            "languages": listed,
            "other_languages": ", ".join(others),
            "availability": slots.keys_of(profile.availability),
            "municipio": profile.municipio_id,
            "bio": profile.bio,
            "active": profile.active,
        }


class OpportunityForm(forms.Form):
    space = SpaceChoiceField(error_messages={"required": _("Choose the Spazio WeMi.")})
    title = forms.CharField(
        label=_("Title"),
        max_length=140,
        help_text=_("E.g. “Welcome desk on Saturday mornings”."),
        error_messages={"required": _("Give the opportunity a title.")},
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the volunteers do, with whom, what they need to know."),
    )
    skills = SkillsField(label=_("Skills wanted"))
    languages = forms.CharField(
        label=_("Languages wanted"),
        required=False,
        max_length=200,
        help_text=_("Separated by commas, e.g. “Arabic, English”."),
    )
    commitment = forms.ChoiceField(
        label=_("Commitment"),
        choices=Commitment.choices,
        widget=forms.RadioSelect,
        initial="one_off",
    )
    min_age = forms.TypedChoiceField(
        label=_("Minimum age"),
        coerce=int,
        choices=[(0, _("Any age from 14")), (16, _("16")), (18, _("18"))],
        initial=18,
    )
    cancel_hours = WholeNumberField(
        label=_("Volunteers may cancel until (hours before)"),
        initial=24,
        min_value=0,
        max_value=168,
    )

    def __init__(self, *args, user=None, with_space: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_space:
            self.fields["space"].queryset = coordinated_spaces(user)
        else:
            del self.fields["space"]

    def opportunity_data(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data.get("description", ""),
            "skills": list(data.get("skills") or []),
            "languages": language_keys(_comma_list(data.get("languages", ""))),
            "commitment": data["commitment"],
            "min_age": data["min_age"],
            "cancel_hours": data["cancel_hours"],
        }


# Where the shift services' messages about a field go in ShiftForm.
SHIFT_FIELDS = {"starts_at": "date", "ends_at": "end_time"}


class ShiftForm(forms.Form):
    date = forms.DateField(
        label=_("Day"), widget=DATE, error_messages={"required": _("Choose the day.")}
    )
    start_time = forms.TimeField(label=_("From"), widget=TIME)
    end_time = forms.TimeField(label=_("To"), widget=TIME)
    capacity = WholeNumberField(
        label=_("Volunteers needed"),
        initial=2,
        error_messages={"invalid": _("Write a whole number.")},
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=140)
    skills = SkillsField(label=_("Skills needed on this shift"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = "id_shift_%s"

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            # Spaces open by day: an end at or before the start is a slip, not a night shift.
            if end <= start:
                self.add_error("end_time", _("The shift must end after it starts."))
            else:
                cleaned["starts_at"], cleaned["ends_at"] = in_rome(day, start), in_rome(day, end)
        return cleaned


class HoursForm(forms.Form):
    space = SpaceChoiceField(error_messages={"required": _("Choose the Spazio WeMi.")})
    day = forms.DateField(
        label=_("Day"), widget=DATE, error_messages={"required": _("Choose the day.")}
    )
    hours = forms.CharField(
        label=_("Hours"),
        max_length=6,
        help_text=_("E.g. 2 or 1,5."),
        error_messages={"required": _("Write the hours.")},
    )
    activity = forms.CharField(
        label=_("What you did"),
        max_length=200,
        error_messages={"required": _("Say what you did.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with_spaces(self, "space")
        self.auto_id = "id_hours_%s"


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=300, required=False)


class PeriodForm(forms.Form):
    space = SpaceChoiceField(required=False, empty_label=_("All the spaces"))
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args, spaces=None, **kwargs):
        super().__init__(*args, **kwargs)
        if spaces is None:
            with_spaces(self, "space")
        else:
            self.fields["space"].queryset = spaces

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The last day cannot come before the first."))
        return cleaned


class OfferForm(GridForm):
    title = forms.CharField(
        label=_("What you offer"),
        max_length=140,
        help_text=_("E.g. “Italian conversation, Tuesday afternoons”."),
        error_messages={"required": _("Say in a few words what you offer.")},
    )
    description = forms.CharField(
        label=_("More details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    skills = SkillsField()
    municipio = MunicipioChoiceField(required=False)
    availability = AvailabilityField(label=_("When"))

    GROUPS = ((_("Your offer"), ("title", "description", "skills", "municipio")),)

    def offer_data(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data.get("description", ""),
            "skills": list(data.get("skills") or []),
            "municipio": data.get("municipio"),
            "availability": slots.mask_of(data.get("availability")),
        }
