"""Reads of events and courses for the pages, the spaces' pages, the home page, the search and
the calendars. Each costs a fixed number of queries, whatever the number of events."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from spaces_pages.selectors import WITHOUT_BOUNDARIES

from .models import ACTIVE_STATES, Course, Enrollment, Event, Registration
from .recurrence import in_rome

SPACE_SECTION_LIMIT = 5
SPACE_SECTION_DAYS = 60
HOME_LIMIT = 6


def _with_places(events: QuerySet) -> QuerySet:
    return events.select_related("space", "space__municipio", "course").defer(
        *(f"space__{field}" for field in WITHOUT_BOUNDARIES)
    )


def upcoming(now=None) -> QuerySet:
    """Events not over and not cancelled, soonest first."""
    now = now or timezone.now()
    return _with_places(Event.objects.filter(ends_at__gte=now, cancelled_at__isnull=True)).order_by(
        "starts_at", "pk"
    )


def event_list(
    *,
    space=None,
    municipio=None,
    category: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    free_seats: bool = False,
    text: str = "",
    include_past: bool = False,
) -> QuerySet:
    """The list's filters; ``include_past`` for the month calendar, which shows the whole
    month."""
    if include_past:
        events = _with_places(Event.objects.filter(cancelled_at__isnull=True)).order_by(
            "starts_at", "pk"
        )
    else:
        events = upcoming()
    if space is not None:
        events = events.filter(space=space)
    if municipio is not None:
        events = events.filter(space__municipio=municipio)
    if category:
        events = events.filter(category=category)
    if date_from:
        events = events.filter(ends_at__gte=in_rome(date_from, datetime.time(0)))
    if date_to:
        next_day = date_to + datetime.timedelta(days=1)
        events = events.filter(starts_at__lt=in_rome(next_day, datetime.time(0)))
    if free_seats:
        events = events.filter(
            Q(capacity__isnull=True) | Q(seats_taken__lt=F("capacity")),
            registration_required=True,
            course__isnull=True,
        )
    for word in text.split()[:8]:
        events = events.filter(Q(title__icontains=word) | Q(description_source__icontains=word))
    return events


def month_grid(year: int, month: int, events: QuerySet) -> list[list[dict]]:
    """The weeks of a month (Monday first), each day with its events: one query."""
    first = datetime.date(year, month, 1)
    days_in_month = calendar.monthrange(year, month)[1]
    last = first + datetime.timedelta(days=days_in_month)
    by_day: dict[datetime.date, list[Event]] = defaultdict(list)
    in_month = events.filter(
        starts_at__gte=in_rome(first, datetime.time(0)),
        starts_at__lt=in_rome(last, datetime.time(0)),
    )
    for event in in_month:
        by_day[timezone.localtime(event.starts_at).date()].append(event)
    today = timezone.localdate()
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                {
                    "date": day,
                    "in_month": day.month == month,
                    "is_today": day == today,
                    "events": by_day.get(day, []) if day.month == month else [],
                }
                for day in week
            ]
        )
    return weeks


def upcoming_by_space(spaces: Sequence) -> dict[int, list[Event]]:
    """For the spaces' pages: their next events (one query)."""
    by_space: dict[int, list[Event]] = {space.pk: [] for space in spaces}
    horizon = timezone.now() + datetime.timedelta(days=SPACE_SECTION_DAYS)
    for event in upcoming().filter(space_id__in=list(by_space), starts_at__lte=horizon):
        if len(by_space[event.space_id]) < SPACE_SECTION_LIMIT:
            by_space[event.space_id].append(event)
    return by_space


def home_events() -> list[Event]:
    return list(upcoming()[:HOME_LIMIT])


def search_events(query: str, user):
    from cms_templates.search_registry import SearchResult

    events = upcoming()
    for word in query.split()[:8]:
        events = events.filter(Q(title__icontains=word) | Q(description_source__icontains=word))
    return (
        SearchResult(
            title=event.title,
            url=event.get_absolute_url(),
            summary=f"{timezone.localtime(event.starts_at):%d/%m/%Y %H:%M} · {event.space.title}",
        )
        for event in events[:50]
    )


def space_feed_events(space) -> QuerySet:
    """The calendar feed of a space: its events of the last month and to come."""
    since = timezone.now() - datetime.timedelta(days=31)
    return _with_places(Event.objects.filter(space=space, ends_at__gte=since)).order_by("starts_at")


def my_registrations(user) -> QuerySet:
    """A person's registrations for events not over yet, soonest first."""
    return (
        Registration.objects.filter(
            user=user, state__in=ACTIVE_STATES, event__ends_at__gte=timezone.now()
        )
        .select_related("event", "event__space")
        .order_by("event__starts_at")
    )


def my_enrollments(user) -> QuerySet:
    return (
        Enrollment.objects.filter(user=user, state__in=ACTIVE_STATES)
        .select_related("course", "course__space")
        .order_by("-created_at")
    )


def person_feed_events(user) -> list[tuple[Event, str]]:
    """What a person's own calendar shows: each event with the state of their place
    (registrations and the sessions of their courses, from a month ago on)."""
    since = timezone.now() - datetime.timedelta(days=31)
    rows = [
        (registration.event, registration.state)
        for registration in Registration.objects.filter(user=user, event__ends_at__gte=since)
        .exclude(state="cancelled", cancelled_at__lt=since)
        .select_related("event", "event__space")
    ]
    enrolled = Enrollment.objects.filter(user=user).values_list("course_id", "state")
    states = dict(enrolled)
    for session in _with_places(
        Event.objects.filter(course_id__in=list(states), ends_at__gte=since)
    ):
        rows.append((session, states[session.course_id]))
    return sorted(rows, key=lambda row: row[0].starts_at)


def courses_of_space(space) -> QuerySet:
    return Course.objects.filter(space=space, cancelled_at__isnull=True)
