"""Demo events and course, written through the services (``services.py`` and ``courses.py``)
so that seats, waitlists, codes, notifications and the audit trail are what the site itself
would write. The plan and the texts are in ``demo_data.py``.

Runs after the accounts, spaces, proposals and labs demos (settings.PROJECT_APPS order).
Idempotent: once the demo events exist, a new seed leaves them as they are. Events and course
sessions that already happened are written in the future, as the services require, then
moved back to their day, as the labs' and proposals' demos back-date their rows."""

from __future__ import annotations

import datetime
from typing import TextIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from spaces_pages.demo import DEMO_STAFF_SPACE, demo_spaces, ensure_coordinator
from spaces_pages.models import SpacePage
from wemi_community.accounts.demo import (
    DEMO_ORGANISATION,
    DEMO_PASSWORD,
    clock_time,
    demo_email,
    demo_person,
    say,
)
from wemi_community.accounts.models import Organisation, User
from wemi_community.core.milan import in_rome

from . import checkin, courses, services
from .demo_data import CAPUANA_COORDINATOR, COURSE, EDUCATOR, EVENTS, PEOPLE, EventSpec
from .models import Course, Enrollment, Event, Registration
from .recurrence import Rule


def already_seeded() -> bool:
    return Event.objects.filter(title=EVENTS[0].title).exists()


def seed(*, size: int = 1, stdout: TextIO | None = None) -> None:
    """Creates the demo events and course unless they are there. ``size`` is not used."""
    if already_seeded():
        say(stdout, "Events: the demo events are already there, left as they are.")
        return
    slugs = {spec.space for spec in EVENTS} | {COURSE["space"]}
    spaces = demo_spaces(slugs)
    coordinator = User.objects.filter(email=demo_email("coordinatrice")).first()
    missing = sorted(slugs - spaces.keys())
    if missing or coordinator is None:
        say(stdout, f"Events: demo skipped, missing spaces or accounts ({missing}).")
        return
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        summary = DemoEvents(spaces, coordinator).run()
    say(stdout, summary)


class DemoEvents:
    def __init__(self, spaces: dict[str, SpacePage], coordinator: User):
        self.spaces = spaces
        self.today = timezone.localdate()
        self.coordinators = {DEMO_STAFF_SPACE: coordinator}
        self.people: dict[str, User] = {}

    def run(self) -> str:
        local_part, name = CAPUANA_COORDINATOR
        self.coordinators["capuana"] = ensure_coordinator(self.spaces["capuana"], local_part, name)
        for local_part, display_name, municipio in PEOPLE:
            self.people[local_part] = demo_person(local_part, display_name, municipio)
        for local_part in ("residente", "vicino"):
            self.people[local_part] = User.objects.get(email=demo_email(local_part))
        events = [self.build_event(spec) for spec in EVENTS]
        course = self.build_course()
        return f"Events: {sum(len(group) for group in events)} events and the course “{course}”."

    def coordinator_of(self, slug: str) -> User:
        if slug not in self.coordinators:
            space = self.spaces[slug]
            self.coordinators[slug] = ensure_coordinator(
                space, f"coordinamento.{slug}", f"Coordinamento {space.title} (demo)"
            )
        return self.coordinators[slug]

    # --- Events ------------------------------------------------------------------------------

    def _data(self, spec: EventSpec, day: datetime.date) -> dict:
        data = {
            "title": spec.title,
            "description": spec.description,
            "category": spec.category,
            "audience": spec.audience,
            "place_kind": spec.place_kind,
            "place_name": spec.place_name,
            "address": spec.address,
            "online_url": spec.extra.get("online_url", spec.online_url),
            "registration_required": spec.registration_required,
            "capacity": spec.capacity,
            "max_seats_per_registration": spec.max_seats,
            "price": spec.price,
            "organiser_kind": spec.organiser_kind,
            "organiser_name": spec.organiser_name,
            "provider": Organisation.objects.filter(name=DEMO_ORGANISATION).first()
            if spec.organiser_kind == "provider"
            else None,
            "starts_at": in_rome(day, clock_time(spec.start)),
            "ends_at": in_rome(day, clock_time(spec.end)),
        }
        return data

    def build_event(self, spec: EventSpec) -> list[Event]:
        coordinator = self.coordinator_of(spec.space)
        past = spec.days < 0
        # What already happened is written a week ahead, then moved back.
        day = self.today + datetime.timedelta(days=spec.days if not past else 7)
        rule = None
        if spec.weekly:
            weekdays, weeks = spec.weekly
            rule = Rule(
                starts_on=day,
                weekdays=weekdays,
                start_time=clock_time(spec.start),
                end_time=clock_time(spec.end),
                count=weeks,
            )
        events = services.event_create(
            actor=coordinator, space=self.spaces[spec.space], data=self._data(spec, day), rule=rule
        )
        first = events[0]
        for local_part, seats in spec.registrations:
            services.registration_create(actor=self.people[local_part], event=first, seats=seats)
        if past:
            shift = datetime.timedelta(days=7 - spec.days)
            Event.objects.filter(pk=first.pk).update(
                starts_at=first.starts_at - shift, ends_at=first.ends_at - shift
            )
            first.refresh_from_db()
            for local_part in spec.checked_in:
                registration = Registration.objects.get(event=first, user=self.people[local_part])
                checkin.check_in(actor=coordinator, event=first, code=registration.code)
        if spec.cancelled:
            services.event_cancel(actor=coordinator, event=first, reason=spec.cancelled)
        return events

    # --- The course --------------------------------------------------------------------------

    def build_course(self) -> Course:
        space = self.spaces[COURSE["space"]]
        coordinator = self.coordinator_of(COURSE["space"])
        local_part, name, municipio = EDUCATOR
        educator = demo_person(local_part, name, municipio)
        if not educator.check_password(DEMO_PASSWORD):
            # The educator signs in to record the attendance, with the demo logins' password.
            educator.set_password(DEMO_PASSWORD)
            educator.save(update_fields=["password"])
        # Written four weeks later than meant (the services accept only sessions to come), then
        # moved back: three held, the last one to come. The dates ignore the closures, so that
        # moving them back keeps them weekly.
        following = self.today + datetime.timedelta(days=COURSE["days_to_next"])
        weeks_back = COURSE["held"] + 1
        course = courses.course_create(
            actor=coordinator,
            space=space,
            data={
                "title": COURSE["title"],
                "description": COURSE["description"],
                "capacity": COURSE["capacity"],
                "attendance_threshold": COURSE["attendance_threshold"],
                "educator": educator,
            },
            rule=Rule(
                starts_on=following + datetime.timedelta(weeks=weeks_back - COURSE["held"]),
                weekdays=(following.weekday(),),
                start_time=clock_time(COURSE["start"]),
                end_time=clock_time(COURSE["end"]),
                count=COURSE["sessions"],
                skip_closures=False,
            ),
            place={"place_name": COURSE["place_name"]},
        )
        enrollments = {
            local_part: courses.enrollment_create(actor=self.people[local_part], course=course)
            for local_part, _attended in COURSE["participants"]
        }
        shift = datetime.timedelta(weeks=weeks_back)
        for session in course.sessions.all():
            # The same wall-clock hours on the earlier day, whatever the clocks did between.
            starts, ends = (
                timezone.localtime(session.starts_at),
                timezone.localtime(session.ends_at),
            )
            Event.objects.filter(pk=session.pk).update(
                starts_at=in_rome(starts.date() - shift, starts.time()),
                ends_at=in_rome(ends.date() - shift, ends.time()),
            )
        Enrollment.objects.filter(course=course).update(
            created_at=timezone.now() - shift - datetime.timedelta(days=3)
        )
        held = list(course.sessions.order_by("starts_at")[: COURSE["held"]])
        for index, session in enumerate(held):
            present = [
                enrollments[local_part].pk
                for local_part, attended in COURSE["participants"]
                if index < attended
            ]
            courses.attendance_record(actor=educator, session=session, present_ids=present)
        return course
