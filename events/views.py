"""Event pages at /eventi/: the list with its filters, the month calendar, an event's page
with registration (seats, waitlist, code and QR code, cancelling), and "my events" with the
person's calendar address. Publishing and running events is in ``manage_views.py``, courses
in ``course_views.py``, calendar feeds in ``feed_views.py``.

Every write calls ``services.py``: bad input comes back as the form with its errors (422), a
state conflict as the page with the message (409), a refusal as 403."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cms_templates.links import request_url
from cms_templates.list_filters import applied
from cms_templates.qr import qr_svg
from spaces_pages.permissions import coordinates_a_space
from wemi_community.core.errors import StateConflict
from wemi_community.core.forms import add_service_errors

from . import calendar_tokens, live, permissions, selectors, services
from .courses import earns_certificate
from .filters import CalendarFilter, EventFilter
from .forms import RegistrationForm
from .models import ACTIVE_STATES, Event, Registration

EVENTS_PER_PAGE = 12
DETAIL_TEMPLATE = "events/event_detail.html"


@require_GET
def event_list(request):
    filterset = EventFilter(request.GET or None, queryset=selectors.event_list())
    events = filterset.qs
    filters = applied(filterset)
    # A series or a course is one line, with its next dates: the pages count those lines.
    page_obj = Paginator(selectors.grouped(events), EVENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "events/event_list.html",
        {
            "filter_form": filterset.form,
            "is_filtered": bool(filters),
            "page_obj": page_obj,
            "listings": selectors.listings(events, page_obj.object_list),
            "can_publish": request.user.is_authenticated and coordinates_a_space(request.user),
            "space_filter": filters.get("space"),
        },
    )


def _month(request) -> tuple[int, int]:
    today = timezone.localdate()
    raw = request.GET.get("mese", "")
    try:
        year, month = (int(part) for part in raw.split("-", 1))
        datetime.date(year, month, 1)
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        return today.year, today.month
    return year, month


@require_GET
def event_calendar(request):
    """A month as a table: one row per week, one cell per day with its events."""
    year, month = _month(request)
    filterset = CalendarFilter(
        request.GET or None, queryset=selectors.event_list(include_past=True)
    )
    events = filterset.qs
    first = datetime.date(year, month, 1)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    query = request.GET.copy()
    query.pop("mese", None)
    return render(
        request,
        "events/event_calendar.html",
        {
            "weeks": selectors.month_grid(year, month, events),
            "month": first,
            "previous": previous,
            "following": following,
            "filter_form": filterset.form,
            "query": query.urlencode(),
        },
    )


# --- An event -----------------------------------------------------------------------------------


def _my_registration(user, event: Event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(event=event, user=user, state__in=ACTIVE_STATES)
        .order_by("-created_at")
        .first()
    )


def _registration_state(event: Event) -> str:
    """Why registering is possible or not, as one word for the template."""
    try:
        services.check_registration_open(event)
    except StateConflict:
        if not event.registration_required or event.course_id:
            return "not_needed"
        if event.is_cancelled:
            return "cancelled"
        if event.has_started:
            return "started"
        if event.registration_opens_at and timezone.now() < event.registration_opens_at:
            return "not_yet"
        return "closed"
    return "open"


def detail_context(request, event: Event, *, form=None, error: str = "") -> dict:
    user = request.user
    mine = _my_registration(user, event)
    state = _registration_state(event)
    full = event.capacity is not None and event.free_seats == 0
    return {
        "event": event,
        "registration": mine,
        "code_qr": (
            qr_svg(mine.code, label=_("QR code of your registration"), scale=5)
            if mine and mine.state == Registration.State.CONFIRMED
            else None
        ),
        "registration_state": state,
        "is_full": full,
        "form": form or RegistrationForm(most=event.max_seats_per_registration),
        "can_manage": permissions.can_manage_event(user, event),
        "can_check_in": permissions.can_check_in(user, event),
        "login_url": redirect_to_login(f"{event.get_absolute_url()}#iscrizione").url,
        "ics_url": request_url(request, reverse("events:event_feed", args=[event.pk])),
        "space_ics_url": request_url(request, reverse("events:space_feed", args=[event.space_id])),
        "ws_path": f"/ws/eventi/{event.pk}/",
        "rhythm": (
            selectors.rhythm(event.series.weekdays, event.series.interval)
            if event.series_id
            else ""
        ),
        "other_dates": (
            list(
                Event.objects.filter(series_id=event.series_id, ends_at__gte=timezone.now())
                .exclude(pk=event.pk)
                .order_by("starts_at")[:6]
            )
            if event.series_id
            else []
        ),
        "error_message": error,
    }


def _event_or_404(pk: int) -> Event:
    return get_object_or_404(
        Event.objects.select_related(
            "space", "space__municipio", "course", "provider", "image", "series"
        ),
        pk=pk,
    )


@require_GET
def event_detail(request, pk: int):
    event = _event_or_404(pk)
    return render(request, DETAIL_TEMPLATE, detail_context(request, event))


@never_cache
@require_GET
def event_seats(request, pk: int):
    """The free seats, as the websocket sends them, for a page whose live updates are paused
    (seats.js polls it)."""
    event = get_object_or_404(Event, pk=pk)
    return JsonResponse(live.seats_event(event))


def _again(request, event: Event, *, status: int, form=None, error: str = ""):
    event.refresh_from_db()
    return render(
        request,
        DETAIL_TEMPLATE,
        detail_context(request, event, form=form, error=error),
        status=status,
    )


@require_POST
def register(request, pk: int):
    event = _event_or_404(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(f"{event.get_absolute_url()}#iscrizione")
    form = RegistrationForm(request.POST, most=event.max_seats_per_registration)
    if not form.is_valid():
        return _again(request, event, status=422, form=form)
    try:
        registration = services.registration_create(
            actor=request.user, event=event, seats=form.cleaned_data["seats"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _again(request, event, status=422, form=form)
    except StateConflict as error:
        return _again(request, event, status=409, error=str(error))
    if registration.state == Registration.State.CONFIRMED:
        messages.success(
            request,
            _("You are registered. Your code is %(code)s: show it at the door.")
            % {"code": registration.code},
        )
    else:
        messages.info(
            request,
            _(
                "The event is full: you are on the waitlist. If seats free up, you move up "
                "automatically and we tell you."
            ),
        )
    return redirect(f"{event.get_absolute_url()}#iscrizione")


@require_POST
def registration_cancel(request, pk: int):
    event = _event_or_404(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(event.get_absolute_url())
    registration = _my_registration(request.user, event)
    if registration is None:
        return _again(request, event, status=409, error=_("You have no registration to cancel."))
    try:
        services.registration_cancel(actor=request.user, registration=registration)
    except StateConflict as error:
        return _again(request, event, status=409, error=str(error))
    messages.success(request, _("Your registration is cancelled: the seats go to who is waiting."))
    return redirect(event)


# --- My events ------------------------------------------------------------------------------


@login_required
@require_GET
def my_events(request):
    user = request.user
    enrollments = list(selectors.my_enrollments(user))
    token = calendar_tokens.calendar_token(user)
    managed, served = permissions.spaces_run_by(user)
    to_run = selectors.courses_to_run(user, managed)
    return render(
        request,
        "events/my_events.html",
        {
            "registrations": list(selectors.my_registrations(request.user)),
            "enrollments": [
                {
                    "enrollment": enrollment,
                    "certificate": earns_certificate(
                        enrollment, enrollment.attended_count, enrollment.sessions_count
                    ),
                }
                for enrollment in enrollments
            ],
            "feed_url": request_url(request, reverse("events:person_feed", args=[token])),
            "courses_to_run": to_run,
            "teaching_only": all(row.course.educator_id == user.pk for row in to_run),
            "events_to_run": selectors.events_run_in(served) if served else [],
            "managed_spaces": managed,
            "now": timezone.now(),
        },
    )
