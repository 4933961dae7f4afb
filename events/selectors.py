"""Reads of events and courses for the pages, the spaces' pages, the home page, the search and
the calendars. Each costs a fixed number of queries, whatever the number of events."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from cms_templates import text_search, wording
from cms_templates.search_registry import SearchResult
from wemi_community.core.milan import in_rome

from .models import ACTIVE_STATES, Attendance, Course, Enrollment, Event, Registration

SPACE_SECTION_LIMIT = 5
SPACE_SECTION_DAYS = 60
HOME_LIMIT = 6
SEARCH_LIMIT = 50
# "My events" of who teaches or runs: courses held until this long ago, and how many of each.
RUN_COURSES_SINCE = datetime.timedelta(days=60)
RUN_COURSES_LIMIT = 20
RUN_SESSIONS_SHOWN = 6
RUN_EVENTS_LIMIT = 8
# The dates a list shows of a series or a course, the first one included.
DATES_SHOWN = 4


def _with_places(events: QuerySet) -> QuerySet:
    return events.select_related("space", "space__municipio", "course")


def upcoming(now=None) -> QuerySet:
    """Events not over and not cancelled, soonest first."""
    now = now or timezone.now()
    return _with_places(Event.objects.filter(ends_at__gte=now, cancelled_at__isnull=True)).order_by(
        "starts_at", "pk"
    )


def event_list(*, include_past: bool = False) -> QuerySet:
    """What the list shows before its filters (``filters.EventFilter``): events to come;
    with ``include_past``, for the month calendar, the whole month too."""
    if include_past:
        return _with_places(Event.objects.filter(cancelled_at__isnull=True)).order_by(
            "starts_at", "pk"
        )
    return upcoming()


# --- A series or a course shown once ------------------------------------------------------------


def _one_off():
    """The key that sets a one-off event apart; series and courses group under their own id."""
    return Case(
        When(series__isnull=True, course__isnull=True, then=F("pk")),
        default=None,
        output_field=IntegerField(),
    )


def _key(event: Event) -> tuple:
    return (
        event.series_id,
        event.course_id,
        None if event.series_id or event.course_id else event.pk,
    )


def grouped(events: QuerySet) -> QuerySet:
    """One row per series, course or one-off event among ``events``, soonest first: what a
    list paginates, so a weekly event counts once whatever its number of dates."""
    return (
        events.order_by()
        .annotate(one_off=_one_off())
        .values("series_id", "course_id", "one_off")
        .annotate(first=Min("starts_at"), dates=Count("pk"))
        .order_by("first", "series_id", "course_id", "one_off")
    )


@dataclass
class Listing:
    """A line of a list: a one-off event, or a series or a course with its next dates (the
    ones that match the list's filters)."""

    dates: list[Event]
    total: int = 0

    @property
    def event(self) -> Event:
        return self.dates[0]

    @property
    def is_repeated(self) -> bool:
        return bool(self.event.series_id or self.event.course_id)

    @property
    def next_dates(self) -> list[Event]:
        return self.dates[1:]

    @property
    def more(self) -> int:
        return max(self.total - len(self.dates), 0)

    @property
    def url(self) -> str:
        event = self.event
        return event.course.get_absolute_url() if event.course_id else event.get_absolute_url()

    @property
    def rhythm(self) -> str:
        """ "Every Tuesday, 10:00–12:00" for a series; "" otherwise."""
        event = self.event
        if not event.series_id:
            return ""
        start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
        return _("%(days)s, %(start)s–%(end)s") % {
            "days": rhythm(event.series.weekdays, event.series.interval),
            "start": f"{start:%H:%M}",
            "end": f"{end:%H:%M}",
        }


def rhythm(weekdays: Iterable[int], interval: int = 1) -> str:
    """ "Every Tuesday and Thursday", "Every 2 weeks on Monday": a series' rule in words."""
    days = wording.joined([wording.weekday(day) for day in sorted(set(weekdays)) if 0 <= day <= 6])
    if not days:
        return ""
    if interval > 1:
        return _("Every %(n)s weeks on %(days)s") % {"n": interval, "days": days}
    return _("Every %(days)s") % {"days": days}


def _ranked(events: QuerySet) -> QuerySet:
    """Each event with its place among the dates of its series or course (1 = the first) and
    how many dates its series or course has among ``events``."""
    groups = [F("series_id"), F("course_id"), _one_off()]
    return events.select_related("series").annotate(
        rank=Window(
            RowNumber(), partition_by=groups, order_by=[F("starts_at").asc(), F("pk").asc()]
        ),
        dates_total=Window(Count("pk"), partition_by=groups),
    )


def _listings(rows: Iterable[Event]) -> list[Listing]:
    """Listings in the order of the rows' first dates (the rows ranked by ``_ranked``)."""
    found: dict[tuple, Listing] = {}
    for event in rows:
        listing = found.setdefault(_key(event), Listing(dates=[], total=event.dates_total))
        listing.dates.append(event)
    return sorted(found.values(), key=lambda listing: (listing.event.starts_at, listing.event.pk))


def listings(events: QuerySet, rows: Iterable[dict]) -> list[Listing]:
    """The listings of a page of ``grouped(events)``: each with its first ``DATES_SHOWN``
    dates among ``events`` (one query, whatever the number of dates)."""
    rows = list(rows)
    if not rows:
        return []
    series = [row["series_id"] for row in rows if row["series_id"]]
    courses = [row["course_id"] for row in rows if row["course_id"] and not row["series_id"]]
    one_offs = [row["one_off"] for row in rows if row["one_off"]]
    chosen = _ranked(
        events.filter(Q(pk__in=one_offs) | Q(series_id__in=series) | Q(course_id__in=courses))
    ).filter(rank__lte=DATES_SHOWN)
    return _listings(chosen)


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


def upcoming_by_space(spaces: Sequence) -> dict[int, list[Listing]]:
    """For the spaces' pages: their next events, a series or a course once (one query)."""
    by_space: dict[int, list[Listing]] = {space.pk: [] for space in spaces}
    horizon = timezone.now() + datetime.timedelta(days=SPACE_SECTION_DAYS)
    events = _ranked(upcoming().filter(space_id__in=list(by_space), starts_at__lte=horizon))
    for listing in _listings(events.filter(rank__lte=DATES_SHOWN)):
        if len(by_space[listing.event.space_id]) < SPACE_SECTION_LIMIT:
            by_space[listing.event.space_id].append(listing)
    return by_space


def home_events() -> list[Listing]:
    events = upcoming()
    return listings(events, grouped(events)[:HOME_LIMIT])


def search_events(query: str, user):

    events = text_search.search(upcoming(), query, through=("course",))
    results = []
    for listing in listings(events, grouped(events)[:SEARCH_LIMIT]):
        event = listing.event
        when = f"{timezone.localtime(event.starts_at):%d/%m/%Y %H:%M}"
        if listing.rhythm:
            when = _("%(rhythm)s; next on %(date)s") % {"rhythm": listing.rhythm, "date": when}
        results.append(
            SearchResult(
                title=event.title, url=listing.url, summary=f"{when} · {event.space.title}"
            )
        )
    return results


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
    """A person's courses, each with ``attended_count`` and ``sessions_count`` as
    ``courses.attendance_of`` counts them (so the page tells who earned a certificate in the
    same query)."""
    sessions = (
        Event.objects.filter(course=OuterRef("course"), cancelled_at__isnull=True)
        .order_by()
        .values("course")
        .annotate(n=Count("pk"))
        .values("n")
    )
    attended = (
        Attendance.objects.filter(
            enrollment=OuterRef("pk"), present=True, session__cancelled_at__isnull=True
        )
        .order_by()
        .values("enrollment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Enrollment.objects.filter(user=user, state__in=ACTIVE_STATES)
        .select_related("course", "course__space")
        .annotate(
            sessions_count=Coalesce(Subquery(sessions, output_field=IntegerField()), 0),
            attended_count=Coalesce(Subquery(attended, output_field=IntegerField()), 0),
        )
        .order_by("-created_at")
    )


@dataclass
class CourseToRun:
    """A course on the "my events" page of its educator or coordinator: its next session and
    the sessions held whose attendance nobody has recorded yet."""

    course: Course
    next_session: Event | None
    to_record: list[Event]


def courses_to_run(user, space_ids: Iterable[int]) -> list[CourseToRun]:
    """The courses ``user`` teaches or coordinates (in ``space_ids``) that still run or ended
    lately, the one whose next session comes first at the top (two queries)."""
    now = timezone.now()
    live = Q(sessions__cancelled_at__isnull=True)
    courses = list(
        Course.objects.filter(Q(educator=user) | Q(space_id__in=list(space_ids)))
        .filter(cancelled_at__isnull=True)
        .annotate(
            next_start=Min("sessions__starts_at", filter=live & Q(sessions__ends_at__gte=now)),
            last_start=Max("sessions__starts_at", filter=live),
        )
        .filter(last_start__gte=now - RUN_COURSES_SINCE)
        .select_related("space")
        .order_by(F("next_start").asc(nulls_last=True), "-last_start", "pk")[:RUN_COURSES_LIMIT]
    )
    if not courses:
        return []
    recorded = Attendance.objects.filter(session=OuterRef("pk"))
    coming = Case(When(ends_at__gte=now, then=1), default=0, output_field=IntegerField())
    sessions = (
        Event.objects.filter(course_id__in=[course.pk for course in courses])
        .filter(cancelled_at__isnull=True)
        .filter(Q(ends_at__gte=now) | Q(~Exists(recorded), starts_at__lte=now))
        .annotate(
            coming=coming,
            rank=Window(
                RowNumber(),
                partition_by=[F("course_id"), coming],
                order_by=[F("starts_at").asc(), F("pk").asc()],
            ),
        )
        .filter(rank__lte=RUN_SESSIONS_SHOWN)
        .order_by("starts_at", "pk")
    )
    by_course = {course.pk: CourseToRun(course, None, []) for course in courses}
    for session in sessions:
        row = by_course[session.course_id]
        if not session.coming:
            row.to_record.append(session)
        elif row.next_session is None:
            row.next_session = session
    return list(by_course.values())


def events_run_in(space_ids: Iterable[int]) -> list[Listing]:
    """The next events (not courses' sessions) of the spaces someone runs, a series once."""
    events = upcoming().filter(space_id__in=list(space_ids), course__isnull=True)
    return listings(events, grouped(events)[:RUN_EVENTS_LIMIT])


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
