"""Writes on courses: publishing one with its sessions (from a weekly rule), adding a session,
enrolments with places and a waitlist, attendance per session, and the certificate of
attendance (``wemi_community.certificates``) for who attended enough of it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spaces_pages.models import Closure
from wemi_community.certificates.models import Certificate
from wemi_community.certificates.services import certificate_issue
from wemi_community.core.audit import audit_log
from wemi_community.core.errors import StateConflict
from wemi_community.core.ids import parse_id
from wemi_community.core.sanitize import sanitize_html
from wemi_community.notifications.services import notify
from wemi_community.participation import seats as seats_engine

from . import evidence, kinds, permissions
from .event_data import clean_event_data, clean_text
from .models import ACTIVE_STATES, Attendance, Category, Course, Enrollment, Event
from .recurrence import Rule, occurrences
from .services import _insert_with_code
from .states import REGISTRATION_STATES

R = Enrollment.State


def _clean_course_data(data: dict) -> dict:
    errors = {}
    title = clean_text(data.get("title"), 140)
    if not title:
        errors["title"] = _("Give the course a title.")
    source = str(data.get("description") or "").replace("\x00", "")[:6000]
    capacity = data.get("capacity")
    if capacity in ("", None):
        capacity = None
    else:
        try:
            capacity = int(capacity)
        except (TypeError, ValueError):
            capacity = 0
        if capacity < 1:
            errors["capacity"] = _("At least 1 place, or leave it empty for no limit.")
    value = data.get("attendance_threshold")
    try:
        threshold = int(value) if value not in (None, "") else 75
    except (TypeError, ValueError):
        threshold = 0
    if not 1 <= threshold <= 100:
        errors["attendance_threshold"] = _("From 1 to 100 per cent.")
    educator = data.get("educator")
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "description_source": source,
        "description_html": sanitize_html(source, "rich"),
        "capacity": capacity,
        "attendance_threshold": threshold,
        "educator": educator,
        "educator_name": clean_text(data.get("educator_name"), 120)
        or (educator.display_name if educator else ""),
        "registration_opens_at": data.get("registration_opens_at"),
        "registration_closes_at": data.get("registration_closes_at"),
    }


def _session(course: Course, actor, starts_at, ends_at, place: dict) -> Event:
    session = Event(
        space=course.space,
        course=course,
        title=course.title,
        description_source=course.description_source,
        description_html=course.description_html,
        category=Category.COURSE,
        registration_required=False,
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=actor,
        **place,
    )
    session.save()
    return session


@transaction.atomic
def course_create(*, actor, space, data: dict, rule: Rule, place: dict | None = None) -> Course:
    """A course and its sessions, one per occurrence of ``rule`` (skipping closures)."""
    if not permissions.can_publish_in(actor, space):
        raise PermissionDenied
    cleaned = _clean_course_data(data)
    closures = list(Closure.objects.filter(space=space).values_list("start_date", "end_date"))
    times = occurrences(rule, closures)
    if times[0][0] <= timezone.now():
        raise ValidationError({"starts_on": _("The first session must be in the future.")})
    place = clean_event_data(place or {}, partial=True)
    course = Course.objects.create(space=space, created_by=actor, **cleaned)
    for starts_at, ends_at in times:
        _session(course, actor, starts_at, ends_at, place)
    audit_log(
        actor=actor, action=kinds.COURSE_CREATED, target=course, data={"sessions": len(times)}
    )
    return course


@transaction.atomic
def session_add(*, actor, course: Course, starts_at, ends_at) -> Event:
    course = Course.objects.select_for_update().get(pk=course.pk)
    if not permissions.can_manage_course(actor, course):
        raise PermissionDenied
    if not starts_at or not ends_at or ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must come after the start.")})
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Choose a start in the future.")})
    last = course.sessions.order_by("-starts_at").first()
    place = {}
    if last is not None:
        place = {
            key: getattr(last, key) for key in ("place_kind", "place_name", "address", "online_url")
        }
    session = _session(course, actor, starts_at, ends_at, place)
    audit_log(actor=actor, action=kinds.COURSE_SESSION_ADDED, target=course)
    return session


# --- Enrolments ----------------------------------------------------------------------------------


def first_session(course: Course) -> Event | None:
    return course.sessions.filter(cancelled_at__isnull=True).order_by("starts_at").first()


def check_enrolment_open(course: Course, now=None) -> None:
    now = now or timezone.now()
    if course.is_cancelled:
        raise StateConflict(_("This course is cancelled."))
    first = first_session(course)
    closes = course.registration_closes_at or (first.starts_at if first else None)
    if course.registration_opens_at and now < course.registration_opens_at:
        raise StateConflict(
            _("Sign-up opens on %(date)s.")
            % {"date": timezone.localtime(course.registration_opens_at).strftime("%d/%m/%Y")}
        )
    if closes is None or now >= closes:
        raise StateConflict(_("Sign-up for this course is closed."))


def _tell_promoted(course: Course, promoted: list[Enrollment], actor=None) -> None:
    notify([enrollment.user_id for enrollment in promoted], kinds.NOTIFY_COURSE_PROMOTED, course)


def _course_may_promote(course: Course) -> bool:
    """Places move up until the last session has started."""
    last = course.sessions.order_by("-starts_at").first()
    return last is None or last.starts_at > timezone.now()


# One place per enrolment, in the order people asked.
ENROLLMENT_SEATS = seats_engine.SeatBook(
    entry_model=Enrollment,
    parent_field="course",
    table=REGISTRATION_STATES,
    confirmed=R.CONFIRMED,
    waitlisted=R.WAITLISTED,
    promotion=seats_engine.Promotion.IN_ORDER,
    order_by=("created_at", "pk"),
    free=lambda course: None if course.capacity is None else course.capacity - course.seats_taken,
    may_promote=_course_may_promote,
    counters=("seats_taken", "waitlist_count"),
    stamps={R.CONFIRMED: ("confirmed_at",), R.CANCELLED: ("cancelled_at",)},
    promoted_stamps=("promoted_at",),
    promoted_action=kinds.COURSE_PROMOTED,
    on_promoted=_tell_promoted,
    insert=_insert_with_code,
)


@transaction.atomic
def enrollment_create(*, actor, course: Course, person=None) -> Enrollment:
    """A place in the course for ``person`` (the actor, unless the desk signs someone up) if
    there is one, else on its waitlist."""
    person = person or actor
    course = seats_engine.lock(Course, course.pk, related=("space",))
    if not permissions.can_register_for(actor, person, course.space):
        raise PermissionDenied
    check_enrolment_open(course)
    existing = Enrollment.objects.filter(
        course=course, user=person, state__in=ACTIVE_STATES
    ).first()
    if existing is not None:
        raise StateConflict(
            _("You are already signed up: “%(state)s”.") % {"state": R(existing.state).label}
        )
    enrollment = Enrollment(course=course, user=person, created_at=timezone.now())
    seats_engine.take(
        ENROLLMENT_SEATS,
        parent=course,
        entry=enrollment,
        actor=actor,
        person=person,
        actions=(kinds.COURSE_ENROLLED, kinds.COURSE_WAITLISTED),
    )
    evidence.enrolled(enrollment)
    return enrollment


@transaction.atomic
def enrollment_cancel(*, actor, enrollment: Enrollment, person=None) -> Enrollment:
    person = person or actor
    course = seats_engine.lock(Course, enrollment.course_id, related=("space",))
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.user_id != getattr(person, "pk", None):
        raise PermissionDenied
    if not permissions.can_register_for(actor, person, course.space):
        raise PermissionDenied
    if enrollment.state not in ACTIVE_STATES:
        raise StateConflict(_("This sign-up is already cancelled."))
    seats_engine.release(
        ENROLLMENT_SEATS,
        parent=course,
        entry=enrollment,
        target=R.CANCELLED,
        actor=actor,
        person=person,
        action=kinds.COURSE_ENROLLMENT_CANCELLED,
    )
    return enrollment


# --- Attendance and certificates -------------------------------------------------------------


@transaction.atomic
def attendance_record(*, actor, session: Event, present_ids) -> int:
    """Records, for every confirmed participant, whether they came to ``session``
    (``present_ids``: the enrolments present). Returns how many were present."""
    session = Event.objects.select_related("course", "course__space", "space").get(pk=session.pk)
    course = session.course
    if course is None:
        raise StateConflict(_("This event is not a session of a course."))
    if not permissions.can_record_attendance(actor, course):
        raise PermissionDenied
    if session.starts_at > timezone.now():
        raise StateConflict(_("Attendance is recorded once the session has started."))
    if session.is_cancelled:
        raise StateConflict(_("This session was cancelled."))
    present = {pk for pk in map(parse_id, present_ids) if pk is not None}
    enrollments = list(
        Enrollment.objects.filter(course=course, state=R.CONFIRMED).select_related("user")
    )
    unknown = present - {enrollment.pk for enrollment in enrollments}
    if unknown:
        raise ValidationError({"present": _("Some of the people ticked are not in this course.")})
    for enrollment in enrollments:
        attendance, created = Attendance.objects.update_or_create(
            enrollment=enrollment,
            session=session,
            defaults={"present": enrollment.pk in present, "recorded_by": actor},
        )
        attendance.enrollment = enrollment
        if attendance.present:
            evidence.present(attendance, session)
        elif not created:
            evidence.absent(attendance)
    audit_log(
        actor=actor,
        action=kinds.COURSE_ATTENDANCE_RECORDED,
        target=course,
        data={"present": len(present)},
    )
    return len(present)


def attendance_of(enrollment: Enrollment) -> tuple[int, int]:
    """(sessions attended, sessions of the course that were not cancelled)."""
    sessions = enrollment.course.sessions.filter(cancelled_at__isnull=True).count()
    attended = Attendance.objects.filter(
        enrollment=enrollment, present=True, session__cancelled_at__isnull=True
    ).count()
    return attended, sessions


def earns_certificate(enrollment: Enrollment, attended: int, sessions: int) -> bool:
    """Whether ``attended`` of ``sessions`` (as ``attendance_of`` counts them) earn it."""
    return (
        enrollment.state == R.CONFIRMED
        and sessions > 0
        and attended * 100 >= enrollment.course.attendance_threshold * sessions
    )


def has_earned_certificate(enrollment: Enrollment) -> bool:
    return earns_certificate(enrollment, *attendance_of(enrollment))


@transaction.atomic
def certificate_for(*, actor, enrollment: Enrollment, person=None) -> Certificate:
    """The certificate of attendance, for who attended at least the course's threshold;
    ``person`` is the actor unless the space's desk asks for it for them."""
    person = person or actor
    enrollment = Enrollment.objects.select_related("course", "course__space", "user").get(
        pk=enrollment.pk
    )
    if not permissions.can_get_certificate_for(actor, person, enrollment):
        raise PermissionDenied
    if not has_earned_certificate(enrollment):
        raise StateConflict(
            _("The certificate comes with %(threshold)s%% of the sessions attended.")
            % {"threshold": enrollment.course.attendance_threshold}
        )
    attended, sessions = attendance_of(enrollment)
    dates = (
        Attendance.objects.filter(enrollment=enrollment, present=True)
        .order_by("session__starts_at")
        .values_list("session__starts_at", flat=True)
    )
    dates = [timezone.localtime(moment).date() for moment in dates]
    course = enrollment.course
    return certificate_issue(
        kind=Certificate.Kind.COURSE,
        holder=enrollment.user,
        subject=course.title,
        issuer_name=course.space.title,
        source=enrollment,
        period_start=dates[0] if dates else None,
        period_end=dates[-1] if dates else None,
        details={"attended": attended, "sessions": sessions},
        actor=actor,
    )
