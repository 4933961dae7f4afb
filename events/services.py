"""Writes on events: publishing (one-off or recurring), editing and cancelling one occurrence
or all those to come, and registrations with seats and a waitlist. Keyword-only, atomic,
permission-checked and audited; the free seats are pushed to the event's page after commit
(``live.py``). Elsewhere: courses in ``courses.py``, an event's fields checked in
``event_data.py``, check-in in ``checkin.py``, reminders in ``reminders.py``, a person's
calendar address in ``calendar_tokens.py``.

Seats are taken under the event's row lock (``select_for_update``; on SQLite the IMMEDIATE
transactions serialise the writers), so simultaneous clicks never overbook."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from spaces_pages.models import Closure
from wemi_community.core.audit import audit_log
from wemi_community.core.errors import StateConflict
from wemi_community.core.milan import in_rome
from wemi_community.core.uploads import validate_image_upload
from wemi_community.notifications.services import notify
from wemi_community.participation import follows
from wemi_community.participation import seats as seats_engine

from . import evidence, kinds, live, permissions
from .event_data import check_future, check_whole, clean_event_data, clean_text
from .models import (
    ACTIVE_STATES,
    Event,
    EventSeries,
    Registration,
    RegistrationState,
)
from .recurrence import Rule, occurrences
from .states import REGISTRATION_STATES

R = RegistrationState
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# A change of these tells the people registered.
NOTIFIED_FIELDS = ("starts_at", "ends_at", "place_kind", "place_name", "address", "online_url")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


# --- Publishing, editing, cancelling --------------------------------------------------------


@transaction.atomic
def image_store(*, actor, upload, title: str):
    """Stores an event's picture as a Wagtail image (renditions, the admin's library)."""
    if not permissions.can_register(actor):
        raise PermissionDenied
    try:
        validate_image_upload(upload)
    except ValidationError as error:
        raise ValidationError({"image": error.messages}) from None
    image = get_image_model()(title=clean_text(title, 255) or "evento", file=upload)
    image.uploaded_by_user = actor
    image.save()
    return image


@transaction.atomic
def event_create(*, actor, space, data: dict, rule: Rule | None = None) -> list[Event]:
    """Publishes an event, or every occurrence of a recurring one (``rule``: the times come
    from the rule, the dates too). Returns the events created, in order."""
    if not permissions.can_publish_in(actor, space):
        raise PermissionDenied
    cleaned = clean_event_data(data)
    if rule is None:
        times = [(cleaned.get("starts_at"), cleaned.get("ends_at"))]
        series = None
    else:
        closures = Closure.objects.filter(space=space).values_list("start_date", "end_date")
        times = occurrences(rule, list(closures))
        series = EventSeries.objects.create(
            space=space,
            interval=rule.interval,
            weekdays=sorted(set(rule.weekdays)),
            starts_on=rule.starts_on,
            until=rule.until,
            count=rule.count,
            start_time=rule.start_time,
            end_time=rule.end_time,
            skip_closures=rule.skip_closures,
            created_by=actor,
        )
    check_future(times[0][0])
    created = []
    for starts_at, ends_at in times:
        event = Event(space=space, series=series, created_by=actor, **cleaned)
        event.starts_at, event.ends_at = starts_at, ends_at
        if series is not None:
            # One window per occurrence: it opens with the series, closes at each start.
            event.registration_closes_at = None
        check_whole(event)
        created.append(event)
    for event in created:
        event.save()
    audit_log(
        actor=actor,
        action=kinds.EVENT_CREATED,
        target=created[0],
        data={"occurrences": len(created)},
    )
    return created


def _future_of_series(event: Event):
    return Event.objects.select_for_update().filter(
        series_id=event.series_id, starts_at__gte=event.starts_at, cancelled_at__isnull=True
    )


def _shift_to(event: Event, new_start: datetime.datetime, new_end: datetime.datetime) -> None:
    """Gives an occurrence the new hours of the edited one, on its own day."""
    day = timezone.localtime(event.starts_at).date()
    local_start, local_end = timezone.localtime(new_start), timezone.localtime(new_end)
    event.starts_at = in_rome(day, local_start.time())
    event.ends_at = in_rome(day + (local_end.date() - local_start.date()), local_end.time())


@transaction.atomic
def event_update(*, actor, event: Event, data: dict, scope: str = "one") -> list[Event]:
    """Edits this occurrence, or (``scope="all"``) it and every later one of its series: the
    same fields, and the new hours on each one's own day. Raises SEQUENCE; the people
    registered are told when the time or the place changed."""
    event = Event.objects.select_for_update().select_related("space").get(pk=event.pk)
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied
    if event.is_cancelled:
        raise StateConflict(_("This event is cancelled: it can no longer change."))
    cleaned = clean_event_data(data, partial=True)
    targets = [event]
    if scope == "all" and event.series_id:
        targets = list(_future_of_series(event).order_by("starts_at"))
    updated = []
    for target in targets:
        before = {key: getattr(target, key) for key in NOTIFIED_FIELDS}
        for key, value in cleaned.items():
            if key in ("starts_at", "ends_at"):
                continue
            setattr(target, key, value)
        if "starts_at" in cleaned or "ends_at" in cleaned:
            new_start = cleaned.get("starts_at") or event.starts_at
            new_end = cleaned.get("ends_at") or event.ends_at
            if target.pk == event.pk:
                target.starts_at, target.ends_at = new_start, new_end
            else:
                _shift_to(target, new_start, new_end)
        if target.starts_at != before["starts_at"]:
            check_future(target.starts_at)
        if target.capacity is not None and target.capacity < target.seats_taken:
            raise ValidationError(
                {
                    "capacity": _("%(taken)s seats are already taken: the event cannot have fewer.")
                    % {"taken": target.seats_taken}
                }
            )
        check_whole(target)
        target.sequence += 1
        target.save()
        changed = [key for key in NOTIFIED_FIELDS if getattr(target, key) != before[key]]
        if changed:
            notify(_registered_ids(target), kinds.NOTIFY_EVENT_CHANGED, target, actor)
        # More seats may let the waitlist move up (told after the change, as before).
        _promote(target)
        live.send_seats_after_commit(target)
        updated.append(target)
    audit_log(
        actor=actor,
        action=kinds.EVENT_EDITED,
        target=event,
        data={"fields": sorted(cleaned), "occurrences": len(updated)},
    )
    return updated


@transaction.atomic
def event_cancel(*, actor, event: Event, reason: str = "", scope: str = "one") -> list[Event]:
    """Cancels this occurrence, or every one still to come of its series; everyone
    registered or waiting is told."""
    event = Event.objects.select_for_update().select_related("space").get(pk=event.pk)
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied
    if event.is_cancelled:
        raise StateConflict(_("This event is already cancelled."))
    if event.is_past:
        raise StateConflict(_("This event is over: it cannot be cancelled."))
    targets = [event]
    if scope == "all" and event.series_id:
        targets = list(_future_of_series(event).order_by("starts_at"))
    now = timezone.now()
    reason = clean_text(reason, 300)
    for target in targets:
        target.cancelled_at = now
        target.cancellation_reason = reason
        target.sequence += 1
        target.save(update_fields=["cancelled_at", "cancellation_reason", "sequence", "updated_at"])
        notify(_registered_ids(target), kinds.NOTIFY_EVENT_CANCELLED, target, actor, excerpt=reason)
        live.send_seats_after_commit(target)
    audit_log(
        actor=actor, action=kinds.EVENT_CANCELLED, target=event, data={"occurrences": len(targets)}
    )
    return targets


def _registered_ids(event: Event) -> set[int]:
    return set(
        Registration.objects.filter(event=event, state__in=ACTIVE_STATES).values_list(
            "user_id", flat=True
        )
    )


# --- Registrations ---------------------------------------------------------------------------


def check_seats(seats, most: int) -> int:
    try:
        seats = int(seats)
    except (TypeError, ValueError):
        seats = 0
    if seats < 1:
        raise ValidationError({"seats": _("Take at least one seat.")})
    if seats > most:
        raise ValidationError(
            {"seats": _("At most %(max)s seats per registration.") % {"max": most}}
        )
    return seats


def check_registration_open(event: Event, now=None) -> None:
    """Registration is possible: required, not cancelled, not started, within the window."""
    now = now or timezone.now()
    if not event.registration_required or event.course_id:
        raise StateConflict(_("This event needs no registration: just come."))
    if event.is_cancelled:
        raise StateConflict(_("This event is cancelled."))
    if event.starts_at <= now:
        raise StateConflict(_("This event has already started."))
    if event.registration_opens_at and now < event.registration_opens_at:
        raise StateConflict(
            _("Registration opens on %(date)s.")
            % {"date": timezone.localtime(event.registration_opens_at).strftime("%d/%m/%Y %H:%M")}
        )
    if event.registration_closes_at and now >= event.registration_closes_at:
        raise StateConflict(_("Registration is closed."))


def _tell_promoted(event: Event, promoted: list[Registration], actor=None) -> None:
    notify([registration.user_id for registration in promoted], kinds.NOTIFY_EVENT_PROMOTED, event)


def _event_may_promote(event: Event) -> bool:
    if event.capacity is None and not event.waitlist_seats:
        return False
    return not (event.is_cancelled or event.has_started)


def _event_free(event: Event) -> int | None:
    return None if event.capacity is None else event.capacity - event.seats_taken


def _insert_with_code(row) -> None:
    """Saves a new row with a fresh registration code (a collision, however unlikely, draws
    again)."""
    for _attempt in range(5):
        row.code = new_code()
        try:
            with transaction.atomic():
                row.save(force_insert=True)
                return
        except IntegrityError:
            row.pk = None
            continue
    raise IntegrityError("no free registration code")


# A freed seat goes, in order, to every waiting registration whose seats fit.
REGISTRATION_SEATS = seats_engine.SeatBook(
    entry_model=Registration,
    parent_field="event",
    table=REGISTRATION_STATES,
    confirmed=R.CONFIRMED,
    waitlisted=R.WAITLISTED,
    promotion=seats_engine.Promotion.SKIP_TO_FIT,
    order_by=("created_at", "pk"),
    free=_event_free,
    may_promote=_event_may_promote,
    seats_of=lambda registration: registration.seats,
    counters=("seats_taken", "waitlist_seats"),
    stamps={R.CONFIRMED: ("confirmed_at",), R.CANCELLED: ("cancelled_at",)},
    promoted_stamps=("promoted_at",),
    promoted_action=kinds.EVENT_PROMOTED,
    promoted_data=lambda registration: {"seats": registration.seats},
    on_promoted=_tell_promoted,
    insert=_insert_with_code,
)


def _promote(event: Event) -> list[Registration]:
    return seats_engine.promote(REGISTRATION_SEATS, parent=event)


@transaction.atomic
def registration_create(*, actor, event: Event, seats, person=None) -> Registration:
    """Takes ``seats`` seats for ``person`` (the actor, unless the desk registers someone)
    if they are free, else a place on the waitlist."""
    person = person or actor
    # Before the event's lock, which every registration queues on: it guards nothing here
    # (and is undone with the rest if the registration fails).
    follows.follow_auto(user=person, target=event)
    event = seats_engine.lock(Event, event.pk, related=("space",))
    if not permissions.can_register_for(actor, person, event.space):
        raise PermissionDenied
    check_registration_open(event)
    wanted = check_seats(seats, event.max_seats_per_registration)
    existing = Registration.objects.filter(
        event=event, user=person, state__in=ACTIVE_STATES
    ).first()
    if existing is not None:
        raise StateConflict(
            _("You are already registered: “%(state)s”.") % {"state": R(existing.state).label}
        )
    if event.capacity is not None and wanted > event.capacity:
        raise ValidationError(
            {"seats": _("The event has %(max)s seats in all.") % {"max": event.capacity}}
        )
    registration = Registration(event=event, user=person, seats=wanted, created_at=timezone.now())
    confirmed = seats_engine.take(
        REGISTRATION_SEATS,
        parent=event,
        entry=registration,
        actor=actor,
        person=person,
        actions=(kinds.EVENT_REGISTERED, kinds.EVENT_WAITLISTED),
        data={"seats": wanted},
    )
    evidence.registered(registration, event)
    # Told as from the space (no actor): a confirmation, with the event's page and code there.
    notify(
        [person.pk],
        kinds.NOTIFY_EVENT_REGISTERED if confirmed else kinds.NOTIFY_EVENT_WAITLISTED,
        event,
    )
    live.send_seats_after_commit(event)
    return registration


@transaction.atomic
def registration_cancel(*, actor, registration: Registration, person=None) -> Registration:
    """The person (or the desk for them) cancels, or declines the seat the waitlist gave
    them, until the start; the freed seats go to the first on the waitlist who fit."""
    person = person or actor
    event = seats_engine.lock(Event, registration.event_id, related=("space",))
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.user_id != getattr(person, "pk", None):
        raise PermissionDenied
    if not permissions.can_register_for(actor, person, event.space):
        raise PermissionDenied
    if registration.state not in ACTIVE_STATES:
        raise StateConflict(_("This registration is already cancelled."))
    if event.has_started and not event.is_cancelled:
        raise StateConflict(_("The event has started: it is too late to cancel."))
    seats_engine.release(
        REGISTRATION_SEATS,
        parent=event,
        entry=registration,
        target=R.CANCELLED,
        actor=actor,
        person=person,
        action=kinds.EVENT_REGISTRATION_CANCELLED,
    )
    live.send_seats_after_commit(event)
    return registration
