"""Events, courses, registrations and enrolments, made through the services."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from events import courses, services
from events.models import Course, Enrollment, Event, Registration
from events.recurrence import Rule, in_rome

from .roles import CoordinatorFactory
from .spaces import SpaceFactory


def _in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class EventFactory(factory.Factory):
    """A one-off event in ``days`` days, 10–12 in Milan; ``cancelled`` cancels it as its
    coordinator would."""

    class Meta:
        model = Event

    space = factory.SubFactory(SpaceFactory)
    title = factory.Sequence(lambda n: f"Laboratorio di cucito {n}")
    days = 5
    capacity = 10
    cancelled = False

    @classmethod
    def _create(cls, model_class, *, space, title, days, capacity, cancelled):
        coordinator = CoordinatorFactory(space=space)
        when = _in_days(days)
        event = services.event_create(
            actor=coordinator,
            space=space,
            data={
                "title": title,
                "description": "Portate un capo da sistemare.",
                "category": "workshop",
                "audience": "everyone",
                "place_kind": "space",
                "registration_required": True,
                "capacity": capacity,
                "max_seats_per_registration": 4,
                "price": "0",
                "organiser_kind": "space",
                "starts_at": in_rome(when, datetime.time(10)),
                "ends_at": in_rome(when, datetime.time(12)),
            },
        )[0]
        if cancelled:
            event = services.event_cancel(actor=coordinator, event=event, reason="Maltempo")[0]
        event.refresh_from_db()
        return event


class RegistrationFactory(factory.Factory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory("tests.factories.UserFactory")
    seats = 1

    @classmethod
    def _create(cls, model_class, *, event, user, seats):
        return services.registration_create(actor=user, event=event, seats=seats)


class CourseFactory(factory.Factory):
    """A weekly course of ``sessions`` sessions from a week from today, 18–20 in Milan."""

    class Meta:
        model = Course

    space = factory.SubFactory(SpaceFactory)
    title = factory.Sequence(lambda n: f"Educazione finanziaria {n}")
    educator = factory.SubFactory("tests.factories.UserFactory", display_name="Educatrice")
    sessions = 3

    @classmethod
    def _create(cls, model_class, *, space, title, educator, sessions):
        start = _in_days(7)
        rule = Rule(
            starts_on=start,
            weekdays=(start.weekday(),),
            start_time=datetime.time(18),
            end_time=datetime.time(20),
            count=sessions,
        )
        return courses.course_create(
            actor=CoordinatorFactory(space=space),
            space=space,
            data={
                "title": title,
                "description": "Il bilancio di casa",
                "capacity": 10,
                "attendance_threshold": 75,
                "educator": educator,
            },
            rule=rule,
        )


class EnrollmentFactory(factory.Factory):
    class Meta:
        model = Enrollment

    course = factory.SubFactory(CourseFactory)
    user = factory.SubFactory("tests.factories.UserFactory")

    @classmethod
    def _create(cls, model_class, *, course, user):
        return courses.enrollment_create(actor=user, course=course)
