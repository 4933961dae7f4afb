"""Volunteering in bulk for ``seed_demo --city``: volunteers among the residents, the spaces'
opportunities with their shifts, sign-ups within the shifts' capacity (counters to match)
and the hours given, from attended shifts and logged by hand."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from wemi_community.core.bulk import insert_rows

from . import slots
from .models import (
    AgeGroup,
    Commitment,
    HourEntry,
    Opportunity,
    Shift,
    Signup,
    SignupState,
    VolunteerProfile,
)

SHIFTS = 20_000
HOURS = 100_000
SHIFTS_PER_OPPORTUNITY = 20
VOLUNTEER_SHARE = 20  # one resident in 20 volunteers
ACTIVITIES = ("Accoglienza allo Spazio", "Conversazione in italiano", "Aiuto compiti")


def seed_city(*, city) -> None:
    rng = city.rng
    spaces = city.data["spaces"]
    residents = city.data["residents"]
    volunteers = [pk for pk, _size in residents[::VOLUNTEER_SHARE]]
    milan = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    today = timezone.localdate()
    shifts: list[Shift] = []
    confirmed: list[tuple[Shift, int]] = []

    def build_volunteers():
        return insert_rows(
            VolunteerProfile,
            ("user_id", "availability", "age_group", "active"),
            ((pk, slots.ALL, AgeGroup.ADULT, True) for pk in volunteers),
        )

    def build_shifts():
        count = city.count(SHIFTS)
        opportunities = Opportunity.objects.bulk_create(
            Opportunity(
                space_id=spaces[n % len(spaces)].pk,
                title=ACTIVITIES[n % len(ACTIVITIES)],
                description_source="Cerchiamo volontari per le attività dello Spazio.",
                description_html="<p>Cerchiamo volontari per le attività dello Spazio.</p>",
                commitment=Commitment.REGULAR if n % 2 else Commitment.ONE_OFF,
            )
            for n in range(max(1, count // SHIFTS_PER_OPPORTUNITY))
        )
        for n in range(count):
            opportunity = opportunities[n % len(opportunities)]
            day = today + datetime.timedelta(days=rng.randint(-200, 60))
            starts = datetime.datetime.combine(day, datetime.time(9 + n % 8), tzinfo=milan)
            ends = starts + datetime.timedelta(hours=2)
            capacity = rng.randint(2, 6)
            # Sign-ups first come, first served: confirmed while places last, then waiting.
            wanted = rng.randint(0, capacity + 2)
            start = (n * 7919) % len(volunteers)
            people = [volunteers[(start + k) % len(volunteers)] for k in range(wanted)]
            people = list(dict.fromkeys(people))
            shift = Shift(
                opportunity_id=opportunity.pk,
                starts_at=starts,
                ends_at=ends,
                capacity=capacity,
                slots=slots.shift_mask(starts, ends),
                seats_taken=min(len(people), capacity),
                waitlist_count=max(0, len(people) - capacity),
            )
            shift.people = people
            shifts.append(shift)
        Shift.objects.bulk_create(shifts, batch_size=1_000)
        return len(shifts)

    def build_signups():
        now = timezone.now()
        rows = []
        for shift in shifts:
            for k, volunteer in enumerate(shift.people):
                taken = k < shift.capacity
                state = SignupState.CONFIRMED if taken else SignupState.WAITLISTED
                attended = True if taken and shift.ends_at < now else None
                signed = shift.starts_at - datetime.timedelta(days=3, minutes=-k)
                rows.append((shift.pk, volunteer, state, signed, attended))
                if attended:
                    confirmed.append((shift, volunteer))
        return insert_rows(
            Signup, ("shift_id", "volunteer_id", "state", "created_at", "attended"), rows
        )

    def build_hours():
        wanted = city.count(HOURS)
        from_shifts = confirmed[:wanted]
        two = Decimal("2.00")

        def rows():
            for shift, volunteer in from_shifts:
                yield (
                    volunteer,
                    shift_space[shift.opportunity_id],
                    shift.pk,
                    timezone.localtime(shift.starts_at).date(),
                    two,
                    "Turno svolto",
                    HourEntry.State.APPROVED,
                )
            for n in range(wanted - len(from_shifts)):
                yield (
                    volunteers[n % len(volunteers)],
                    spaces[n % len(spaces)].pk,
                    None,
                    today - datetime.timedelta(days=1 + n % 300),
                    Decimal(1 + n % 4),
                    ACTIVITIES[n % len(ACTIVITIES)],
                    HourEntry.State.APPROVED if n % 3 else HourEntry.State.PENDING,
                )

        return insert_rows(
            HourEntry,
            ("volunteer_id", "space_id", "shift_id", "date", "hours", "activity", "state"),
            rows(),
        )

    city.phase("volunteers (profiles)", build_volunteers)
    city.phase("volunteer shifts (and opportunities)", build_shifts)
    shift_space = dict(Opportunity.objects.values_list("pk", "space_id"))
    city.phase("shift sign-ups", build_signups)
    city.phase("volunteer hours entries", build_hours)
