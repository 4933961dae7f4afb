""" "My events" of who teaches a course or runs a space's events: the courses with their next
session first and the sessions held whose attendance is still to record, each a link to its
attendance page; the events of the spaces one runs, with their registrations and check-in."""

import pytest
from django.test import Client
from django.urls import reverse

from events import courses, services
from tests.events.helpers import move_to_the_past, publish, space_with_coordinator, weekly_course
from tests.factories import UserFactory
from tests.participation.moderation_helpers import city_staff, desk_operator_of

pytestmark = [pytest.mark.django_db, pytest.mark.instants]


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def mine(user) -> str:
    response = client_of(user).get(reverse("events:mine"))
    assert response.status_code == 200
    return response.content.decode()


def attendance_url(course, session) -> str:
    return reverse("events:session_attendance", args=[course.pk, session.pk])


def test_the_educator_reaches_the_sessions_to_record_from_my_events():
    educator = UserFactory(display_name="Laura")
    course, _coordinator = weekly_course(educator=educator, title="Il bilancio di casa")
    enrollment = courses.enrollment_create(actor=UserFactory(), course=course)
    sessions = list(course.sessions.order_by("starts_at"))
    for index, session in enumerate(sessions[:2]):
        move_to_the_past(session, days=9 - 7 * index)

    text = mine(educator)
    assert "I corsi che tieni" in text and "Il bilancio di casa" in text
    assert "Prossimo incontro:" in text and "Potrai registrare le presenze" in text
    # The next session comes first, the two held ones are to record, the register is linked.
    assert text.index("Prossimo incontro:") < text.index("presenze ancora da registrare")
    assert (
        attendance_url(course, sessions[0]) in text and attendance_url(course, sessions[1]) in text
    )
    assert attendance_url(course, sessions[2]) not in text
    assert reverse("events:attendance", args=[course.pk]) in text

    teacher = client_of(educator)
    saved = teacher.post(attendance_url(course, sessions[0]), {"present": [enrollment.pk]})
    assert saved.status_code == 302
    text = mine(educator)
    assert attendance_url(course, sessions[0]) not in text
    assert attendance_url(course, sessions[1]) in text


def test_a_session_under_way_can_be_recorded_at_once():
    educator = UserFactory()
    course, _c = weekly_course(educator=educator)
    session = course.sessions.order_by("starts_at").first()
    move_to_the_past(session, days=0)  # started now, ends in two hours
    text = mine(educator)
    assert "Registra le presenze" in text and attendance_url(course, session) in text


def test_the_next_session_first_across_courses():
    educator = UserFactory()
    space, coordinator = space_with_coordinator()
    later, _c = weekly_course(
        space=space, coordinator=coordinator, educator=educator, title="Corso che viene dopo"
    )
    sooner, _c = weekly_course(
        space=space, coordinator=coordinator, educator=educator, title="Corso che viene prima"
    )
    first = sooner.sessions.order_by("starts_at").first()
    move_to_the_past(first, days=0)
    text = mine(educator)
    assert text.index("Corso che viene prima") < text.index("Corso che viene dopo")


def test_the_coordinator_sees_the_courses_and_events_of_her_spaces():
    space, coordinator = space_with_coordinator()
    course, _c = weekly_course(space=space, coordinator=coordinator, title="Corso dello spazio")
    event, _c = publish(space=space, coordinator=coordinator, title="Cucito creativo")
    text = mine(coordinator)
    assert "Corsi che tieni o coordini" in text and "Corso dello spazio" in text
    assert "Eventi dei tuoi spazi" in text and "Cucito creativo" in text
    assert reverse("events:registrations", args=[event.pk]) in text
    assert reverse("events:check_in", args=[event.pk]) in text

    operator = desk_operator_of(space)
    text = mine(operator)
    assert reverse("events:check_in", args=[event.pk]) in text
    assert reverse("events:registrations", args=[event.pk]) not in text
    assert "Corso dello spazio" not in text


def test_residents_and_city_staff_see_only_their_own():
    space, coordinator = space_with_coordinator()
    weekly_course(space=space, coordinator=coordinator, title="Corso dello spazio")
    event, _c = publish(space=space, coordinator=coordinator, title="Cucito creativo")
    resident = UserFactory()
    services.registration_create(actor=resident, event=event, seats=1)
    for person in (resident, city_staff()):
        text = mine(person)
        assert "Corso dello spazio" not in text and "Eventi dei tuoi spazi" not in text
        assert "I corsi che tieni" not in text
    assert "Cucito creativo" in mine(resident)


def test_my_events_costs_the_same_queries_for_one_course_or_many(django_assert_max_num_queries):
    educator = UserFactory()
    space, coordinator = space_with_coordinator()
    weekly_course(space=space, coordinator=coordinator, educator=educator)
    client = client_of(educator)
    client.get(reverse("events:mine"))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("events:mine"))
    for n in range(4):
        course, _c = weekly_course(
            space=space, coordinator=coordinator, educator=educator, sessions=12, title=f"C{n}"
        )
        for session in course.sessions.order_by("starts_at")[:3]:
            move_to_the_past(session, days=20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("events:mine"))
