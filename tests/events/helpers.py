"""Events and courses for the tests, built through the services."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from events import courses, services
from events.models import Event
from events.recurrence import Rule
from tests.participation.moderation_helpers import coordinator_of
from tests.spaces.helpers import make_space
from wemi_community.core.milan import in_rome

_spaces = itertools.count(1)


def space_with_coordinator(title: str | None = None, **fields):
    space = make_space(title or f"Spazio degli eventi {next(_spaces)}", **fields)
    return space, coordinator_of(space)


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def data(**changes) -> dict:
    """An event in five days, 10:00–12:00 in Milan."""
    when = day(changes.pop("days", 5))
    values = {
        "title": "Laboratorio di cucito",
        "description": "Portate un capo da **sistemare**.",
        "category": "workshop",
        "audience": "everyone",
        "place_kind": "space",
        "registration_required": True,
        "capacity": 10,
        "max_seats_per_registration": 4,
        "price": "0",
        "organiser_kind": "space",
        "starts_at": in_rome(when, datetime.time(10)),
        "ends_at": in_rome(when, datetime.time(12)),
    }
    values.update(changes)
    return values


def publish(*, space=None, coordinator=None, rule: Rule | None = None, **changes):
    """(event, coordinator) for a one-off event; with ``rule``, (events, coordinator)."""
    if space is None:
        space, coordinator = space_with_coordinator()
    events = services.event_create(actor=coordinator, space=space, data=data(**changes), rule=rule)
    return (events if rule else events[0]), coordinator


def weekly(
    *,
    times: int,
    days: int = 3,
    start: int = 10,
    end: int = 12,
    space=None,
    coordinator=None,
    skip_closures: bool = True,
    **changes,
):
    """(events, coordinator): a series on the weekday ``days`` from today, ``times`` dates,
    ``start``–``end`` o'clock in Milan."""
    first = day(days)
    rule = Rule(
        starts_on=first,
        weekdays=(first.weekday(),),
        start_time=datetime.time(start),
        end_time=datetime.time(end),
        count=times,
        skip_closures=skip_closures,
    )
    return publish(space=space, coordinator=coordinator, rule=rule, **changes)


def move_to_the_past(event, days: int = 1):
    """Moves an event that the services wrote in the future back in time, as the demo does."""

    # From now (UTC), not from the event's Milan time: a timedelta added to a Milan datetime
    # moves its wall clock, an hour off across a change to or from summer time.
    starts_at = timezone.now() - datetime.timedelta(days=days)
    Event.objects.filter(pk=event.pk).update(
        starts_at=starts_at,
        ends_at=starts_at + (event.ends_at.astimezone(datetime.UTC) - event.starts_at),
    )
    event.refresh_from_db()
    return event


def weekly_course(*, space=None, coordinator=None, sessions: int = 4, educator=None, **changes):
    if space is None:
        space, coordinator = space_with_coordinator()
    start = day(7)
    rule = Rule(
        starts_on=start,
        weekdays=(start.weekday(),),
        start_time=datetime.time(18),
        end_time=datetime.time(20),
        count=sessions,
    )
    values = {
        "title": "Educazione finanziaria",
        "description": "Il bilancio di casa",
        "capacity": 10,
        "attendance_threshold": 75,
        "educator": educator,
        **changes,
    }
    course = courses.course_create(actor=coordinator, space=space, data=values, rule=rule)
    return course, coordinator
