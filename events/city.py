"""Events in bulk for ``seed_demo --city``: one-off events and weekly series over the city's
spaces, past and coming, with registrations that respect the seats (confirmed while seats
last, the rest on the waitlist) and the counters to match."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone

from wemi_community.core.bulk import insert_rows

from .models import Category, Event, EventSeries, Registration, RegistrationState

EVENTS = 10_000
REGISTRATIONS = 200_000
SERIES_SHARE = 0.4  # of the events, occurrences of weekly series
WEEKS = 20  # occurrences per series
CATEGORIES = (Category.WORKSHOP, Category.MEETING, Category.PARTY, Category.OTHER)
TITLES = (
    "Laboratorio creativo per bambini",
    "Incontro sui servizi per gli anziani",
    "Festa di quartiere",
    "Caffè delle famiglie",
)


def seed_city(*, city) -> None:
    rng = city.rng
    spaces = city.data["spaces"]
    residents = city.data["residents"]
    total = city.count(EVENTS)
    series_count = max(1, round(total * SERIES_SHARE / WEEKS)) if total >= WEEKS else 0
    milan = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    today = timezone.localdate()
    events: list[Event] = []

    def build_events():
        series = EventSeries.objects.bulk_create(
            EventSeries(
                space_id=spaces[n % len(spaces)].pk,
                interval=1,
                weekdays=[n % 5],
                starts_on=today - datetime.timedelta(weeks=WEEKS // 2, days=n % 7),
                count=WEEKS,
                start_time=datetime.time(17, 0),
                end_time=datetime.time(18, 30),
            )
            for n in range(series_count)
        )
        rows = []
        for one in series:
            for week in range(WEEKS):
                day = one.starts_on + datetime.timedelta(weeks=week)
                rows.append((one.space_id, one, day, 17))
        while len(rows) < total:
            n = len(rows)
            day = today + datetime.timedelta(days=rng.randint(-180, 180))
            rows.append((spaces[n % len(spaces)].pk, None, day, rng.choice((10, 15, 17, 20))))
        for n, (space_id, one, day, hour) in enumerate(rows[:total]):
            starts = datetime.datetime.combine(day, datetime.time(hour), tzinfo=milan)
            events.append(
                Event(
                    space_id=space_id,
                    series=one,
                    title=TITLES[n % len(TITLES)],
                    description_source="Un appuntamento dello Spazio WeMi, aperto a tutti.",
                    description_html="<p>Un appuntamento dello Spazio WeMi, aperto a tutti.</p>",
                    category=CATEGORIES[n % len(CATEGORIES)],
                    audience="everyone",
                    place_kind="space",
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(minutes=90),
                    capacity=rng.choice((15, 20, 30, 40)),
                    max_seats_per_registration=3,
                    registration_opens_at=starts - datetime.timedelta(days=30),
                )
            )
        Event.objects.bulk_create(events, batch_size=1_000)
        return len(events)

    def build_registrations():
        wanted = city.count(REGISTRATIONS)
        per_event = max(1, wanted // len(events))
        seats_taken, waitlist = {}, {}
        rows = []
        n = 0
        for index, event in enumerate(events):
            count = min(per_event + (1 if index < wanted % len(events) else 0), len(residents))
            start = (index * 7919) % len(residents)
            taken = waiting = 0
            for k in range(count):
                user_id, household = residents[(start + k) % len(residents)]
                seats = min(household, event.max_seats_per_registration)
                # Seats go first come, first served; who does not fit waits (never overbooked).
                if taken + seats <= event.capacity and not waiting:
                    state, taken = RegistrationState.CONFIRMED, taken + seats
                else:
                    state, waiting = RegistrationState.WAITLISTED, waiting + seats
                created = event.registration_opens_at + datetime.timedelta(minutes=k)
                rows.append(
                    (
                        event.pk,
                        user_id,
                        seats,
                        state,
                        f"C{n:011d}",
                        created,
                        created if state == RegistrationState.CONFIRMED else None,
                    )
                )
                n += 1
            seats_taken[event.pk], waitlist[event.pk] = taken, waiting
        inserted = insert_rows(
            Registration,
            ("event_id", "user_id", "seats", "state", "code", "created_at", "confirmed_at"),
            rows,
        )
        for event in events:
            event.seats_taken, event.waitlist_seats = seats_taken[event.pk], waitlist[event.pk]
        Event.objects.bulk_update(events, ["seats_taken", "waitlist_seats"], batch_size=1_000)
        return inserted

    city.phase(f"events ({series_count} weekly series)", build_events)
    city.phase("event registrations", build_registrations)
