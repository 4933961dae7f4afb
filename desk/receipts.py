"""The receipt of an assisted session: what the operator did for the person during it, read
from the audit trail, with the codes and QR codes of the seats taken at events and courses,
so the person leaves the desk with something to show at the door.

A registration is audited on its event and an enrolment on its course (the seat engine's
target): the row itself is found as the person's for that event or course, the latest one
taken by the time of the entry (a seat given up and taken again in the same session keeps
each entry with its own row)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms_templates.qr import qr_svg
from events import kinds as event_kinds
from events.models import ACTIVE_STATES, Course, Enrollment, Event, Registration
from wemi_community.core.audit import action_label
from wemi_community.core.ids import parse_id
from wemi_community.core.models import AuditEntry

from . import kinds
from .models import AssistedSession

# The session's own frame: its start and end are the receipt's times, not lines of it.
FRAME_ACTIONS = (
    kinds.DESK_SESSION_STARTED,
    kinds.DESK_SESSION_ENDED,
    kinds.DESK_SESSION_REFUSED_WRITE,
)
# The entries that gave the person a seat or a place on a waitlist: they print its code.
SEAT_ACTIONS = {
    event_kinds.EVENT_REGISTERED,
    event_kinds.EVENT_WAITLISTED,
    event_kinds.COURSE_ENROLLED,
    event_kinds.COURSE_WAITLISTED,
}


@dataclass
class ReceiptLine:
    entry: AuditEntry
    label: str
    name: str
    event: Event | None = None
    registration: Registration | None = None
    course: Course | None = None
    enrollment: Enrollment | None = None
    # A course's sessions not cancelled: the first one's date and place, and how many.
    first_session: Event | None = None
    sessions: int = 0
    code: str = ""
    qr: str = ""

    @property
    def when(self):
        return self.entry.created_at


@dataclass
class Receipt:
    session: AssistedSession
    until: object
    lines: list[ReceiptLine] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.session.ended_at is None

    @property
    def codes(self) -> int:
        return sum(1 for line in self.lines if line.code)


def _entries(session: AssistedSession, until) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            actor_id=session.operator_id,
            on_behalf_of_id=session.person_id,
            created_at__gte=session.started_at,
            created_at__lte=until,
        )
        .exclude(action__in=FRAME_ACTIONS)
        .order_by("created_at", "pk")
    )


def _ids(entries, content_type) -> set[int]:
    return {
        target
        for entry in entries
        if entry.target_type_id == content_type.pk and (target := parse_id(entry.target_id))
    }


def _taken_by(rows, when):
    """The latest of ``rows`` (oldest first) created by ``when``, else the first."""
    chosen = None
    for row in rows:
        if row.created_at <= when:
            chosen = row
    return chosen or (rows[0] if rows else None)


def _seat_code(line: ReceiptLine, row, label: str) -> None:
    if row is None or line.entry.action not in SEAT_ACTIONS or row.state not in ACTIVE_STATES:
        return
    line.code = row.code
    line.qr = qr_svg(row.code, label=label, scale=4)


def session_receipt(session: AssistedSession, now=None) -> Receipt:
    """The receipt of ``session`` (its operator, person and space read with it): the
    entries by its operator for its person from its start to its end, or to ``now`` while
    it is open. A fixed number of queries whatever it holds."""
    until = session.ended_at or (now or timezone.now())
    entries = _entries(session, until)
    person = session.person_id
    event_type = ContentType.objects.get_for_model(Event)
    registration_type = ContentType.objects.get_for_model(Registration)
    course_type = ContentType.objects.get_for_model(Course)
    enrollment_type = ContentType.objects.get_for_model(Enrollment)
    event_ids, course_ids = _ids(entries, event_type), _ids(entries, course_type)
    registration_ids = _ids(entries, registration_type)
    enrollment_ids = _ids(entries, enrollment_type)

    registrations: dict[int, list[Registration]] = {}
    registration_by_pk: dict[int, Registration] = {}
    if event_ids or registration_ids:
        for row in (
            Registration.objects.filter(user_id=person)
            .filter(Q(event_id__in=event_ids) | Q(pk__in=registration_ids))
            .select_related("event__space")
            .order_by("created_at", "pk")
        ):
            registrations.setdefault(row.event_id, []).append(row)
            registration_by_pk[row.pk] = row
    events = Event.objects.select_related("space").in_bulk(event_ids) if event_ids else {}

    enrollments: dict[int, list[Enrollment]] = {}
    enrollment_by_pk: dict[int, Enrollment] = {}
    if course_ids or enrollment_ids:
        for row in (
            Enrollment.objects.filter(user_id=person)
            .filter(Q(course_id__in=course_ids) | Q(pk__in=enrollment_ids))
            .select_related("course__space")
            .order_by("created_at", "pk")
        ):
            enrollments.setdefault(row.course_id, []).append(row)
            enrollment_by_pk[row.pk] = row
            course_ids.add(row.course_id)
    courses = Course.objects.select_related("space").in_bulk(course_ids) if course_ids else {}
    sessions: dict[int, list[Event]] = {}
    if course_ids:
        for occurrence in (
            Event.objects.filter(course_id__in=course_ids, cancelled_at__isnull=True)
            .select_related("space")
            .order_by("starts_at", "pk")
        ):
            sessions.setdefault(occurrence.course_id, []).append(occurrence)

    receipt = Receipt(session=session, until=until)
    for entry in entries:
        line = ReceiptLine(entry=entry, label=action_label(entry.action), name=entry.target_repr)
        target = parse_id(entry.target_id)
        if entry.target_type_id in (event_type.pk, registration_type.pk) and target is not None:
            if entry.target_type_id == registration_type.pk:
                line.registration = registration_by_pk.get(target)
            else:
                line.registration = _taken_by(registrations.get(target, []), entry.created_at)
            line.event = line.registration.event if line.registration else events.get(target)
            _seat_code(line, line.registration, _("QR code of the registration"))
        elif entry.target_type_id in (course_type.pk, enrollment_type.pk) and target is not None:
            if entry.target_type_id == enrollment_type.pk:
                line.enrollment = enrollment_by_pk.get(target)
            else:
                line.enrollment = _taken_by(enrollments.get(target, []), entry.created_at)
            line.course = line.enrollment.course if line.enrollment else courses.get(target)
            if line.course is not None:
                course_sessions = sessions.get(line.course.pk, [])
                line.first_session = course_sessions[0] if course_sessions else None
                line.sessions = len(course_sessions)
            _seat_code(line, line.enrollment, _("QR code of the sign-up"))
        if line.event is not None:
            line.name = line.event.title
        elif line.course is not None:
            line.name = line.course.title
        receipt.lines.append(line)
    return receipt
