"""The demo's appointments: the next two weeks of slots at a space's desk (30 minutes) and
at two stations of its digital-facilitation point (45 minutes), and a booking or two for
people of the demo: the desk's own residents, booked by the desk, and an online resident.
Idempotent: publishing again adds no slot, and a person's demo booking is made once."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from wemi_community.accounts.demo import demo_email

from . import appointments
from .models import Appointment, AppointmentSlot
from .permissions import desks_of

User = get_user_model()
DAYS = 14
POINTS = (("desk", 30), ("station-1", 45), ("station-2", 45))
# (who, the point, topic): the desk's residents first, then an online account.
BOOKINGS = (
    ("Giuseppina Ferri", "desk", "Domanda di assistenza domiciliare"),
    ("Mario Colombo", "station-1", "Attivare lo SPID"),
    (demo_email("residente"), "station-2", "Scaricare il referto dal Fascicolo sanitario"),
)


def _operator_of(space):
    for email in (demo_email("sportello"), demo_email("coordinatrice")):
        person = User.objects.filter(email=email, is_active=True).first()
        if person is not None and desks_of(person).filter(pk=space.pk).exists():
            return person
    return None


def _person(who: str):
    if "@" in who:
        return User.objects.filter(email=who, is_active=True).first()
    first, _sep, last = who.partition(" ")
    return User.objects.filter(first_name=first, last_name=last, is_active=True).first()


def seed_appointments(space, *, stdout=None) -> dict:
    """Publishes ``space``'s slots for the next two weeks and books a few of them. Returns
    what it made: ``{"slots": n, "appointments": n}``."""
    operator = _operator_of(space)
    if operator is None or not space.hour_slots():
        return {"slots": 0, "appointments": 0}
    today = timezone.localdate()
    last = today + datetime.timedelta(days=DAYS - 1)
    made = 0
    for point, minutes in POINTS:
        made += len(
            appointments.slots_publish(
                actor=operator,
                space=space,
                point=point,
                first_day=today,
                last_day=last,
                length=minutes,
            )
        )
    booked = 0
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    for who, point, topic in BOOKINGS:
        person = _person(who)
        if person is None:
            continue
        if Appointment.objects.filter(person=person, slot__point__space=space).exists():
            continue
        kind, number = appointments.point_key(point)
        slot = (
            AppointmentSlot.objects.filter(
                point__space=space,
                point__kind=kind,
                point__number=number,
                starts_at__gte=tomorrow,
            )
            .exclude(appointments__state=Appointment.State.CONFIRMED)
            .order_by("starts_at")
            .first()
        )
        if slot is None:
            continue
        # The desk books for its residents; the online resident books for themselves.
        actor = person if person.has_usable_password() else operator
        appointments.appointment_book(actor=actor, person=person, slot=slot, topic=topic)
        booked += 1
    if stdout is not None:
        stdout.write(f"Appointments at {space.title}: {made} slots, {booked} bookings.\n")
    return {"slots": made, "appointments": booked}
