"""Forms of the lab pages. The services validate again; these forms put each message next to
its field, in the person's language."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from proposals.forms import DescriptionStepForm, DetailsStepForm
from spaces_pages.forms import SpaceChoiceField, with_spaces
from spaces_pages.selectors import coordinated_spaces
from wemi_community.catalogue.forms import ServiceCategoryChoiceField
from wemi_community.catalogue.models import ServiceCategory
from wemi_community.core.translated import interpolate_lazy

from .codesign import EVALUATION_COMMENT_MAX_LENGTH, POLL_MAX_OPTIONS, POLL_MIN_OPTIONS
from .models import NEED_MAX_LENGTH, NICKNAME_MAX_LENGTH, Lab
from .services import DESCRIPTION_MAX_LENGTH
from .states import SEQUENCE

Phase = Lab.Phase
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The phases that have dates (closing is a moment, not a phase with dates).
DATED_PHASES = SEQUENCE[:-1]


class LabFieldsForm(forms.Form):
    """What describes a lab, and the dates of its phases."""

    title = forms.CharField(
        label=_("Title"),
        max_length=140,
        help_text=_("E.g. “Condominium via Palmieri 53” or “Parents of the Pizzigoni school”."),
        error_messages={"required": _("Give the lab a title.")},
    )
    kind = forms.ChoiceField(
        label=_("Where it takes place"),
        choices=Lab.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where the lab takes place.")},
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_(
            "Where the lab meets, without personal data: “Condominio via Palmieri 53”, not "
            "the names of the residents."
        ),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the lab is for, who is invited, when it meets."),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=Lab.Visibility.choices,
        initial=Lab.Visibility.PRIVATE,
        widget=forms.RadioSelect,
        help_text=_("A private lab is seen only by who joins with the invitation link or QR code."),
    )

    with_dates = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.with_dates:
            for phase in DATED_PHASES:
                label = Phase(phase).label
                self.fields[f"{phase}_starts_on"] = forms.DateField(
                    label=_("%(phase)s: from") % {"phase": label},
                    required=False,
                    widget=DATE_WIDGET,
                )
                self.fields[f"{phase}_ends_on"] = forms.DateField(
                    label=_("%(phase)s: to") % {"phase": label},
                    required=False,
                    widget=DATE_WIDGET,
                )

    def clean(self):
        cleaned = super().clean()
        for phase in DATED_PHASES if self.with_dates else ():
            starts_on = cleaned.get(f"{phase}_starts_on")
            ends_on = cleaned.get(f"{phase}_ends_on")
            if starts_on and ends_on and ends_on < starts_on:
                self.add_error(f"{phase}_ends_on", _("The phase cannot end before it starts."))
        return cleaned

    def lab_data(self) -> dict:
        fields = ("title", "kind", "place", "description", "visibility")
        return {key: self.cleaned_data.get(key) or "" for key in fields}

    def dates(self) -> dict:
        return {
            phase: (
                self.cleaned_data.get(f"{phase}_starts_on"),
                self.cleaned_data.get(f"{phase}_ends_on"),
            )
            for phase in DATED_PHASES
        }

    @property
    def fieldsets(self):
        main = [self[name] for name in ("space", "title", "kind", "place") if name in self.fields]
        main += [self[name] for name in ("description", "visibility") if name in self.fields]
        sets = [(_("The lab"), main)]
        if "facilitator_emails" in self.fields:
            sets.append((_("Who facilitates it"), [self["facilitator_emails"]]))
        return sets

    @property
    def date_rows(self):
        """(phase label, "from" field, "to" field), laid out in pairs by the template."""
        if not self.with_dates:
            return []
        return [
            (Phase(phase).label, self[f"{phase}_starts_on"], self[f"{phase}_ends_on"])
            for phase in DATED_PHASES
        ]

    @staticmethod
    def initial_from(lab: Lab, dates: dict) -> dict:
        initial = {key: getattr(lab, key) for key in ("title", "kind", "place", "description")}
        initial["visibility"] = lab.visibility
        for phase, row in dates.items():
            initial[f"{phase}_starts_on"] = row.starts_on
            initial[f"{phase}_ends_on"] = row.ends_on
        return initial


def _emails(value: str) -> list[str]:
    return [part.strip().lower() for part in value.replace(";", ",").split(",") if part.strip()]


class LabCreateForm(LabFieldsForm):
    """A coordinator opens a lab of one of their spaces."""

    space = SpaceChoiceField(error_messages={"required": _("Choose the Spazio WeMi.")})
    facilitator_emails = forms.CharField(
        label=_("Facilitators' e-mail addresses"),
        required=False,
        max_length=500,
        help_text=_(
            "Separated by commas: e.g. the building's administrator or a parents' "
            "representative. They need an account; you can add facilitators later too."
        ),
    )
    field_order = ("space", "title", "kind", "place", "description", "visibility")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = coordinated_spaces(user)

    def clean_facilitator_emails(self):

        emails = _emails(self.cleaned_data.get("facilitator_emails", ""))
        people = list(get_user_model().objects.filter(email__in=emails, is_active=True))
        found = {person.email.lower() for person in people}
        missing = [email for email in emails if email not in found]
        if missing:
            raise forms.ValidationError(
                _("No active account has these addresses: %(emails)s.")
                % {"emails": ", ".join(missing)}
            )
        self.facilitators = people
        return ", ".join(emails)


class LabRequestForm(LabFieldsForm):
    """A resident asks a space for a lab; the space's coordinators decide."""

    with_dates = False
    space = SpaceChoiceField(
        help_text=_("The space that would support the lab."),
        error_messages={"required": _("Choose the Spazio WeMi.")},
    )
    field_order = ("space", "title", "kind", "place", "description", "visibility")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with_spaces(self, "space")


class FacilitatorForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the new facilitator"),
        help_text=_("The person needs an account on WeMi Community."),
        error_messages={
            "required": _("Write the e-mail address."),
            "invalid": _("Write a valid e-mail address, e.g. nome@esempio.it."),
        },
    )

    def clean_email(self):

        email = self.cleaned_data["email"].strip()
        person = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError(_("No active account has this address."))
        self.person = person
        return email


class GuestJoinForm(forms.Form):
    nickname = forms.CharField(
        label=_("Your nickname"),
        max_length=NICKNAME_MAX_LENGTH,
        help_text=_("How the others in the lab will see you. No e-mail needed."),
        error_messages={
            "required": _("Choose a nickname: it is how the others see you."),
            "max_length": _("Keep the nickname under %(limit_value)s characters."),
        },
    )


class NeedForm(forms.Form):
    category = ServiceCategoryChoiceField(
        label=_("What kind of help"),
        error_messages={"required": _("Choose the kind of service from the catalogue.")},
    )
    text = forms.CharField(
        label=_("Your need"),
        max_length=NEED_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": NEED_MAX_LENGTH}),
        help_text=interpolate_lazy(
            _("In a few words, at most %(max)s characters."), max=NEED_MAX_LENGTH
        ),
        error_messages={
            "required": _("Write the need in a few words."),
            "max_length": _("Keep the need within %(limit_value)s characters."),
        },
    )
    anonymous = forms.BooleanField(
        label=_("Do not show my nickname to the other participants"),
        required=False,
        help_text=_("The facilitators still see who wrote it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = "id_need_%s"


class ThemeForm(forms.Form):
    title = forms.CharField(
        label=_("Name of the theme"),
        max_length=120,
        error_messages={"required": _("Give the theme a name.")},
    )


class ThemeChoiceForm(forms.Form):
    """Choose a theme of the lab (to merge into, or to move a need to)."""

    theme = forms.TypedChoiceField(label=_("Theme"), coerce=int, empty_value=None)

    def __init__(self, *args, themes, allow_none: bool = False, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("No theme") if allow_none else _("Choose a theme"))]
        choices += [(theme.pk, theme.title) for theme in themes]
        field = self.fields["theme"]
        field.choices = choices
        field.required = not allow_none
        field.error_messages["required"] = _("Choose a theme.")
        field.error_messages["invalid_choice"] = _("Choose a theme of this lab.")
        if label:
            field.label = label


class DraftForm(DescriptionStepForm, DetailsStepForm):
    """The lab's draft: the service, the text, who, when and how. Saving accepts a half-done
    draft; publishing asks for what is missing."""

    category = ServiceCategoryChoiceField(
        label=_("Service"),
        required=False,
        help_text=_("The kind of service, from the WeMi catalogue."),
    )
    field_order = (
        "category",
        "title",
        "description",
        "audience",
        "days",
        "time_slots",
        "schedule_notes",
        "pricing_mode",
        "deadline",
    )

    publish_fields = ("title", "description", "audience", "pricing_mode")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, strict=False, **kwargs)
        self.fields["title"].required = True
        self.auto_id = "id_draft_%s"

    def clean_category(self):
        category = self.cleaned_data.get("category")
        if category is not None and category.level != ServiceCategory.Level.LEVEL2:
            raise forms.ValidationError(_("Choose a service from the catalogue, not a group."))
        return category


class PollForm(forms.Form):
    question = forms.CharField(
        label=_("Question"),
        max_length=200,
        help_text=_("E.g. “Which afternoons suit your family?”"),
        error_messages={"required": _("Write the question.")},
    )
    options = forms.CharField(
        label=_("Options, one per line"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=interpolate_lazy(
            _("From %(min)s to %(max)s options, e.g. “Monday 4.30–6.30 pm”."),
            min=POLL_MIN_OPTIONS,
            max=POLL_MAX_OPTIONS,
        ),
        error_messages={"required": _("Give at least two different options.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = "id_poll_%s"

    def option_lines(self) -> list[str]:
        return [line for line in self.cleaned_data.get("options", "").splitlines() if line.strip()]


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was the lab for you?"),
        choices=[
            (stars, interpolate_lazy(_("%(stars)s out of 5"), stars=stars))
            for stars in range(5, 0, -1)
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose from 1 to 5 stars."),
            "invalid_choice": _("Choose from 1 to 5 stars."),
        },
    )
    comment = forms.CharField(
        label=_("What worked, what did not"),
        max_length=EVALUATION_COMMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. The facilitators read it without your name."),
        error_messages={"max_length": _("Keep the comment within %(limit_value)s characters.")},
    )
