"""Running events: publishing one (once or repeating), editing and cancelling one date or all
the following, the list of registrations with its CSV, and the check-in page at the door
(phone-sized: by code typed or scanned, or by name). Coordinators of the event's space (and,
for check-in, its desk operators); anyone else gets 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from spaces_pages.permissions import coordinates_a_space
from wemi_community.core.errors import StateConflict
from wemi_community.core.exports import csv_response
from wemi_community.core.forms import add_service_errors
from wemi_community.core.ids import parse_id

from . import checkin, permissions, services
from .forms import SERVICE_FIELDS, CancelEventForm, CheckInForm, EventForm
from .models import Event, Registration

REGISTRATIONS_PER_PAGE = 50
FORM_TEMPLATE = "events/event_form.html"


def event_data_with_image(user, form, event: Event | None = None) -> dict:
    """The form's data for the services, with its picture stored (or the event's kept)."""
    data = form.event_data()
    if form.cleaned_data.get("image"):
        data["image"] = services.image_store(
            actor=user, upload=form.cleaned_data["image"], title=data["title"]
        )
        data["image_alt"] = form.cleaned_data.get("image_alt", "")
    elif event is not None and event.image_id:
        data["image"], data["image_alt"] = event.image, form.cleaned_data.get("image_alt", "")
    return data


def _managed(request, pk: int, check=permissions.can_manage_event) -> Event:
    event = get_object_or_404(Event.objects.select_related("space", "series"), pk=pk)
    if not check(request.user, event):
        raise PermissionDenied
    return event


def _form_page(request, form, *, title: str, event=None, status: int = 200):
    return render(
        request, FORM_TEMPLATE, {"form": form, "title": title, "event": event}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    if not coordinates_a_space(request.user):
        raise PermissionDenied
    initial = {}
    if space := parse_id(request.GET.get("spazio")):
        initial["space"] = space
    form = EventForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    title = _("Publish an event")
    if request.method == "GET":
        return _form_page(request, form, title=title)
    if not form.is_valid():
        return _form_page(request, form, title=title, status=422)
    try:
        # A refused event keeps no stored picture.
        with transaction.atomic():
            data = event_data_with_image(request.user, form)
            events = services.event_create(
                actor=request.user, space=form.cleaned_data["space"], data=data, rule=form.rule()
            )
    except ValidationError as error:
        add_service_errors(form, error, field_names=SERVICE_FIELDS)
        return _form_page(request, form, title=title, status=422)
    if len(events) > 1:
        messages.success(request, _("%(count)s dates are published.") % {"count": len(events)})
    else:
        messages.success(request, _("The event is published."))
    return redirect(events[0])


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int):
    event = _managed(request, pk)
    series = event.series_id is not None
    form = EventForm(
        request.POST or None,
        request.FILES or None,
        mode="edit",
        series=series,
        initial=EventForm.initial_from(event),
    )
    title = _("Edit the event")
    if event.is_cancelled or event.is_past:
        return render(
            request,
            FORM_TEMPLATE,
            {
                "form": None,
                "title": title,
                "event": event,
                "error_message": _("This event is cancelled or over: it can no longer change."),
            },
            status=409,
        )
    if request.method == "GET":
        return _form_page(request, form, title=title, event=event)
    if not form.is_valid():
        return _form_page(request, form, title=title, event=event, status=422)
    try:
        # A refused event keeps no stored picture.
        with transaction.atomic():
            data = event_data_with_image(request.user, form, event)
            updated = services.event_update(
                actor=request.user,
                event=event,
                data=data,
                scope=form.cleaned_data.get("scope") or "one",
            )
    except ValidationError as error:
        add_service_errors(form, error, field_names=SERVICE_FIELDS)
        return _form_page(request, form, title=title, event=event, status=422)
    except StateConflict as error:
        form.add_error(None, str(error))
        return _form_page(request, form, title=title, event=event, status=409)
    messages.success(
        request,
        _("Saved: %(count)s dates changed.") % {"count": len(updated)}
        if len(updated) > 1
        else _("The event is saved."),
    )
    return redirect(event)


@login_required
@require_http_methods(["GET", "POST"])
def event_cancel(request, pk: int):
    event = _managed(request, pk)
    form = CancelEventForm(request.POST or None, series=event.series_id is not None)
    context = {"event": event, "form": form}
    if request.method == "GET":
        return render(request, "events/event_cancel.html", context)
    if not form.is_valid():
        return render(request, "events/event_cancel.html", context, status=422)
    try:
        cancelled = services.event_cancel(
            actor=request.user,
            event=event,
            reason=form.cleaned_data.get("reason", ""),
            scope=form.cleaned_data.get("scope") or "one",
        )
    except StateConflict as error:
        return render(
            request,
            "events/event_cancel.html",
            {**context, "error_message": str(error)},
            status=409,
        )
    messages.success(
        request,
        _("Cancelled: %(count)s dates. Everyone registered is told.") % {"count": len(cancelled)},
    )
    return redirect(event)


# --- Registrations and check-in ------------------------------------------------------------


def _registrations(event: Event, query: str = ""):
    rows = Registration.objects.filter(event=event).select_related("user", "checked_in_by")
    query = query.strip()
    if query:
        code = checkin.normalise_code(query)
        rows = rows.filter(
            Q(user__display_name__icontains=query) | Q(user__email__icontains=query) | Q(code=code)
        )
    return rows.order_by("state", "created_at", "pk")


@login_required
@require_http_methods(["GET"])
def registrations(request, pk: int):
    event = _managed(request, pk)
    page_obj = Paginator(
        _registrations(event, request.GET.get("q", "")), REGISTRATIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "events/registrations.html",
        {
            "event": event,
            "page_obj": page_obj,
            "rows": page_obj.object_list,
            "query": request.GET.get("q", ""),
        },
    )


@login_required
@require_http_methods(["GET"])
def registrations_csv(request, pk: int):
    """Who registered and who came, for the space's records."""
    event = _managed(request, pk)
    header = [_("name"), _("seats"), _("state"), _("code"), _("registered at"), _("checked in at")]
    rows = (
        [
            row.user.display_name or row.user.email,
            row.seats,
            row.get_state_display(),
            row.code,
            timezone.localtime(row.created_at).strftime("%d/%m/%Y %H:%M"),
            timezone.localtime(row.checked_in_at).strftime("%d/%m/%Y %H:%M")
            if row.checked_in_at
            else "",
        ]
        for row in _registrations(event).iterator()
    )
    name = slugify(f"{event.title}-{timezone.localtime(event.starts_at):%Y-%m-%d}")[:80]
    return csv_response(f"{name}-presenze.csv", header, rows)


def _check_in_page(request, event, form, *, status=200, error="", checked=None):
    query = request.GET.get("q", "") if request.method == "GET" else ""
    rows = list(_registrations(event, query)[:30]) if query else []
    confirmed = Registration.objects.filter(event=event, state=Registration.State.CONFIRMED)
    return render(
        request,
        "events/check_in.html",
        {
            "event": event,
            "form": form,
            "query": query,
            "rows": rows,
            "checked": checked,
            "arrived": confirmed.filter(checked_in_at__isnull=False).count(),
            "expected": confirmed.count(),
            "error_message": error,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, pk: int):
    event = _managed(request, pk, check=permissions.can_check_in)
    if request.method == "GET":
        return _check_in_page(request, event, CheckInForm())
    form = CheckInForm(request.POST)
    if not form.is_valid():
        return _check_in_page(request, event, form, status=422)
    try:
        registration = checkin.check_in(
            actor=request.user, event=event, code=form.cleaned_data["code"]
        )
    except ValidationError as error:
        add_service_errors(form, error, field_names=SERVICE_FIELDS)
        return _check_in_page(request, event, form, status=422)
    except StateConflict as error:
        return _check_in_page(request, event, CheckInForm(), status=409, error=str(error))
    return _check_in_page(request, event, CheckInForm(), checked=registration)


@login_required
@require_POST
def check_in_undo(request, pk: int, registration_pk: int):
    event = _managed(request, pk, check=permissions.can_check_in)
    registration = get_object_or_404(Registration, pk=registration_pk, event=event)
    try:
        checkin.check_in_undo(actor=request.user, registration=registration)
    except StateConflict as error:
        return _check_in_page(request, event, CheckInForm(), status=409, error=str(error))
    messages.info(request, _("Check-in undone."))
    return redirect("events:check_in", pk=event.pk)
