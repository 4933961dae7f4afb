"""The appointments' pages. Residents: a space's free slots by day and point, booking, and
"my appointments" with cancelling (an operator in an assisted session uses these same
pages as the person). The desk: publishing slots for its points, and the day's
appointments by time.

Every write calls ``desk.appointments``: bad input comes back next to the fields (422), a
taken or past slot with its message (409), someone else's appointment as 404."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms_templates import i18n
from spaces_pages.models import SpacePage
from wemi_community.core.errors import StateConflict
from wemi_community.core.forms import add_service_errors

from . import appointment_selectors as selectors
from . import appointments, calls, permissions
from .forms import BookForm, DayForm, SlotsPublishForm, WeekForm
from .models import Appointment
from .views import current_desk, operator_of

MAX_WEEKS_AHEAD = 26
TODAY_CALLS_SHOWN = 20


# --- Residents ---------------------------------------------------------------------------------


def _space(space_pk: int) -> SpacePage:
    page = get_object_or_404(SpacePage.objects.live().public(), pk=space_pk)
    # Slots belong to the space's page in the default language, where the modules point.
    return i18n.source(page)


def _first_day(request, week_form: WeekForm) -> datetime.date:
    today = timezone.localdate()
    first = today
    if week_form.is_valid() and week_form.cleaned_data.get("da"):
        first = week_form.cleaned_data["da"]
        if first < today:
            first = today
        elif first > today + datetime.timedelta(weeks=MAX_WEEKS_AHEAD):
            week_form.add_error("da", _("Slots are shown up to six months ahead."))
            first = today
    return first


def _book_page(request, space, *, form=None, error="", status=200):
    week_form = WeekForm(request.GET or None)
    first = _first_day(request, week_form)
    today = timezone.localdate()
    week = datetime.timedelta(days=selectors.WEEK)
    return render(
        request,
        "desk/appointments_book.html",
        {
            "space": space,
            "days": selectors.free_slots(space, first),
            "form": form or BookForm(),
            "week_form": week_form,
            "first": first,
            "last": first + week - datetime.timedelta(days=1),
            "previous": first - week if first > today else None,
            "next": first + week,
            "chosen": str((form.data.get("slot") if form is not None else "") or ""),
            "error": error,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def book(request, space_pk: int):
    space = _space(space_pk)
    if request.method == "GET":
        return _book_page(request, space)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = BookForm(request.POST)
    if not form.is_valid():
        return _book_page(request, space, form=form, status=422)
    slot = selectors.slot_of_space(space, form.cleaned_data["slot"])
    if slot is None:
        form.add_error("slot", _("Choose one of the free times."))
        return _book_page(request, space, form=form, status=422)
    try:
        appointments.appointment_book(
            actor=request.user,
            slot=slot,
            topic=form.cleaned_data["topic"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _book_page(request, space, form=form, status=422)
    except StateConflict as error:
        return _book_page(request, space, form=form, error=str(error), status=409)
    start = timezone.localtime(slot.starts_at)
    messages.success(
        request,
        _("Your appointment is booked: %(point)s, %(date)s at %(time)s.")
        % {"point": slot.point.label, "date": start.strftime("%d/%m/%Y"), "time": f"{start:%H:%M}"},
    )
    return redirect("desk:appointments_mine")


def _mine_page(request, *, error="", status=200):
    return render(
        request,
        "desk/appointments_mine.html",
        {**selectors.appointments_of(request.user), "error": error},
        status=status,
    )


@login_required
@require_GET
def mine(request):
    return _mine_page(request)


@login_required
@require_POST
def cancel(request, pk: int):
    # Someone else's appointment does not exist for this person.
    appointment = get_object_or_404(Appointment, pk=pk, person=request.user)
    try:
        appointments.appointment_cancel(actor=request.user, appointment=appointment)
    except StateConflict as error:
        return _mine_page(request, error=str(error), status=409)
    messages.success(request, _("Your appointment is cancelled."))
    return redirect("desk:appointments_mine")


# --- The desk ----------------------------------------------------------------------------------


def _desk_context(request, space) -> dict:
    return {"space": space, "desks": permissions.desks_of(operator_of(request)).order_by("title")}


@login_required
@require_http_methods(["GET", "POST"])
def manage(request):
    space = current_desk(request)
    operator = operator_of(request)
    if not permissions.can_publish_slots(operator, space):
        raise PermissionDenied
    today = timezone.localdate()
    form = SlotsPublishForm(
        request.POST or None,
        point_choices=appointments.point_choices(),
        initial={"point": "desk", "first_day": today, "last_day": today + datetime.timedelta(13)},
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                made = appointments.slots_publish(actor=operator, space=space, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if made:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)s slot published.", "%(count)s slots published.", len(made)
                        )
                        % {"count": len(made)},
                    )
                else:
                    messages.info(
                        request,
                        _(
                            "No new slot: those times are already published, have passed or "
                            "fall outside the opening hours."
                        ),
                    )
                return redirect("desk:appointments")
    return render(
        request,
        "desk/appointments_manage.html",
        {
            **_desk_context(request, space),
            "form": form,
            "published": selectors.published_days(space, today),
            "has_hours": bool(space.hour_slots()),
        },
        status=status,
    )


@login_required
@require_GET
def today(request):
    space = current_desk(request)
    if not permissions.can_see_appointments_of(operator_of(request), space):
        raise PermissionDenied
    day_form = DayForm(request.GET or None)
    day = timezone.localdate()
    if day_form.is_valid() and day_form.cleaned_data.get("giorno"):
        day = day_form.cleaned_data["giorno"]
    return render(
        request,
        "desk/today.html",
        {
            **_desk_context(request, space),
            "day": day,
            "is_today": day == timezone.localdate(),
            "day_form": day_form,
            "previous": day - datetime.timedelta(days=1),
            "next": day + datetime.timedelta(days=1),
            "appointments": selectors.day_appointments(space, day),
            "book_url": reverse("desk:appointments_book", args=[space.pk]),
            # The desk's open calls beside the day's appointments (who may see one sees both).
            "calls": list(calls.calls_open(space)[:TODAY_CALLS_SHOWN]),
        },
    )
