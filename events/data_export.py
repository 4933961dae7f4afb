"""The person's events and courses, for "download my data": registrations (the waitlist
included: its state says so) and check-ins, course enrolments and attendance, reminders
sent, and whether a personal calendar address exists (its secret is not copied). Who
checked them in or recorded attendance is another person and stays out."""

from django.utils.translation import gettext_lazy as _

from wemi_community.accounts.personal_data import plain

from .models import Attendance, CalendarToken, Enrollment, Registration, Reminder

TABLES = {
    "events_registrations": _(
        "Your registrations for events, waitlist places and check-ins included"
    ),
    "courses_enrolments": _("Your enrolments in courses"),
    "courses_attendance": _("Your attendance at each session of your courses"),
    "events_reminders": _("The reminders sent to you the day before an event"),
    "events_calendar_feed": _("Your personal calendar address (its secret is not copied)"),
}

COLUMNS = {
    "event": _("Event"),
    "course": _("Course"),
    "session": _("Session of the course"),
    "starts_at": _("When it starts"),
    "seats": _("Seats taken (you and the people with you)"),
    "code": _("Your code, shown at the door"),
    "confirmed_at": _("When your place was confirmed"),
    "promoted_at": _("When you moved up from the waitlist"),
    "cancelled_at": _("When it was cancelled"),
    "checked_in_at": _("When you were checked in at the door"),
    "present": _("Whether you were there"),
    "recorded_at": _("When it was recorded"),
    "sent_at": _("When it was sent"),
}


def export(user) -> dict[str, list[dict]]:
    registrations = (
        Registration.objects.filter(user=user)
        .select_related("event__space")
        .order_by("created_at", "pk")
    )
    enrolments = (
        Enrollment.objects.filter(user=user)
        .select_related("course__space")
        .order_by("created_at", "pk")
    )
    attendance = (
        Attendance.objects.filter(enrollment__user=user)
        .select_related("enrollment__course", "session")
        .order_by("session__starts_at", "pk")
    )
    return {
        "events_registrations": [
            {
                "event": r.event.title,
                "space": r.event.space.title if r.event.space_id else "",
                "starts_at": plain(r.event.starts_at),
                "seats": r.seats,
                "state": r.state,
                "code": r.code,
                "created_at": plain(r.created_at),
                "confirmed_at": plain(r.confirmed_at),
                "promoted_at": plain(r.promoted_at),
                "cancelled_at": plain(r.cancelled_at),
                "checked_in_at": plain(r.checked_in_at),
            }
            for r in registrations
        ],
        "courses_enrolments": [
            {
                "course": e.course.title,
                "space": e.course.space.title if e.course.space_id else "",
                "state": e.state,
                "code": e.code,
                "created_at": plain(e.created_at),
                "confirmed_at": plain(e.confirmed_at),
                "promoted_at": plain(e.promoted_at),
                "cancelled_at": plain(e.cancelled_at),
            }
            for e in enrolments
        ],
        "courses_attendance": [
            {
                "course": a.enrollment.course.title,
                "session": a.session.title,
                "starts_at": plain(a.session.starts_at),
                "present": a.present,
                "recorded_at": plain(a.recorded_at),
            }
            for a in attendance
        ],
        "events_reminders": [
            {"event": m.event.title, "sent_at": plain(m.sent_at)}
            for m in Reminder.objects.filter(user=user)
            .select_related("event")
            .order_by("sent_at", "pk")
        ],
        "events_calendar_feed": [
            {"created_at": plain(t.created_at)}
            for t in CalendarToken.objects.filter(user=user).only("created_at")
        ],
    }
