"""Forms of the proposal pages: the wizard's steps, joining, withdrawing, answering, the list's
filters. The services validate again; these forms give each field its message in place."""

from __future__ import annotations

import datetime
from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from spaces_pages.forms import SpaceChoiceField, with_spaces
from wemi_community.catalogue.forms import (
    ServiceCategoryChoiceField,
)
from wemi_community.catalogue.models import ServiceCategory
from wemi_community.core.forms import WholeNumberField

from . import services
from .models import MAX_HOUSEHOLD_SIZE, Audience, PricingMode, Proposal, TimeSlot, Weekday

# One line that says what each pricing mode means for a family.
PRICING_EXPLANATIONS = {
    PricingMode.FREE: _("Nobody pays: the City or a partner covers the whole cost."),
    PricingMode.COPAYMENT: _(
        "The families pay a quota and the City covers part of it, according to each "
        "household's ISEE."
    ),
    PricingMode.PAID: _(
        "The families share the whole price of the service: the more join, the less each pays."
    ),
}
DESCRIPTION_HELP = _(
    "Say what the service is, who it is for and why it is needed. You can use a light "
    "Markdown: an empty line between paragraphs, *italics*, **bold**, lists starting with "
    "“- ” and links."
)


# --- The wizard ---------------------------------------------------------------------------------


class WizardStepForm(forms.Form):
    """One step of the draft. ``strict`` (the Next button, publishing) requires the fields a
    proposal needs to be published; saving for later accepts a half-filled step."""

    publish_fields: tuple[str, ...] = ()

    def __init__(self, *args, strict: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.publish_fields:
            self.fields[name].required = strict

    def draft_data(self) -> dict:
        """What ``services.proposal_draft_save`` takes from this step."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in services.DRAFT_FIELDS
        }

    @staticmethod
    def initial_from(proposal: Proposal) -> dict:
        return {
            "category": proposal.category_id,
            "space": proposal.space_id,
            "title": proposal.title,
            "description": proposal.description_source,
            "audience": proposal.audience,
            "days": [str(day) for day in proposal.days or ()],
            "time_slots": list(proposal.time_slots or ()),
            "schedule_notes": proposal.schedule_notes,
            "pricing_mode": proposal.pricing_mode,
            "deadline": proposal.deadline,
        }


class ServiceStepForm(WizardStepForm):
    publish_fields = ("category", "space")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with_spaces(self, "space")

    category = ServiceCategoryChoiceField(
        label=_("Service"),
        help_text=_("The kind of service you would like, from the WeMi catalogue."),
        error_messages={"required": _("Choose the service you would like.")},
    )
    space = SpaceChoiceField(
        help_text=_("The space near you where the households would gather."),
        error_messages={"required": _("Choose the Spazio WeMi.")},
    )


class DescriptionStepForm(WizardStepForm):
    publish_fields = ("title", "description")

    title = forms.CharField(
        label=_("Title"),
        max_length=140,
        help_text=_("A short name, e.g. “Shared babysitter after school in via Padova”."),
        error_messages={"required": _("Give your proposal a title.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=DESCRIPTION_HELP,
        error_messages={"required": _("Describe the service you would like.")},
    )


def pricing_choices() -> list[tuple[str, str]]:
    # Plain text: the label, then what it means for the families.
    return [
        (mode.value, format_lazy("{} — {}", mode.label, PRICING_EXPLANATIONS[mode]))
        for mode in PricingMode
    ]


def check_deadline(deadline: datetime.date) -> None:
    today = timezone.localdate()
    if deadline <= today:
        raise ValidationError(_("The deadline must be after today."))
    if deadline > today + datetime.timedelta(days=services.MAX_DEADLINE_DAYS):
        raise ValidationError(_("The deadline can be at most a year from today."))


class DetailsStepForm(WizardStepForm):
    publish_fields = ("audience", "pricing_mode")

    audience = forms.ChoiceField(
        label=_("Who is it for?"),
        choices=Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who the service is for.")},
    )
    days = forms.TypedMultipleChoiceField(
        label=_("Days that would suit you"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    time_slots = forms.MultipleChoiceField(
        label=_("Times of day that would suit you"),
        choices=TimeSlot.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    schedule_notes = forms.CharField(
        label=_("Notes on days and times"),
        max_length=200,
        required=False,
        help_text=_("Optional, e.g. “from 4.30 pm to 7 pm, not in August”."),
    )
    pricing_mode = forms.ChoiceField(
        label=_("How would it be paid?"),
        choices=(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the service would be paid.")},
    )
    deadline = forms.DateField(
        label=_("Households can join until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "If not enough households join by this date, the proposal expires. At most a year "
            "from today."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pricing_mode"].choices = pricing_choices()

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        if deadline is not None:
            check_deadline(deadline)
        return deadline


WIZARD_FORMS = {
    "servizio": ServiceStepForm,
    "descrizione": DescriptionStepForm,
    "dettagli": DetailsStepForm,
}


class ProposalEditForm(DescriptionStepForm, DetailsStepForm):
    """The author edits a published proposal: everything but the service, the space and the
    deadline, which households joined on."""

    publish_fields = ("title", "description", "audience", "pricing_mode")
    field_order = (
        "title",
        "description",
        "audience",
        "days",
        "time_slots",
        "schedule_notes",
        "pricing_mode",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("strict", True)
        super().__init__(*args, **kwargs)
        del self.fields["deadline"]


# --- Joining, withdrawing, answering -------------------------------------------------------------


HOUSEHOLD_ERRORS = {
    "required": _("Count at least one person: yourself."),
    "invalid": _("Write the number of people as a whole number, e.g. 3."),
    "min_value": _("Count at least one person: yourself."),
    "max_value": _("A household counts at most %(limit_value)s people."),
}


class JoinForm(forms.Form):
    household_size = WholeNumberField(
        label=_("People in your household who would use it"),
        min_value=1,
        max_value=MAX_HOUSEHOLD_SIZE,
        error_messages=HOUSEHOLD_ERRORS,
    )

    def __init__(self, *args, prefix_id: str = "join", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household_size"].help_text = _("Yourself included: from 1 to %(max)s.") % {
            "max": MAX_HOUSEHOLD_SIZE
        }
        # The join and the change forms may meet on one page: distinct ids.
        self.auto_id = f"id_{prefix_id}_%s"


class WithdrawForm(forms.Form):
    text = forms.CharField(
        label=_("Why are you withdrawing it? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The households that joined will read it."),
    )


class StateChoiceField(forms.ChoiceField):
    """Shows the states the coordinator may choose, but accepts any state: the service then
    refuses a change its table does not allow with a clear conflict (409), not a form error."""

    def valid_value(self, value) -> bool:
        return value in Proposal.State.values and value != Proposal.State.DRAFT


class AnswerForm(forms.Form):
    to_state = StateChoiceField(
        label=_("New state"),
        error_messages={"required": _("Choose the new state of the proposal.")},
    )
    text = forms.CharField(
        label=_("Public answer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Everyone can read it; the households that joined are told."),
        error_messages={"required": _("Write the answer the participants will read.")},
    )

    def __init__(self, *args, targets: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_state"].choices = [("", _("Choose"))] + [
            (state, Proposal.State(state).label) for state in targets
        ]


# --- The list's filters ---------------------------------------------------------------------------

OPEN = "aperte"
ALL = "tutte"
SORT_CHOICES = (
    ("recenti", _("Most recent")),
    ("adesioni", _("Most households")),
    ("scadenza", _("Closing soonest")),
)


def category_choices() -> list:
    """Every service group (level 1) followed by its services (level 2), one <optgroup> per
    area: one query."""
    rows = ServiceCategory.objects.filter(
        level__in=(ServiceCategory.Level.LEVEL1, ServiceCategory.Level.LEVEL2)
    ).select_related("parent", "parent__parent")
    groups = [row for row in rows if row.level == ServiceCategory.Level.LEVEL1]
    services_by_group: dict[int, list] = {}
    for row in rows:
        if row.level == ServiceCategory.Level.LEVEL2:
            services_by_group.setdefault(row.parent_id, []).append(row)
    groups.sort(key=lambda g: (g.parent.position, g.parent.name, g.position, g.name))
    # Sorted as the catalogue orders them, named in the reader's language.
    choices: list = [("", _("All services"))]
    for area, members in groupby(groups, key=lambda g: g.parent):
        options = []
        for group in members:
            options.append((group.pk, _("%(group)s: all") % {"group": group.translated_name}))
            for service in sorted(services_by_group.get(group.pk, ()), key=lambda s: s.position):
                options.append((service.pk, f"— {service.translated_name}"))
        choices.append((area.translated_name, options))
    return choices
