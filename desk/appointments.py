"""Appointments at a space's desk and its digital-facilitation stations: publishing slots
within the opening hours, booking and cancelling them (seats through
``participation.seats``, under the slot's row lock), and the reminders of the day before.

Every write takes ``actor`` and ``person`` (the actor unless the space's desk acts for the
resident, ``spaces_pages.permissions.can_act_for``) and is audited with both."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wemi_community.core.audit import assisted_by, audit_log
from wemi_community.core.errors import StateConflict
from wemi_community.core.ids import parse_id
from wemi_community.core.milan import in_rome
from wemi_community.notifications.services import notify
from wemi_community.participation import seats
from wemi_community.participation.seats import PERSON, STAFF, StateTable

from . import evidence, kinds, permissions
from .models import Appointment, AppointmentSlot, AppointmentState, ServicePoint
from .slot_times import slot_times

A = AppointmentState
MAX_STATIONS = 10
MAX_DAYS = 92  # a quarter at a time: enough to plan, small enough to undo by hand
MIN_LENGTH, MAX_LENGTH = 10, 240
MAX_CAPACITY = 20
TOPIC_LENGTH = 120
NOTE_LENGTH = 500
# Appointments keep no waitlist: the engine's book names a state no row ever enters.
NO_WAITLIST = "waitlisted"

APPOINTMENT_TRANSITIONS: dict[tuple[str | None, str], tuple[str, ...]] = {
    (None, A.CONFIRMED): (PERSON, STAFF),
    (A.CONFIRMED, A.CANCELLED): (PERSON, STAFF),
}


def _refusal(current: str | None, target: str) -> str:
    if target == NO_WAITLIST:
        return _("This time was just taken: choose another one.")
    return _("An appointment that is “%(current)s” cannot become “%(target)s”.") % {
        "current": A(current).label if current else "—",
        "target": A(target).label,
    }


APPOINTMENT_STATES = StateTable(APPOINTMENT_TRANSITIONS, _refusal)


def _free(slot: AppointmentSlot) -> int:
    return slot.capacity - Appointment.objects.filter(slot=slot, state=A.CONFIRMED).count()


APPOINTMENT_SEATS = seats.SeatBook(
    entry_model=Appointment,
    parent_field="slot",
    table=APPOINTMENT_STATES,
    confirmed=A.CONFIRMED,
    waitlisted=NO_WAITLIST,
    promotion=seats.Promotion.IN_ORDER,
    order_by=("created_at", "pk"),
    free=_free,
    may_promote=lambda slot: False,
    stamps={A.CANCELLED: ("cancelled_at",)},
    promoted_action=kinds.DESK_APPOINTMENT_PROMOTED,
    on_promoted=lambda slot, promoted, actor: None,
)


# --- Service points and slots -----------------------------------------------------------------


def point_choices() -> list[tuple[str, str]]:
    """The points a space may publish slots for: its desk and numbered stations."""
    return [("desk", _("Desk"))] + [
        (f"station-{number}", _("Station %(number)s") % {"number": number})
        for number in range(1, MAX_STATIONS + 1)
    ]


def point_key(key: str) -> tuple[str, int]:
    if key == "desk":
        return ServicePoint.Kind.DESK, 0
    prefix, _sep, number = (key or "").partition("-")
    if prefix == "station" and (station := parse_id(number)) and station <= MAX_STATIONS:
        return ServicePoint.Kind.STATION, station
    raise ValidationError({"point": _("Choose the desk or one of the stations.")})


def _whole(value, low: int, high: int, field: str, message: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high:
        raise ValidationError({field: message % {"min": low, "max": high}})
    return number


def _check_days(first_day, last_day, today) -> None:
    if not isinstance(first_day, datetime.date) or not isinstance(last_day, datetime.date):
        raise ValidationError({"first_day": _("Give the first and the last day.")})
    if last_day < first_day:
        raise ValidationError({"last_day": _("The last day comes before the first.")})
    if last_day < today:
        raise ValidationError({"last_day": _("These days have passed.")})
    if (last_day - first_day).days >= MAX_DAYS:
        raise ValidationError(
            {"last_day": _("Publish at most %(days)s days at a time.") % {"days": MAX_DAYS}}
        )


@transaction.atomic
def slots_publish(
    *,
    actor,
    space,
    point: str,
    first_day: datetime.date,
    last_day: datetime.date,
    length,
    capacity=1,
    now: datetime.datetime | None = None,
) -> list[AppointmentSlot]:
    """Publishes the slots of ``length`` minutes for ``point`` ("desk", "station-2") from
    ``first_day`` to ``last_day``, within the space's opening hours and never on a closed
    day. Slots already there, overlapping one, or already begun are skipped, so publishing
    the same range again adds nothing. Returns the slots made."""
    if not permissions.can_publish_slots(actor, space):
        raise PermissionDenied
    now = now or timezone.now()
    kind, number = point_key(point)
    minutes = _whole(
        length,
        MIN_LENGTH,
        MAX_LENGTH,
        "length",
        _("A slot lasts from %(min)s to %(max)s minutes."),
    )
    places = _whole(
        capacity,
        1,
        MAX_CAPACITY,
        "capacity",
        _("A slot receives from %(min)s to %(max)s people."),
    )
    _check_days(first_day, last_day, timezone.localtime(now).date())
    hours = space.hour_slots()
    if not hours:
        raise ValidationError(
            _("The space has no opening hours: add them to its page before publishing slots.")
        )
    service_point, _created = ServicePoint.objects.get_or_create(
        space=space, kind=kind, number=number
    )
    # Held until the end: two operators publishing the same point wait for each other.
    ServicePoint.objects.select_for_update().get(pk=service_point.pk)
    times = list(
        slot_times(
            first_day,
            last_day,
            datetime.timedelta(minutes=minutes),
            hours,
            space.closure_periods(),
        )
    )
    taken = []
    if times:
        taken = list(
            AppointmentSlot.objects.filter(
                point=service_point, starts_at__lt=times[-1][1], ends_at__gt=times[0][0]
            ).values_list("starts_at", "ends_at")
        )
    new = [
        AppointmentSlot(
            point=service_point, starts_at=start, ends_at=end, capacity=places, created_by=actor
        )
        for start, end in times
        if start > now and not any(s < end and start < e for s, e in taken)
    ]
    if not new:
        # Publishing again what is there already changes nothing, and records nothing.
        return new
    AppointmentSlot.objects.bulk_create(new)
    audit_log(
        actor=actor,
        action=kinds.DESK_SLOTS_PUBLISHED,
        target=space,
        data={
            "point": service_point.key,
            "first_day": first_day.isoformat(),
            "last_day": last_day.isoformat(),
            "minutes": minutes,
            "capacity": places,
            "created": len(new),
        },
    )
    return new


# --- Booking and cancelling -------------------------------------------------------------------


def _booked_by(actor, person):
    """Who booked: the operator of an assisted session, where the pages see the person."""
    session = assisted_by()
    if session is not None and actor is not None and actor.pk == person.pk:
        operator, assisted_person, _desk = session
        if assisted_person.pk == person.pk:
            return operator
    return actor


def _locked_slot(pk) -> AppointmentSlot:
    return seats.lock(AppointmentSlot, pk, related=("point", "point__space"))


@transaction.atomic
def appointment_book(
    *, actor, slot: AppointmentSlot, topic: str, note: str = "", person=None, now=None
) -> Appointment:
    """A place in ``slot`` for ``person`` (the actor, unless the space's desk books for
    them). A full slot, a slot already begun or a second booking of the same slot is a
    state conflict."""
    person = person or actor
    now = now or timezone.now()
    slot = _locked_slot(slot.pk)
    space = slot.point.space
    if not permissions.can_book_for(actor, person, space):
        raise PermissionDenied(_("You may not book for this person at this space."))
    topic = " ".join(str(topic or "").split())
    if not topic:
        raise ValidationError({"topic": _("Say briefly what the appointment is about.")})
    if len(topic) > TOPIC_LENGTH:
        raise ValidationError(
            {"topic": _("Keep it within %(count)s characters.") % {"count": TOPIC_LENGTH}}
        )
    note = str(note or "").replace("\x00", "").strip()
    if len(note) > NOTE_LENGTH:
        raise ValidationError(
            {"note": _("Keep it within %(count)s characters.") % {"count": NOTE_LENGTH}}
        )
    if slot.starts_at <= now:
        raise StateConflict(_("This time has passed: choose another one."))
    if Appointment.objects.filter(slot=slot, person=person, state=A.CONFIRMED).exists():
        raise StateConflict(_("You already have an appointment at this time."))
    if not seats.fits(APPOINTMENT_SEATS, slot, 1):
        raise StateConflict(_("This time was just taken: choose another one."))
    appointment = Appointment(
        slot=slot,
        person=person,
        topic=topic,
        note=note,
        booked_by=_booked_by(actor, person),
        created_at=now,
    )
    seats.take(
        APPOINTMENT_SEATS,
        parent=slot,
        entry=appointment,
        actor=actor,
        person=person,
        actions=(kinds.DESK_APPOINTMENT_BOOKED, kinds.DESK_APPOINTMENT_BOOKED),
        data={"space": space.pk, "point": slot.point.key},
    )
    evidence.appointment_booked(appointment, space)
    return appointment


@transaction.atomic
def appointment_cancel(*, actor, appointment: Appointment, person=None, now=None) -> Appointment:
    """``person`` (the actor, unless the space's desk acts for them) gives up the
    appointment until it begins; the place is free again."""
    person = person or actor
    now = now or timezone.now()
    slot = _locked_slot(appointment.slot_id)
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.person_id != getattr(person, "pk", None):
        raise PermissionDenied
    if not permissions.can_book_for(actor, person, slot.point.space):
        raise PermissionDenied(_("You may not act for this person at this space."))
    if appointment.state != A.CONFIRMED:
        raise StateConflict(_("This appointment is already cancelled."))
    if slot.starts_at <= now:
        raise StateConflict(_("This appointment has begun: it can no longer be cancelled."))
    seats.release(
        APPOINTMENT_SEATS,
        parent=slot,
        entry=appointment,
        target=A.CANCELLED,
        actor=actor,
        person=person,
        action=kinds.DESK_APPOINTMENT_CANCELLED,
        data={"space": slot.point.space_id, "point": slot.point.key},
    )
    return appointment


# --- Reminders --------------------------------------------------------------------------------


def reminders_due(now=None) -> list[int]:
    """Confirmed appointments of tomorrow (Milan's day) not reminded yet."""
    now = timezone.localtime(now or timezone.now())
    tomorrow = now.date() + datetime.timedelta(days=1)
    start = in_rome(tomorrow, datetime.time(0))
    end = in_rome(tomorrow + datetime.timedelta(days=1), datetime.time(0))
    return list(
        Appointment.objects.filter(
            state=A.CONFIRMED,
            reminded_at__isnull=True,
            slot__starts_at__gte=start,
            slot__starts_at__lt=end,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def reminder_send(*, appointment_id: int, now=None) -> bool:
    """Claims the appointment's reminder (a conditional UPDATE), then notifies: a retried or
    repeated task finds it claimed and sends nothing. Returns whether it sent."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Appointment.objects.filter(
            pk=appointment_id, state=A.CONFIRMED, reminded_at__isnull=True
        ).update(reminded_at=now)
        if not claimed:
            return False
        appointment = Appointment.objects.select_related("slot__point__space").get(
            pk=appointment_id
        )
        notify([appointment.person_id], kinds.NOTIFY_DESK_APPOINTMENT_REMINDER, appointment)
    return True
