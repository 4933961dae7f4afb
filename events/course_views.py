"""Course pages: publishing a course with its sessions, its page with sign-up (places and
waitlist), attendance per session for the educator and the coordinators, adding a session,
and the certificate of attendance as a PDF whose code anyone can check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spaces_pages.permissions import coordinates_a_space
from wemi_community.certificates.pdf import render_pdf
from wemi_community.core.errors import StateConflict
from wemi_community.core.forms import add_service_errors

from . import courses, permissions
from .forms import SERVICE_FIELDS, CourseForm, SessionForm
from .models import ACTIVE_STATES, Attendance, Course, Enrollment, Event

COURSE_TEMPLATE = "events/course_detail.html"


def _course_or_404(pk: int) -> Course:
    return get_object_or_404(Course.objects.select_related("space", "educator"), pk=pk)


def _mine(user, course: Course) -> Enrollment | None:
    if not user.is_authenticated:
        return None
    return Enrollment.objects.filter(course=course, user=user, state__in=ACTIVE_STATES).first()


def _course_context(request, course: Course, *, error: str = "", session_form=None) -> dict:
    user = request.user
    mine = _mine(user, course)
    sessions = list(course.sessions.order_by("starts_at"))
    attended = set()
    if mine is not None:
        attended = set(
            Attendance.objects.filter(enrollment=mine, present=True).values_list(
                "session_id", flat=True
            )
        )
    try:
        courses.check_enrolment_open(course)
        open_now = True
    except StateConflict:
        open_now = False
    now = timezone.now()
    return {
        "course": course,
        "sessions": [
            {
                "session": session,
                "attended": session.pk in attended,
                "past": session.starts_at <= now,
            }
            for session in sessions
        ],
        "enrollment": mine,
        "attendance": courses.attendance_of(mine) if mine else None,
        "certificate": mine is not None and courses.has_earned_certificate(mine),
        "open_now": open_now,
        "is_full": course.capacity is not None and course.seats_taken >= course.capacity,
        "can_manage": permissions.can_manage_course(user, course),
        "can_record": permissions.can_record_attendance(user, course),
        "session_form": session_form or SessionForm(),
        "login_url": redirect_to_login(f"{course.get_absolute_url()}#iscrizione").url,
        "error_message": error,
    }


@require_GET
def course_detail(request, pk: int):
    course = _course_or_404(pk)
    return render(request, COURSE_TEMPLATE, _course_context(request, course))


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request):
    if not coordinates_a_space(request.user):
        raise PermissionDenied
    form = CourseForm(request.POST or None, user=request.user)
    context = {"form": form, "title": _("Publish a course")}
    if request.method == "GET":
        return render(request, "events/course_form.html", context)
    if not form.is_valid():
        return render(request, "events/course_form.html", context, status=422)
    data = {**form.cleaned_data, "educator": getattr(form, "educator", None)}
    try:
        course = courses.course_create(
            actor=request.user,
            space=form.cleaned_data["space"],
            data=data,
            rule=form.rule(),
            place={"place_name": form.cleaned_data.get("place_name", "")},
        )
    except ValidationError as error:
        add_service_errors(form, error, field_names=SERVICE_FIELDS)
        return render(request, "events/course_form.html", context, status=422)
    messages.success(request, _("The course and its sessions are published."))
    return redirect(course)


def _again(request, course, *, status: int, error: str = "", session_form=None):
    course.refresh_from_db()
    return render(
        request,
        COURSE_TEMPLATE,
        _course_context(request, course, error=error, session_form=session_form),
        status=status,
    )


@require_POST
def enroll(request, pk: int):
    course = _course_or_404(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(f"{course.get_absolute_url()}#iscrizione")
    try:
        enrollment = courses.enrollment_create(actor=request.user, course=course)
    except StateConflict as error:
        return _again(request, course, status=409, error=str(error))
    if enrollment.state == Enrollment.State.CONFIRMED:
        messages.success(request, _("You are signed up to the course and all its sessions."))
    else:
        messages.info(
            request, _("The course is full: you are on the waitlist, and move up if a place frees.")
        )
    return redirect(f"{course.get_absolute_url()}#iscrizione")


@require_POST
def enrollment_cancel(request, pk: int):
    course = _course_or_404(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(course.get_absolute_url())
    mine = _mine(request.user, course)
    if mine is None:
        return _again(request, course, status=409, error=_("You have no sign-up to cancel."))
    courses.enrollment_cancel(actor=request.user, enrollment=mine)
    messages.success(request, _("Your sign-up is cancelled."))
    return redirect(course)


@login_required
@require_POST
def session_add(request, pk: int):
    course = _course_or_404(pk)
    if not permissions.can_manage_course(request.user, course):
        raise PermissionDenied
    form = SessionForm(request.POST)
    if not form.is_valid():
        return _again(request, course, status=422, session_form=form)
    try:
        courses.session_add(
            actor=request.user,
            course=course,
            starts_at=form.cleaned_data["starts_at"],
            ends_at=form.cleaned_data["ends_at"],
        )
    except ValidationError as error:
        add_service_errors(form, error, field_names=SERVICE_FIELDS)
        return _again(request, course, status=422, session_form=form)
    messages.success(request, _("The session is added."))
    return redirect(f"{course.get_absolute_url()}#incontri")


# --- Attendance ------------------------------------------------------------------------------


@login_required
@require_GET
def attendance(request, pk: int):
    """The register: participants × sessions, with each one's share."""
    course = _course_or_404(pk)
    if not permissions.can_record_attendance(request.user, course):
        raise PermissionDenied
    sessions = list(course.sessions.filter(cancelled_at__isnull=True).order_by("starts_at"))
    enrollments = list(
        Enrollment.objects.filter(course=course, state=Enrollment.State.CONFIRMED)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )
    present = set(
        Attendance.objects.filter(enrollment__course=course, present=True).values_list(
            "enrollment_id", "session_id"
        )
    )
    recorded = set(
        Attendance.objects.filter(enrollment__course=course).values_list("session_id", flat=True)
    )
    rows = []
    for enrollment in enrollments:
        marks = [(session, (enrollment.pk, session.pk) in present) for session in sessions]
        count = sum(1 for _session, mark in marks if mark)
        rows.append(
            {
                "enrollment": enrollment,
                "marks": marks,
                "count": count,
                "earned": sessions and count * 100 >= course.attendance_threshold * len(sessions),
            }
        )
    return render(
        request,
        "events/attendance.html",
        {
            "course": course,
            "sessions": sessions,
            "recorded": recorded,
            "rows": rows,
            "now": timezone.now(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_attendance(request, pk: int, session_pk: int):
    course = _course_or_404(pk)
    if not permissions.can_record_attendance(request.user, course):
        raise PermissionDenied
    session = get_object_or_404(Event, pk=session_pk, course=course)
    enrollments = list(
        Enrollment.objects.filter(course=course, state=Enrollment.State.CONFIRMED)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )
    present = set(
        Attendance.objects.filter(session=session, present=True).values_list(
            "enrollment_id", flat=True
        )
    )
    context = {"course": course, "session": session, "enrollments": enrollments, "present": present}
    if request.method == "GET":
        return render(request, "events/session_attendance.html", context)
    ticked = request.POST.getlist("present")
    try:
        count = courses.attendance_record(actor=request.user, session=session, present_ids=ticked)
    except StateConflict as error:
        return render(
            request,
            "events/session_attendance.html",
            {**context, "error_message": str(error)},
            status=409,
        )
    except ValidationError as error:
        return render(
            request,
            "events/session_attendance.html",
            {**context, "error_message": " ".join(error.messages)},
            status=422,
        )
    messages.success(request, _("Attendance saved: %(count)s present.") % {"count": count})
    return redirect("events:attendance", pk=course.pk)


# --- The certificate -----------------------------------------------------------------------


@login_required
@require_GET
def certificate(request, pk: int):
    course = _course_or_404(pk)
    mine = _mine(request.user, course)
    if mine is None:
        raise PermissionDenied
    try:
        issued = courses.certificate_for(actor=request.user, enrollment=mine)
    except StateConflict as error:
        return _again(request, course, status=409, error=str(error))
    response = HttpResponse(render_pdf(issued), content_type="application/pdf")
    name = slugify(f"attestato-{course.title}")[:80]
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
