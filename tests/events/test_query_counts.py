"""Each events page costs the same number of SQL queries with two rows of every kind it shows
as with four times as many, for the people who see the most of it. The list, the calendar and
the educator's "my events" have theirs in ``test_pages.py``, ``test_series_listing.py`` and
``test_my_events_run.py``."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from events import calendar_tokens, checkin, courses, services
from tests.events.helpers import (
    move_to_the_past,
    publish,
    space_with_coordinator,
    weekly,
    weekly_course,
)
from tests.factories import UserFactory
from tests.queries import page_text, queries_for
from wemi_community.certificates.models import Certificate
from wemi_community.participation import comments

# Upcoming and past events, sessions held and to come: counted at the awkward instants too.
pytestmark = [pytest.mark.django_db, pytest.mark.instants]

FEW, MANY = 2, 8


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def registered(event, count: int, *, tag: str, waiting: int = 0, came: int = 0, by=None) -> list:
    """``count`` people registered (two seats each), ``waiting`` more on the waitlist, the first
    ``came`` of them checked in by the coordinator ``by``; their registrations."""
    rows = [
        services.registration_create(
            actor=UserFactory(display_name=f"Iscritta {tag} {index}"), event=event, seats=2
        )
        for index in range(count + waiting)
    ]
    for row in rows[:came]:
        checkin.check_in(actor=by, event=event, code=row.code)
    return rows


def test_my_events_cost_the_same_for_few_and_many_registrations_and_courses(
    django_assert_num_queries,
):
    """A resident's registrations (confirmed and waiting) and courses (one earned its
    certificate, held sessions attended)."""
    space, coordinator = space_with_coordinator()
    resident = UserFactory(display_name="Giulia")
    made = 0

    def add(count: int) -> None:
        nonlocal made
        for index in range(made, made + count):
            event, _c = publish(
                space=space,
                coordinator=coordinator,
                title=f"Evento {index}",
                capacity=2,
                max_seats_per_registration=2,
            )
            if index % 2:  # full: she waits
                services.registration_create(actor=UserFactory(), event=event, seats=2)
            services.registration_create(actor=resident, event=event, seats=1)
            course, _c = weekly_course(
                space=space, coordinator=coordinator, sessions=2, title=f"Corso {index}"
            )
            enrollment = courses.enrollment_create(actor=resident, course=course)
            for session in course.sessions.order_by("starts_at"):
                move_to_the_past(session, days=3)
                courses.attendance_record(
                    actor=coordinator, session=session, present_ids=[enrollment.pk]
                )
        made += count

    url = reverse("events:mine")
    client = client_of(resident)
    add(FEW)
    few = queries_for(client, url)

    add(MANY - FEW)
    text = page_text(client, url)
    assert all(f"Evento {index}<" in text for index in range(MANY))
    assert all(f"Corso {index}<" in text for index in range(MANY))
    assert text.count("attestato.pdf") == MANY  # every course's certificate earned
    with django_assert_num_queries(few):
        client.get(url)


def test_an_events_page_costs_the_same_for_few_and_many_dates_registrations_and_comments(
    django_assert_num_queries,
):
    """A weekly event's date, seen by its coordinator, a registered resident and anyone."""
    space, coordinator = space_with_coordinator()
    resident = UserFactory(display_name="Giulia")

    def event_with(rows: int, tag: str):
        events, _c = weekly(
            times=rows, space=space, coordinator=coordinator, title=f"Cucito {tag}", capacity=8
        )
        first = events[0]
        registered(first, rows, tag=tag, waiting=rows)
        services.registration_create(actor=resident, event=first, seats=1)
        for index in range(rows):
            root = comments.comment_post(
                actor=UserFactory(), target=first, text=f"Commento {tag} {index}"
            )
            comments.comment_post(
                actor=UserFactory(), target=first, text=f"Risposta {tag}", parent=root
            )
        return first

    few_one, many_one = event_with(FEW, "pochi"), event_with(MANY, "molti")
    for person in (coordinator, resident, None):
        client = client_of(person)
        few = queries_for(client, few_one.get_absolute_url())
        text = page_text(client, many_one.get_absolute_url())
        assert text.count("Commento molti") == MANY
        later = many_one.series.occurrences.exclude(pk=many_one.pk).order_by("starts_at")
        assert all(f'href="{e.get_absolute_url()}"' in text for e in later[:6])
        with django_assert_num_queries(few):
            client.get(many_one.get_absolute_url())


def test_the_registrations_check_in_and_csv_cost_the_same_for_few_and_many(
    django_assert_num_queries,
):
    """What the coordinator reads of an event: registered, waiting, cancelled, checked in."""
    space, coordinator = space_with_coordinator()
    client = client_of(coordinator)

    def event_with(rows: int, tag: str):
        event, _c = publish(
            space=space, coordinator=coordinator, title=f"Cucito {tag}", capacity=2 * rows
        )
        people = registered(event, rows, tag=tag, waiting=rows, came=rows // 2, by=coordinator)
        services.registration_cancel(actor=people[-1].user, registration=people[-1])
        return event

    few_one, many_one = event_with(FEW, "pochi"), event_with(MANY, "molti")
    pages = {
        "events:registrations": {},
        "events:registrations_csv": {},
        "events:check_in": {"q": "Iscritta"},
    }
    for name, data in pages.items():
        few = queries_for(client, reverse(name, args=[few_one.pk]), data)
        url = reverse(name, args=[many_one.pk])
        text = page_text(client, url, data)
        assert text.count("Iscritta molti") == 2 * MANY, name
        with django_assert_num_queries(few):
            client.get(url, data)


def test_a_courses_pages_cost_the_same_for_few_and_many_sessions_and_participants(
    django_assert_num_queries,
):
    """The course's page (its participant, its coordinator, anyone), the register and one
    session's attendance (its educator), with sessions held and to come."""
    space, coordinator = space_with_coordinator()
    educator, resident = UserFactory(display_name="Educatrice"), UserFactory()

    def course_with(rows: int, tag: str):
        course, _c = weekly_course(
            space=space,
            coordinator=coordinator,
            educator=educator,
            sessions=rows,
            capacity=rows + 1,
            title=f"Corso {tag}",
        )
        enrollments = [courses.enrollment_create(actor=resident, course=course)] + [
            courses.enrollment_create(
                actor=UserFactory(display_name=f"Allieva {tag} {index}"), course=course
            )
            for index in range(rows)
        ]
        held = list(course.sessions.order_by("starts_at"))[: rows // 2]
        for index, session in enumerate(held):
            move_to_the_past(session, days=7 * (len(held) - index))
            courses.attendance_record(
                actor=educator, session=session, present_ids=[e.pk for e in enrollments[::2]]
            )
        return course, held[0]

    few_one, few_session = course_with(FEW, "pochi")
    many_one, many_session = course_with(MANY, "molti")
    pages = [
        (resident, "events:course", []),
        (coordinator, "events:course", []),
        (None, "events:course", []),
        (educator, "events:attendance", []),
        (educator, "events:session_attendance", ["session"]),
    ]
    for person, name, extra in pages:
        client = client_of(person)
        few_args = [few_one.pk] + ([few_session.pk] if extra else [])
        many_args = [many_one.pk] + ([many_session.pk] if extra else [])
        few = queries_for(client, reverse(name, args=few_args))
        text = page_text(client, reverse(name, args=many_args))
        if name == "events:course":
            sessions = many_one.sessions.all()
            assert all(f'href="{s.get_absolute_url()}"' in text for s in sessions)
            assert text.count('class="wemi-session-past"') == MANY // 2
        else:
            assert text.count("Allieva molti") == MANY, name
        with django_assert_num_queries(few):
            client.get(reverse(name, args=many_args))


def test_calendar_feeds_cost_the_same_for_few_and_many_events(django_assert_num_queries):
    """A space's calendar and a person's (registrations and courses)."""
    space, coordinator = space_with_coordinator()
    resident = UserFactory()
    token = calendar_tokens.calendar_token(resident)
    made = 0

    def add(count: int) -> None:
        nonlocal made
        for index in range(made, made + count):
            event, _c = publish(
                space=space, coordinator=coordinator, title=f"Evento {index}", days=3 + index
            )
            services.registration_create(actor=resident, event=event, seats=1)
            course, _c = weekly_course(
                space=space, coordinator=coordinator, sessions=2, title=f"Corso {index}"
            )
            courses.enrollment_create(actor=resident, course=course)
        made += count

    client = Client()
    urls = [
        reverse("events:space_feed", args=[space.pk]),
        reverse("events:person_feed", args=[token]),
    ]
    add(FEW)
    few = {url: queries_for(client, url) for url in urls}
    add(MANY - FEW)
    for url in urls:
        assert page_text(client, url).count("BEGIN:VEVENT") >= 3 * MANY, url
        with django_assert_num_queries(few[url]):
            client.get(url)


def test_the_admins_list_of_events_costs_the_same_for_few_and_many(django_assert_num_queries):
    """The coordinator's events in the Wagtail admin, to come and past."""
    space, coordinator = space_with_coordinator()
    client = client_of(coordinator)
    made = 0

    def add(count: int) -> None:
        nonlocal made
        for index in range(made, made + count):
            publish(space=space, coordinator=coordinator, title=f"Evento {index}", days=2 + index)
            past, _c = publish(space=space, coordinator=coordinator, title=f"Passato {index}")
            move_to_the_past(past, days=1 + index)
        made += count

    url = reverse("events_admin:list")
    add(FEW)
    few = {when: queries_for(client, url, {"passati": when}) for when in ("0", "1")}
    add(MANY - FEW)
    for when, row in (("0", "Evento "), ("1", "Passato ")):
        assert page_text(client, url, {"passati": when}).count(row) == MANY
        with django_assert_num_queries(few[when], info=f"passati={when}"):
            client.get(url, {"passati": when})


def test_a_courses_certificate_costs_the_same_for_few_and_many_sessions(
    django_assert_num_queries,
):
    """The PDF names the first and last session attended and counts them."""
    space, coordinator = space_with_coordinator()
    resident = UserFactory()
    client = client_of(resident)

    def attended_course(sessions: int, tag: str):
        course, _c = weekly_course(
            space=space, coordinator=coordinator, sessions=sessions, title=f"Corso {tag}"
        )
        enrollment = courses.enrollment_create(actor=resident, course=course)
        for index, session in enumerate(course.sessions.order_by("starts_at")):
            move_to_the_past(session, days=7 * (sessions - index))
            courses.attendance_record(
                actor=coordinator, session=session, present_ids=[enrollment.pk]
            )
        return reverse("events:certificate", args=[course.pk])

    few = queries_for(client, attended_course(FEW, "breve"))
    url = attended_course(MANY, "lungo")
    assert client.get(url)["Content-Type"] == "application/pdf"
    with django_assert_num_queries(few):
        client.get(url)
    assert Certificate.objects.get(subject="Corso lungo").details["attended"] == MANY
