"""Writes on proposals: drafts, publishing, joining, answers and expiry. Offers and shared
services are the ``shared_services`` app's (it hears here when a proposal closes, through
``extensions.py``). Every function is keyword-only, atomic, checks ``permissions.py``, records
an audit entry and notifies after commit."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spaces_pages.selectors import coordinator_ids
from wemi_community.catalogue.models import ServiceCategory
from wemi_community.core.audit import audit_log
from wemi_community.core.errors import StateConflict
from wemi_community.core.sanitize import plain_text, sanitize_html
from wemi_community.notifications.services import notify
from wemi_community.participation import follows
from wemi_community.participation.seats import behalf

from . import evidence, extensions, kinds, lab_drafts, permissions
from .models import (
    MAX_HOUSEHOLD_SIZE,
    Answer,
    Audience,
    PricingMode,
    Proposal,
    Support,
    TimeSlot,
    Weekday,
)
from .states import check_proposal_transition
from .thresholds import threshold_for

P = Proposal.State
DRAFT_FIELDS = (
    "category",
    "space",
    "title",
    "description",
    "audience",
    "days",
    "time_slots",
    "schedule_notes",
    "pricing_mode",
    "deadline",
)
REQUIRED_TO_PUBLISH = ("category", "space", "title", "description", "audience", "pricing_mode")
MAX_DEADLINE_DAYS = 365


# --- Reading helpers used by the services ------------------------------------------------------


def participant_ids(proposal: Proposal) -> set[int]:
    """Everyone told about a proposal: the households that joined, its followers, its author."""
    ids = set(Support.objects.filter(proposal=proposal).values_list("user_id", flat=True))
    ids |= follows.follower_ids(proposal)
    ids.add(proposal.author_id)
    return ids


def acting(actor, person, space):
    """``(person, on_behalf_of)``: ``person`` is the actor unless given; someone else acting
    for them is the desk of ``space``, or is refused."""
    person = person or actor
    if not permissions.can_act_for_on(actor, person, space):
        raise PermissionDenied
    return person, behalf(actor, person)


def locked_proposal(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def _excerpt(text: str) -> str:
    return plain_text(text)[:200]


# --- Drafts, publishing, editing --------------------------------------------------------------


def _clean_draft_data(data: dict) -> dict:
    cleaned = {}
    errors: dict[str, str] = {}
    for key, value in data.items():
        if key not in DRAFT_FIELDS:
            continue
        if key == "category" and value is not None:
            if value.level != ServiceCategory.Level.LEVEL2:
                errors["category"] = _("Choose a service from the catalogue, not a group.")
        elif key == "space" and value is not None and not value.live:
            errors["space"] = _("This space is not open on the site.")
        elif key == "title":
            value = " ".join(str(value).split())[:140]
        elif key == "audience" and value and value not in Audience.values:
            errors["audience"] = _("Choose who the service is for.")
        elif key == "pricing_mode" and value and value not in PricingMode.values:
            errors["pricing_mode"] = _("Choose how the service would be paid.")
        elif key == "days":
            value = sorted({int(day) for day in value or ()})
            if any(day not in Weekday.values for day in value):
                errors["days"] = _("Choose days of the week.")
        elif key == "time_slots":
            value = [slot for slot in TimeSlot.values if slot in set(value or ())]
        elif key == "deadline" and value is not None:
            try:
                _check_deadline(value)
            except ValidationError as error:
                errors.update({field: msgs[0] for field, msgs in error.message_dict.items()})
        cleaned[key] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _apply(proposal: Proposal, cleaned: dict) -> None:
    for key, value in cleaned.items():
        if key == "description":
            proposal.description_source = str(value or "").replace("\x00", "")
            proposal.description_html = sanitize_html(proposal.description_source, "rich")
        else:
            setattr(proposal, key, value if value is not None else getattr(proposal, key))


@transaction.atomic
def proposal_draft_save(
    *, actor, data: dict, proposal: Proposal | None = None, person=None
) -> Proposal:
    """Creates ``person``'s draft (the actor's, unless the desk writes it for them) or saves
    one step of the wizard into it."""
    if not permissions.can_create_proposal(actor):
        raise PermissionDenied
    cleaned = _clean_draft_data(data)
    if proposal is not None:
        proposal = locked_proposal(proposal)
    # The desk acts for the resident in the space the draft is (or is being) written for.
    space = cleaned.get("space") or getattr(proposal, "space", None)
    person, on_behalf_of = acting(actor, person, space)
    if proposal is None:
        proposal = Proposal(author=person)
    elif not permissions.can_edit_proposal(person, proposal):
        raise PermissionDenied
    _apply(proposal, cleaned)
    proposal.save()
    if on_behalf_of is not None:
        audit_log(
            actor=actor, on_behalf_of=on_behalf_of, action=kinds.PROPOSAL_EDITED, target=proposal
        )
    return proposal


@transaction.atomic
def proposal_draft_for_lab(*, author, lab, data: dict) -> Proposal:
    """A draft co-designed in a listening-action lab: of the lab's space, marked with the
    lab, written and published by whoever runs the lab."""
    if not lab_drafts.can_write(author, lab):
        raise PermissionDenied
    cleaned = _clean_draft_data({**data, "space": lab.space})
    proposal = Proposal(author=author, lab=lab)
    _apply(proposal, cleaned)
    proposal.save()
    audit_log(actor=author, action=kinds.PROPOSAL_LAB_DRAFT_CREATED, target=proposal)
    return proposal


def missing_to_publish(proposal: Proposal) -> list[str]:
    missing = []
    for field in REQUIRED_TO_PUBLISH:
        value = (
            proposal.description_source
            if field == "description"
            else getattr(proposal, f"{field}_id" if field in ("category", "space") else field)
        )
        if not value or (field == "description" and not plain_text(proposal.description_html)):
            missing.append(field)
    return missing


def default_deadline(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return today + datetime.timedelta(days=settings.WEMI_PROPOSAL_GATHERING_DAYS)


def _check_deadline(deadline: datetime.date) -> None:
    today = timezone.localdate()
    if deadline <= today:
        raise ValidationError({"deadline": _("The deadline must be after today.")})
    if deadline > today + datetime.timedelta(days=MAX_DEADLINE_DAYS):
        raise ValidationError({"deadline": _("The deadline can be at most a year from today.")})


@transaction.atomic
def proposal_publish(
    *, actor, proposal: Proposal, deadline: datetime.date | None = None, person=None
) -> Proposal:
    """Draft → gathering: the threshold is fixed, the author (``person``, the actor unless
    the desk publishes for them) is the first household. A lab's draft is published by
    whoever runs the lab: the lab's members join it themselves."""
    proposal = locked_proposal(proposal)
    author, on_behalf_of = acting(actor, person, proposal.space)
    if not permissions.can_publish_proposal(author, proposal):
        raise PermissionDenied
    check_proposal_transition(proposal, P.GATHERING, by="author")
    missing = missing_to_publish(proposal)
    if missing:
        raise ValidationError({field: _("Fill this in before publishing.") for field in missing})
    deadline = deadline or proposal.deadline or default_deadline()
    _check_deadline(deadline)
    now = timezone.now()
    proposal.threshold = threshold_for(proposal.category, proposal.space)
    proposal.deadline = deadline
    proposal.state = P.GATHERING
    proposal.published_at = proposal.state_changed_at = now
    proposal.save()
    Answer.objects.create(
        proposal=proposal, author=author, from_state=P.DRAFT, to_state=P.GATHERING
    )
    evidence.published(proposal)
    if proposal.lab_id is None:
        household = max(1, min(author.household_size or 1, MAX_HOUSEHOLD_SIZE))
        support = Support.objects.create(proposal=proposal, user=author, household_size=household)
        evidence.joined(support, proposal)
    recount(proposal, actor=actor)
    follows.follow_auto(user=author, target=proposal)
    audit_log(
        actor=actor,
        on_behalf_of=on_behalf_of,
        action=kinds.PROPOSAL_PUBLISHED,
        target=proposal,
        data={"deadline": str(deadline)},
    )
    notify(
        coordinator_ids(proposal.space_id),
        kinds.NOTIFY_PROPOSAL_PUBLISHED,
        proposal,
        author,
        excerpt=_excerpt(proposal.description_html),
    )
    return proposal


@transaction.atomic
def proposal_update(*, actor, proposal: Proposal, data: dict, person=None) -> Proposal:
    """The author (``person``, as in ``proposal_publish``) edits the text while drafting or
    gathering; category and space stay once households have joined."""
    proposal = locked_proposal(proposal)
    author, on_behalf_of = acting(actor, person, proposal.space)
    if not permissions.can_edit_proposal(author, proposal):
        raise PermissionDenied
    cleaned = _clean_draft_data(data)
    if proposal.state != P.DRAFT:
        for fixed in ("category", "space"):
            value = cleaned.get(fixed)
            if value is not None and value.pk != getattr(proposal, f"{fixed}_id"):
                raise StateConflict(
                    _("The service and the space cannot change once households have joined.")
                )
    _apply(proposal, cleaned)
    proposal.save()
    if proposal.state != P.DRAFT or on_behalf_of is not None:
        audit_log(
            actor=actor, on_behalf_of=on_behalf_of, action=kinds.PROPOSAL_EDITED, target=proposal
        )
    return proposal


@transaction.atomic
def proposal_delete_draft(*, actor, proposal: Proposal, person=None) -> None:
    """The author (``person``, as in ``proposal_publish``) throws a draft away."""
    proposal = locked_proposal(proposal)
    author, on_behalf_of = acting(actor, person, proposal.space)
    if not permissions.can_delete_draft(author, proposal):
        raise PermissionDenied
    if on_behalf_of is not None:
        # The draft goes, and its row with it: the trail keeps its title.
        audit_log(
            actor=actor,
            on_behalf_of=on_behalf_of,
            action=kinds.PROPOSAL_DRAFT_DELETED,
            target_repr=str(proposal),
        )
    proposal.delete()


# --- Counting the households ------------------------------------------------------------------


def recount(proposal: Proposal, *, actor) -> None:
    """Refreshes the counters and moves between gathering and threshold reached."""
    totals = Support.objects.filter(proposal=proposal).values_list("household_size", flat=True)
    sizes = list(totals)
    proposal.households_count = len(sizes)
    proposal.people_count = sum(sizes)
    reached = proposal.households_count >= proposal.threshold
    fields = ["households_count", "people_count", "updated_at"]
    target = None
    if proposal.state == P.GATHERING and reached:
        target = P.THRESHOLD_REACHED
    elif proposal.state == P.THRESHOLD_REACHED and not reached:
        target = P.GATHERING
    if target:
        check_proposal_transition(proposal, target, by="system")
        answer = Answer.objects.create(
            proposal=proposal, from_state=proposal.state, to_state=target
        )
        proposal.state = target
        proposal.state_changed_at = timezone.now()
        fields += ["state", "state_changed_at"]
        evidence.state_changed(proposal, answer)
    proposal.save(update_fields=fields)
    if target == P.THRESHOLD_REACHED:
        recipients = participant_ids(proposal) | coordinator_ids(proposal.space_id)
        notify(recipients, kinds.NOTIFY_PROPOSAL_THRESHOLD_REACHED, proposal)


# --- State changes ------------------------------------------------------------------------------


def _change_state(
    proposal: Proposal, to_state: str, *, actor, text: str, by: str, on_behalf_of=None
) -> Answer:
    """``on_behalf_of``: the author, when the desk withdraws for them; the answer is theirs."""
    check_proposal_transition(proposal, to_state, by=by)
    answer = Answer.objects.create(
        proposal=proposal,
        author=on_behalf_of or actor,
        from_state=proposal.state,
        to_state=to_state,
        text=text,
    )
    proposal.state = to_state
    proposal.state_changed_at = timezone.now()
    proposal.save(update_fields=["state", "state_changed_at", "updated_at"])
    evidence.state_changed(proposal, answer)
    audit_log(
        actor=actor,
        on_behalf_of=on_behalf_of,
        action=kinds.PROPOSAL_MOVED_TO[to_state],
        target=proposal,
        data={"from": answer.from_state, "answer": text[:500]},
    )
    notify(
        participant_ids(proposal),
        kinds.NOTIFY_PROPOSAL_STATE_CHANGED,
        proposal,
        on_behalf_of or actor,
        excerpt=text[:200],
    )
    return answer


@transaction.atomic
def proposal_withdraw(*, actor, proposal: Proposal, text: str = "", person=None) -> Proposal:
    """The author (``person``, as in ``proposal_publish``) withdraws the proposal."""
    proposal = locked_proposal(proposal)
    author, on_behalf_of = acting(actor, person, proposal.space)
    if proposal.author_id != getattr(author, "pk", None):
        raise PermissionDenied
    _change_state(
        proposal,
        P.WITHDRAWN,
        actor=actor,
        text=" ".join(text.split())[:2000],
        by="author",
        on_behalf_of=on_behalf_of,
    )
    extensions.closed(proposal)
    return proposal


@transaction.atomic
def proposal_answer(*, coordinator, proposal: Proposal, to_state: str, text: str) -> Answer:
    """A coordinator of the space moves the proposal on, with a public answer."""
    proposal = locked_proposal(proposal)
    if not permissions.can_answer_proposal(coordinator, proposal):
        raise PermissionDenied
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise ValidationError({"text": _("Write the answer the participants will read.")})
    if len(text) > 2000:
        raise ValidationError({"text": _("Keep the answer under 2,000 characters.")})
    answer = _change_state(proposal, to_state, actor=coordinator, text=text, by="coordinator")
    if to_state == P.REJECTED:
        extensions.closed(proposal)
    return answer


def proposals_expire_overdue(*, today: datetime.date | None = None) -> int:
    """Gathering proposals whose deadline passed below the threshold expire. Each in its own
    transaction, under its lock, so a join at the last second is never lost."""
    today = today or timezone.localdate()
    overdue = Proposal.objects.filter(state=P.GATHERING, deadline__lt=today).values_list(
        "pk", flat=True
    )
    expired = 0
    for pk in list(overdue):
        with transaction.atomic():
            proposal = Proposal.objects.select_for_update().get(pk=pk)
            if proposal.state != P.GATHERING or proposal.deadline >= today:
                continue
            _change_state(
                proposal,
                P.EXPIRED,
                actor=None,
                text=_("The deadline passed before enough households joined."),
                by="system",
            )
            expired += 1
    return expired
