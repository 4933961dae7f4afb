"""What the events and courses tell the observatory: each registration (on the waitlist too:
it is demand) and each check-in, with the seats taken; each course enrolment and each person
present at a session. Events have no catalogue category: they count by space and place.
Called by the services inside their transactions; ``backfill`` for the rows already there
(``apps.EventsConfig.evidence_backfill``).

A registration or enrolment cancelled later, a check-in undone, keep their facts: the demand
and the visit were there. A presence corrected to an absence in the register was a slip: its
fact goes."""

from __future__ import annotations

from wemi_community.evidence.kinds import FactKind
from wemi_community.evidence.services import fact_backfill, fact_record, fact_withdraw

from .models import Attendance, Enrollment, Event, Registration


def _registration(registration: Registration, event: Event) -> dict:
    return {
        "kind": FactKind.EVENT_REGISTRATION,
        "source": f"events.registration:{registration.pk}",
        "when": registration.created_at,
        "person": registration.user,
        "space": event.space,
        "people": registration.seats,
    }


def _attendance(registration: Registration, event: Event) -> dict:
    return {
        **_registration(registration, event),
        "kind": FactKind.EVENT_ATTENDANCE,
        "when": registration.checked_in_at,
    }


def _enrollment(enrollment: Enrollment) -> dict:
    return {
        "kind": FactKind.COURSE_ENROLMENT,
        "source": f"events.enrollment:{enrollment.pk}",
        "when": enrollment.created_at,
        "person": enrollment.user,
        "space": enrollment.course.space,
    }


def _present(attendance: Attendance, session: Event) -> dict:
    return {
        "kind": FactKind.COURSE_ATTENDANCE,
        "source": f"events.attendance:{attendance.pk}",
        # The moment of the session, however late its register is filled in.
        "when": session.starts_at,
        "person": attendance.enrollment.user,
        "space": session.space,
    }


def registered(registration: Registration, event: Event) -> None:
    fact_record(**_registration(registration, event))


def checked_in(registration: Registration, event: Event) -> None:
    fact_record(**_attendance(registration, event))


def enrolled(enrollment: Enrollment) -> None:
    fact_record(**_enrollment(enrollment))


def present(attendance: Attendance, session: Event) -> None:
    fact_record(**_present(attendance, session))


def absent(attendance: Attendance) -> None:
    fact_withdraw(kind=FactKind.COURSE_ATTENDANCE, source=f"events.attendance:{attendance.pk}")


def backfill(*, refresh: bool = False) -> int:
    written = 0
    registrations = Registration.objects.select_related("user", "event__space")
    for registration in registrations.order_by("pk").iterator():
        event = registration.event
        written += fact_backfill(refresh=refresh, **_registration(registration, event))
        if registration.checked_in_at is not None:
            written += fact_backfill(refresh=refresh, **_attendance(registration, event))
    enrollments = Enrollment.objects.select_related("user", "course__space")
    for enrollment in enrollments.order_by("pk").iterator():
        written += fact_backfill(refresh=refresh, **_enrollment(enrollment))
    attendances = Attendance.objects.filter(present=True).select_related(
        "enrollment__user", "session__space"
    )
    for attendance in attendances.order_by("pk").iterator():
        written += fact_backfill(refresh=refresh, **_present(attendance, attendance.session))
    return written
