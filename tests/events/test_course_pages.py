"""Course pages: publishing one, its page with sign-up and the waitlist, the attendance
register and a session's attendance for the educator, adding a session, the certificate."""

import pytest
from django.test import Client
from django.urls import reverse

from events import courses
from events.models import Attendance, Course, Enrollment, Event
from tests.events.helpers import day, move_to_the_past, space_with_coordinator, weekly_course
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_coordinator_publishes_a_course_with_its_sessions():
    space, coordinator = space_with_coordinator()
    educator = UserFactory(email="laura@esempio.example", display_name="Laura")
    client = client_of(coordinator)
    assert client.get(reverse("events:course_create")).status_code == 200
    start = day(9)
    response = client.post(
        reverse("events:course_create"),
        {
            "space": space.pk,
            "title": "Educazione finanziaria",
            "description": "Il bilancio di casa",
            "educator_email": "LAURA@esempio.example",
            "capacity": "12",
            "attendance_threshold": "75",
            "date": start.isoformat(),
            "weekdays": [str(start.weekday())],
            "count": "4",
            "start_time": "18:00",
            "end_time": "20:00",
            "place_name": "Aula corsi",
        },
    )
    course = Course.objects.get()
    assert response.status_code == 302 and response["Location"] == course.get_absolute_url()
    assert course.educator == educator and course.sessions.count() == 4
    assert set(course.sessions.values_list("place_name", flat=True)) == {"Aula corsi"}


def test_bad_courses_come_back_with_messages():
    space, coordinator = space_with_coordinator()
    response = client_of(coordinator).post(
        reverse("events:course_create"),
        {"space": space.pk, "title": "", "educator_email": "nessuno@x.example", "count": "0"},
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "Nessun account attivo ha questo indirizzo." in text
    assert not Course.objects.exists()


def test_sign_up_waitlist_and_cancel_from_the_page():
    course, _c = weekly_course(capacity=1)
    first, second = UserFactory(), UserFactory()
    page = client_of(first).get(course.get_absolute_url()).content.decode()
    assert "Iscriviti al corso" in page and "4 incontri" in page
    assert client_of(first).post(reverse("events:enroll", args=[course.pk])).status_code == 302
    client_of(second).post(reverse("events:enroll", args=[course.pk]))
    states = dict(Enrollment.objects.values_list("user_id", "state"))
    assert states == {first.pk: "confirmed", second.pk: "waitlisted"}
    twice = client_of(first).post(reverse("events:enroll", args=[course.pk]))
    assert twice.status_code == 409
    client_of(first).post(reverse("events:enrollment_cancel", args=[course.pk]))
    assert Enrollment.objects.get(user=second).state == "confirmed"


def test_the_educator_records_attendance_and_the_participant_downloads_the_certificate():
    educator = UserFactory(display_name="Laura")
    course, coordinator = weekly_course(educator=educator)
    person = UserFactory(display_name="Giulia Rossi")
    enrollment = courses.enrollment_create(actor=person, course=course)
    sessions = list(course.sessions.order_by("starts_at"))
    for index, session in enumerate(sessions[:3]):
        move_to_the_past(session, days=3 - index)
    teacher = client_of(educator)
    register = teacher.get(reverse("events:attendance", args=[course.pk]))
    assert register.status_code == 200 and "Giulia Rossi" in register.content.decode()
    future = teacher.post(
        reverse("events:session_attendance", args=[course.pk, sessions[3].pk]),
        {"present": [enrollment.pk]},
    )
    assert future.status_code == 409
    for session in sessions[:3]:
        url = reverse("events:session_attendance", args=[course.pk, session.pk])
        assert teacher.get(url).status_code == 200
        assert teacher.post(url, {"present": [enrollment.pk]}).status_code == 302
    assert Attendance.objects.filter(present=True).count() == 3
    participant = client_of(person)
    page = participant.get(course.get_absolute_url()).content.decode()
    assert "Incontri frequentati: 3 su 4." in page and "Attestato di frequenza (PDF)" in page
    pdf = participant.get(reverse("events:certificate", args=[course.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        "Attestato di frequenza (PDF)" in participant.get(reverse("events:mine")).content.decode()
    )


def test_who_may_record_attendance_and_add_sessions():
    course, coordinator = weekly_course()
    session = course.sessions.first()
    resident = client_of(UserFactory())
    assert resident.get(reverse("events:attendance", args=[course.pk])).status_code == 403
    assert (
        resident.get(reverse("events:session_attendance", args=[course.pk, session.pk])).status_code
        == 403
    )
    assert resident.get(reverse("events:certificate", args=[course.pk])).status_code == 403
    added = client_of(coordinator).post(
        reverse("events:session_add", args=[course.pk]),
        {"date": day(60).isoformat(), "start_time": "18:00", "end_time": "20:00"},
    )
    assert added.status_code == 302 and Event.objects.filter(course=course).count() == 5
    wrong = client_of(coordinator).post(
        reverse("events:session_add", args=[course.pk]),
        {"date": day(60).isoformat(), "start_time": "20:00", "end_time": "18:00"},
    )
    assert wrong.status_code == 422
    assert resident.post(reverse("events:session_add", args=[course.pk]), {}).status_code == 403
