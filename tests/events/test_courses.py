"""Courses: sessions from a weekly rule (skipping closures), one sign-up for all of them with
places and a waitlist, attendance per session by the educator or the coordinators, and the
certificate of attendance for who reached the threshold, whose code verifies publicly."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from events import courses
from events.models import Attendance, Enrollment, Event
from tests.events.helpers import move_to_the_past, space_with_coordinator, weekly_course
from tests.factories import UserFactory
from tests.factories.roles import DeskOperatorFactory
from tests.factories.spaces import SpaceFactory
from wemi_community.certificates.models import Certificate
from wemi_community.core.errors import StateConflict
from wemi_community.core.models import AuditEntry

# Date-sensitive: run now and at the awkward instants of tests/instants.py.
pytestmark = [pytest.mark.django_db, pytest.mark.instants]
R = Enrollment.State


def held(course, count: int):
    """Moves the first ``count`` sessions into the past."""
    sessions = list(course.sessions.order_by("starts_at")[:count])
    for index, session in enumerate(sessions):
        move_to_the_past(session, days=count - index)
    return sessions


class TestPublishing:
    def test_a_course_has_its_sessions_and_no_registration_of_their_own(self):
        course, _c = weekly_course(sessions=4)
        sessions = list(course.sessions.order_by("starts_at"))
        assert len(sessions) == 4
        assert all(not session.registration_required for session in sessions)
        assert [s.starts_at.date() - sessions[0].starts_at.date() for s in sessions] == [
            datetime.timedelta(weeks=n) for n in range(4)
        ]

    def test_bad_courses_are_refused(self):
        space, coordinator = space_with_coordinator()
        with pytest.raises(ValidationError):
            weekly_course(space=space, coordinator=coordinator, title="")
        with pytest.raises(ValidationError):
            weekly_course(space=space, coordinator=coordinator, attendance_threshold=0)
        with pytest.raises(ValidationError):
            weekly_course(space=space, coordinator=coordinator, capacity=0)
        with pytest.raises(PermissionDenied):
            weekly_course(space=space, coordinator=UserFactory())
        assert not Event.objects.exists()


class TestEnrolment:
    def test_places_then_the_waitlist_then_promotion(self):
        course, _c = weekly_course(capacity=2)
        first, second, third = (
            courses.enrollment_create(actor=UserFactory(), course=course) for _ in range(3)
        )
        assert [first.state, second.state, third.state] == [R.CONFIRMED, R.CONFIRMED, R.WAITLISTED]
        with pytest.raises(StateConflict):
            courses.enrollment_create(actor=first.user, course=course)
        courses.enrollment_cancel(actor=first.user, enrollment=first)
        third.refresh_from_db()
        course.refresh_from_db()
        assert third.state == R.CONFIRMED
        assert (course.seats_taken, course.waitlist_count) == (2, 0)

    def test_sign_up_closes_at_the_first_session(self):
        course, _c = weekly_course()
        held(course, 1)
        with pytest.raises(StateConflict):
            courses.enrollment_create(actor=UserFactory(), course=course)


class TestAttendanceAndCertificate:
    def _course_with(self, people: int = 2, sessions: int = 4):
        educator = UserFactory(display_name="Laura educatrice")
        course, coordinator = weekly_course(sessions=sessions, educator=educator)
        enrollments = [
            courses.enrollment_create(actor=UserFactory(display_name=f"Persona {n}"), course=course)
            for n in range(people)
        ]
        return course, coordinator, educator, enrollments

    def test_the_educator_records_attendance_of_sessions_that_started(self):
        course, _c, educator, enrollments = self._course_with()
        future = course.sessions.order_by("starts_at").first()
        with pytest.raises(StateConflict):
            courses.attendance_record(actor=educator, session=future, present_ids=[])
        first, *_rest = held(course, 1)
        with pytest.raises(PermissionDenied):
            courses.attendance_record(actor=UserFactory(), session=first, present_ids=[])
        with pytest.raises(ValidationError):
            courses.attendance_record(actor=educator, session=first, present_ids=[999999])
        count = courses.attendance_record(
            actor=educator, session=first, present_ids=[str(enrollments[0].pk)]
        )
        assert count == 1
        assert Attendance.objects.filter(session=first).count() == 2
        assert Attendance.objects.get(enrollment=enrollments[0], session=first).present
        assert not Attendance.objects.get(enrollment=enrollments[1], session=first).present

    def test_three_of_four_sessions_earn_the_certificate_two_do_not(self):
        course, _c, educator, (keen, busy) = self._course_with()
        for index, session in enumerate(held(course, 3)):
            present = [keen.pk] + ([busy.pk] if index == 0 else [])
            courses.attendance_record(actor=educator, session=session, present_ids=present)
        assert courses.attendance_of(keen) == (3, 4)
        assert courses.has_earned_certificate(keen)
        assert not courses.has_earned_certificate(busy)
        with pytest.raises(StateConflict):
            courses.certificate_for(actor=busy.user, enrollment=busy)
        with pytest.raises(PermissionDenied):
            courses.certificate_for(actor=busy.user, enrollment=keen)
        certificate = courses.certificate_for(actor=keen.user, enrollment=keen)
        assert certificate.kind == Certificate.Kind.COURSE
        assert certificate.details == {"attended": 3, "sessions": 4}
        assert certificate.holder_name == keen.user.display_name
        again = courses.certificate_for(actor=keen.user, enrollment=keen)
        assert again.pk == certificate.pk and again.code == certificate.code

    def test_the_desk_asks_for_a_resident_s_certificate_and_both_are_audited(self):
        course, _c, educator, (keen, _busy) = self._course_with()
        for session in held(course, 3):
            courses.attendance_record(actor=educator, session=session, present_ids=[keen.pk])
        certificate = courses.certificate_for(actor=keen.user, enrollment=keen)
        entry = AuditEntry.objects.get(action="certificate.issued")
        assert (entry.actor, entry.on_behalf_of) == (keen.user, None)
        certificate.delete()
        entry.delete()
        operator = DeskOperatorFactory(space=course.space)
        for outsider in (DeskOperatorFactory(space=SpaceFactory()), UserFactory()):
            with pytest.raises(PermissionDenied):
                courses.certificate_for(actor=outsider, person=keen.user, enrollment=keen)
        assert not Certificate.objects.exists()
        issued = courses.certificate_for(actor=operator, person=keen.user, enrollment=keen)
        assert issued.holder == keen.user
        entry = AuditEntry.objects.get(action="certificate.issued")
        assert (entry.actor, entry.on_behalf_of) == (operator, keen.user)

    def test_the_pdf_and_the_public_verification(self, client):
        course, _c, educator, (keen, _busy) = self._course_with()
        for session in held(course, 3):
            courses.attendance_record(actor=educator, session=session, present_ids=[keen.pk])
        client.force_login(keen.user)
        response = client.get(reverse("events:certificate", args=[course.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        certificate = Certificate.objects.get()
        page = client.get(reverse("certificates:verify", args=[certificate.code]))
        text = page.content.decode()
        assert page.status_code == 200 and "Attestato autentico" in text
        assert keen.user.display_name in text and course.title in text
        assert "3 incontri su 4" in text
        lower = reverse("certificates:verify", args=[certificate.code.lower().replace("-", "")])
        assert client.get(lower).status_code == 302
        tampered = certificate.code[:-1] + ("A" if certificate.code[-1] != "A" else "B")
        refused = client.get(reverse("certificates:verify", args=[tampered]))
        assert (
            refused.status_code == 404
            and "Nessun attestato ha questo codice" in refused.content.decode()
        )

    def test_someone_who_did_not_reach_the_threshold_gets_a_clear_refusal(self, client):
        course, _c, _educator, (keen, _busy) = self._course_with()
        client.force_login(keen.user)
        response = client.get(reverse("events:certificate", args=[course.pk]))
        assert response.status_code == 409
        assert "75%" in response.content.decode()
        assert not Certificate.objects.exists()
