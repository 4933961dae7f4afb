"""The desk's call list: a resident registered at a desk who has no e-mail address hears by
phone what the site would have told them. ``notify`` hands the desk the notifications of
people without e-mail (``register_offline_delivery``, from ``DeskConfig.ready``); each one for a
resident of a desk becomes a call to make there, most urgent first. Operators mark each
call told, to make again, or unreachable."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wemi_community.core.audit import audit_log
from wemi_community.core.errors import StateConflict
from wemi_community.notifications.kinds import render_message

from . import kinds, permissions
from .models import CallEntry, DeskResident

State = CallEntry.State
Urgency = CallEntry.Urgency

# After this many calls without an answer the call closes as unreachable.
MAX_ATTEMPTS = 3
CLOSED_SHOWN_DAYS = 7

# Notification kinds by urgency (the key strings of the modules' kinds.py; any other kind
# is NORMAL). Tomorrow's appointments and a seat taken for the person from a waitlist come
# first: the person must know before the day. Then a proposal's answer.
URGENCY_BY_KIND = {
    "event.reminder": Urgency.URGENT,  # tomorrow's event or course session
    "volunteering.reminder": Urgency.URGENT,  # tomorrow's shift
    "event.promoted": Urgency.URGENT,
    "course.promoted": Urgency.URGENT,
    "volunteering.promoted": Urgency.URGENT,
    "service.promoted": Urgency.URGENT,
    "proposal.state_changed": Urgency.SOON,
}

OUTCOMES = ("done", "retry", "unreachable")
OUTCOME_ACTIONS = {
    "done": kinds.DESK_CALL_DONE,
    "retry": kinds.DESK_CALL_RETRY,
    "unreachable": kinds.DESK_CALL_UNREACHABLE,
}
NOTE_MAX_LENGTH = 300


def urgency_of(kind: str) -> int:
    return URGENCY_BY_KIND.get(kind, Urgency.NORMAL)


def _what_to_tell(notification, person) -> str:
    """The notification's sentence in the person's language, with its excerpt."""
    with translation.override(person.preferred_language or None):
        text = render_message(
            notification.kind,
            actor_name=notification.actor_name,
            target_title=notification.target_title,
        )
    if notification.excerpt:
        text = f"{text}\n{notification.excerpt}"
    return text


def calls_from_notifications(notifications: list) -> None:
    """The offline delivery the desk registers: a call for each notification whose person is
    registered at a desk (the desk knows their phone), at that desk. Runs inside
    ``notify``'s transaction; two queries whatever the number of people. A notification
    already on the list is not added again."""
    by_person = {row.recipient_id for row in notifications}
    residents = {
        record.user_id: record
        for record in DeskResident.objects.filter(user_id__in=by_person).select_related("user")
    }
    if not residents:
        return
    entries = []
    for row in notifications:
        record = residents.get(row.recipient_id)
        if record is None:
            continue
        when = row.created_at or timezone.now()
        entries.append(
            CallEntry(
                space_id=record.space_id,
                person_id=record.user_id,
                notification_id=row.pk,
                kind=row.kind,
                message=_what_to_tell(row, record.user),
                target_url=row.url,
                target_title=row.target_title,
                urgency=urgency_of(row.kind),
                due_at=when,
                created_at=when,
            )
        )
    # The one-to-one on the notification refuses a second entry for it.
    CallEntry.objects.bulk_create(entries, ignore_conflicts=True)


@transaction.atomic
def call_mark(*, actor, entry: CallEntry, outcome: str, note: str = "", now=None) -> CallEntry:
    """Records how a call went. ``done``: the person was told, the call closes. ``retry``:
    call again (busy, asked to be called later); it stays on the list after the others of
    its urgency. ``unreachable``: nobody answered; it stays on the list like a retry until
    the MAX_ATTEMPTS-th call, then closes as unreachable. Each mark counts one attempt."""
    now = now or timezone.now()
    entry = CallEntry.objects.select_for_update().select_related("space", "person").get(pk=entry.pk)
    if not permissions.can_handle_call(actor, entry):
        raise PermissionDenied(_("You do not work at this call's desk."))
    if outcome not in OUTCOMES:
        raise ValidationError({"outcome": _("Choose how the call went.")})
    note = " ".join((note or "").split())
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("Keep the note within %(count)s characters.") % {"count": NOTE_MAX_LENGTH}}
        )
    if not entry.is_open():
        raise StateConflict(
            _("This call is already closed (%(state)s).") % {"state": entry.get_state_display()}
        )
    before = entry.state
    entry.attempts += 1
    if outcome == "done":
        entry.state = State.DONE
    elif outcome == "unreachable" and entry.attempts >= MAX_ATTEMPTS:
        entry.state = State.UNREACHABLE
    else:
        entry.state = State.RETRY
        entry.due_at = now
    entry.outcome_note = note
    entry.handled_by = actor
    entry.handled_at = now
    entry.save(
        update_fields=["state", "attempts", "due_at", "outcome_note", "handled_by", "handled_at"]
    )
    audit_log(
        actor=actor,
        action=OUTCOME_ACTIONS[outcome],
        target=entry,
        # On the person's desk page, among what the desk did for them.
        on_behalf_of=entry.person,
        data={
            "space": entry.space_id,
            "desk": entry.space.title,
            "person": entry.person_id,
            "kind": entry.kind,
            "before": before,
            "after": entry.state,
            "attempts": entry.attempts,
            "note": note,
        },
    )
    return entry


def _with_person(calls: QuerySet) -> QuerySet:
    return calls.select_related("person", "person__desk_record", "handled_by")


def calls_open(space) -> QuerySet[CallEntry]:
    """The calls still to make at ``space``'s desk: most urgent first, then the ones to make
    again after the first attempts of the same urgency, then by when they fell due."""
    return _with_person(
        CallEntry.objects.filter(space=space, state__in=CallEntry.OPEN_STATES)
    ).order_by(
        "urgency",
        Case(When(state=State.RETRY, then=Value(1)), default=Value(0), output_field=IntegerField()),
        "due_at",
        "pk",
    )


def calls_closed_recently(space, *, days: int = CLOSED_SHOWN_DAYS, now=None) -> QuerySet:
    """The calls closed at ``space``'s desk in the last ``days`` days, latest first."""
    since = (now or timezone.now()) - datetime.timedelta(days=days)
    return _with_person(
        CallEntry.objects.filter(
            space=space,
            state__in=[State.DONE, State.UNREACHABLE],
            handled_at__gte=since,
        )
    ).order_by("-handled_at", "-pk")
