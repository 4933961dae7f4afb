"""Volunteering pages for the coordinators: publishing and editing an opportunity, adding and
cancelling shifts, a shift's roster (attendance, suggested volunteers, invitations), the hours
to approve, the CSV of volunteers and hours per space and period, the City's report of hours
per space; and an offer of help's page, where a coordinator takes it up."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events.forms import SERVICE_FIELDS, EventForm
from spaces_pages.permissions import spaces_coordinated_by
from spaces_pages.selectors import coordinated_spaces
from wemi_community.core.errors import StateConflict
from wemi_community.core.exports import csv_response
from wemi_community.core.forms import add_service_errors

from . import hours, matching, offers, permissions, selectors, services, slots
from .forms import SHIFT_FIELDS, OpportunityForm, PeriodForm, RejectForm, ShiftForm
from .languages import language_names
from .models import HourEntry, Opportunity, Shift, Signup, VolunteerOffer, VolunteerProfile
from .views import opportunity_again

REVIEW_PER_PAGE = 30


def _managed_opportunity(request, pk: int) -> Opportunity:
    opportunity = get_object_or_404(Opportunity.objects.select_related("space"), pk=pk)
    if not permissions.can_manage_opportunity(request.user, opportunity):
        raise PermissionDenied
    return opportunity


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_create(request):
    if not permissions.can_coordinate_somewhere(request.user):
        raise PermissionDenied
    form = OpportunityForm(request.POST or None, user=request.user)
    context = {"form": form, "title": _("Publish a volunteer opportunity")}
    if request.method == "GET":
        return render(request, "volunteering/opportunity_form.html", context)
    if not form.is_valid():
        return render(request, "volunteering/opportunity_form.html", context, status=422)
    try:
        opportunity = services.opportunity_create(
            actor=request.user, space=form.cleaned_data["space"], data=form.opportunity_data()
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return render(request, "volunteering/opportunity_form.html", context, status=422)
    messages.success(request, _("The opportunity is published: now add its shifts."))
    return redirect(f"{opportunity.get_absolute_url()}#nuovo-turno")


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request, pk: int):
    opportunity = _managed_opportunity(request, pk)
    initial = {
        "title": opportunity.title,
        "description": opportunity.description_source,
        "skills": list(opportunity.skills.all()),
        "languages": ", ".join(language_names(opportunity.languages)),
        "commitment": opportunity.commitment,
        "min_age": opportunity.min_age,
        "cancel_hours": opportunity.cancel_hours,
    }
    form = OpportunityForm(request.POST or None, initial=initial, with_space=False)
    context = {"form": form, "title": _("Edit the opportunity"), "opportunity": opportunity}
    if request.method == "GET":
        return render(request, "volunteering/opportunity_form.html", context)
    if not form.is_valid():
        return render(request, "volunteering/opportunity_form.html", context, status=422)
    try:
        services.opportunity_update(
            actor=request.user, opportunity=opportunity, data=form.opportunity_data()
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return render(request, "volunteering/opportunity_form.html", context, status=422)
    messages.success(request, _("The opportunity is saved."))
    return redirect(opportunity)


@login_required
@require_POST
def shift_add(request, pk: int):
    opportunity = _managed_opportunity(request, pk)
    form = ShiftForm(request.POST)
    if not form.is_valid():
        return opportunity_again(request, opportunity, status=422, shift_form=form)
    try:
        services.shift_add(
            actor=request.user,
            opportunity=opportunity,
            starts_at=form.cleaned_data["starts_at"],
            ends_at=form.cleaned_data["ends_at"],
            capacity=form.cleaned_data["capacity"],
            place=form.cleaned_data.get("place", ""),
            skills=list(form.cleaned_data.get("skills") or []),
        )
    except ValidationError as error:
        add_service_errors(form, error, field_names=SHIFT_FIELDS)
        return opportunity_again(request, opportunity, status=422, shift_form=form)
    messages.success(request, _("The shift is added."))
    return redirect(f"{opportunity.get_absolute_url()}#turni")


def _managed_shift(request, pk: int) -> Shift:
    shift = get_object_or_404(
        Shift.objects.select_related(
            "opportunity", "opportunity__space", "opportunity__space__municipio"
        ),
        pk=pk,
    )
    if not permissions.can_manage_opportunity(request.user, shift.opportunity):
        raise PermissionDenied
    return shift


@login_required
@require_POST
def shift_cancel(request, pk: int):
    shift = _managed_shift(request, pk)
    try:
        services.shift_cancel(actor=request.user, shift=shift)
    except StateConflict as error:
        return opportunity_again(request, shift.opportunity, status=409, error=str(error))
    messages.success(request, _("The shift is cancelled: its volunteers are told."))
    return redirect(shift.opportunity)


def _roster_page(request, shift: Shift, *, status: int = 200, error: str = ""):
    return render(
        request,
        "volunteering/roster.html",
        {
            "shift": shift,
            "opportunity": shift.opportunity,
            "signups": selectors.roster(shift),
            "invitations": selectors.shift_invitations(shift),
            "suggestions": (
                matching.volunteers_for(shift)
                if shift.free and not shift.is_past and not shift.cancelled_at
                else []
            ),
            "started": shift.starts_at <= timezone.now(),
            "error_message": error,
        },
        status=status,
    )


@login_required
@require_GET
def roster(request, pk: int):
    return _roster_page(request, _managed_shift(request, pk))


@login_required
@require_POST
def attendance(request, pk: int, signup_pk: int):
    shift = _managed_shift(request, pk)
    signup = get_object_or_404(Signup, pk=signup_pk, shift=shift)
    try:
        hours.attendance_confirm(
            actor=request.user, signup=signup, attended=request.POST.get("came") == "yes"
        )
    except (StateConflict, ValidationError) as error:
        text = str(error) if isinstance(error, StateConflict) else " ".join(error.messages)
        return _roster_page(request, shift, status=409, error=text)
    messages.success(request, _("Attendance recorded."))
    return redirect("volunteering:roster", pk=shift.pk)


@login_required
@require_POST
def invite(request, pk: int):
    shift = _managed_shift(request, pk)
    volunteer = get_object_or_404(get_user_model(), pk=request.POST.get("volunteer") or 0)
    try:
        services.invite(actor=request.user, shift=shift, volunteer=volunteer)
    except (StateConflict, ValidationError) as error:
        text = str(error) if isinstance(error, StateConflict) else " ".join(error.messages)
        return _roster_page(request, shift, status=409, error=text)
    messages.success(
        request,
        _("%(name)s is invited: they will accept or decline.")
        % {"name": volunteer.display_name or volunteer},
    )
    return redirect("volunteering:roster", pk=shift.pk)


@login_required
@require_GET
def volunteer_profile(request, user_id: int):
    """A volunteer's profile, for the coordinators of the spaces where they volunteer."""
    profile = get_object_or_404(
        VolunteerProfile.objects.select_related("user", "municipio").prefetch_related("skills"),
        user_id=user_id,
    )
    if not permissions.can_see_profile(request.user, profile):
        raise PermissionDenied
    spaces = spaces_coordinated_by(request.user).values("pk")
    return render(
        request,
        "volunteering/volunteer_profile.html",
        {
            "profile": profile,
            "person": profile.user,
            "grid": slots.grid(profile.availability),
            "hours_here": selectors.hours_by_space(
                None, None, spaces=spaces, volunteer=profile.user
            ),
        },
    )


# --- Hours ----------------------------------------------------------------------------------


def _review_page(request, *, status: int = 200, error: str = "", forms=None):
    # The few spaces' ids first: as a subquery PostgreSQL cannot tell how few they are, and
    # reads every pending hour of the city instead of the spaces' index.
    spaces = list(spaces_coordinated_by(request.user).values_list("pk", flat=True))
    page_obj = Paginator(selectors.hours_to_review(spaces, request.user), REVIEW_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "volunteering/hours_review.html",
        {
            "page_obj": page_obj,
            "entries": page_obj.object_list,
            "error_message": error,
            "forms": forms or {},
        },
        status=status,
    )


@login_required
@require_GET
def hours_review(request):
    if not permissions.can_coordinate_somewhere(request.user):
        raise PermissionDenied
    return _review_page(request)


@login_required
@require_POST
def hours_decide(request, pk: int):
    entry = get_object_or_404(HourEntry.objects.select_related("space"), pk=pk)
    if not permissions.can_review_hours(request.user, entry):
        raise PermissionDenied
    approve = request.POST.get("decision") == "approve"
    form = RejectForm(request.POST)
    form.is_valid()
    try:
        hours.hours_review(
            actor=request.user,
            entry=entry,
            approve=approve,
            reason=form.cleaned_data.get("reason", ""),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _review_page(request, status=422, forms={entry.pk: form})
    except StateConflict as error:
        return _review_page(request, status=409, error=str(error))
    messages.success(
        request,
        _("Hours approved.") if approve else _("Hours not approved: the volunteer is told."),
    )
    return redirect("volunteering:hours_review")


@login_required
@require_GET
def hours_export(request):
    """Volunteers and approved hours of the spaces one coordinates, over a period (CSV)."""
    if not permissions.can_coordinate_somewhere(request.user):
        raise PermissionDenied
    spaces = coordinated_spaces(request.user)
    form = PeriodForm(request.GET, spaces=spaces)
    if not form.is_valid():
        return render(request, "volunteering/report.html", {"form": form, "rows": []}, status=422)
    chosen = form.cleaned_data.get("space")
    entries = HourEntry.objects.filter(
        state=HourEntry.State.APPROVED, space__in=[chosen] if chosen else spaces
    )
    if form.cleaned_data.get("start"):
        entries = entries.filter(date__gte=form.cleaned_data["start"])
    if form.cleaned_data.get("end"):
        entries = entries.filter(date__lte=form.cleaned_data["end"])
    header = [_("space"), _("volunteer"), _("day"), _("hours"), _("activity")]
    rows = (
        [
            entry.space.title,
            entry.volunteer.display_name or entry.volunteer.email,
            entry.date.isoformat(),
            str(entry.hours).replace(".", ","),
            entry.activity,
        ]
        for entry in entries.select_related("space", "volunteer")
        .order_by("space__title", "date")
        .iterator()
    )
    return csv_response("ore-di-volontariato.csv", header, rows)


@login_required
@require_GET
def report(request):
    """Volunteer hours per space, for the City's reports (city staff); coordinators see
    their spaces' and download the detail."""
    if not (
        permissions.can_see_reports(request.user)
        or permissions.can_coordinate_somewhere(request.user)
    ):
        raise PermissionDenied
    spaces = None if permissions.can_see_reports(request.user) else coordinated_spaces(request.user)
    form = PeriodForm(request.GET or None, spaces=spaces)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = selectors.hours_by_space(filters.get("start"), filters.get("end"), spaces=spaces)
    return render(
        request,
        "volunteering/report.html",
        {
            "form": form,
            "rows": rows,
            "total": sum((row["hours"] for row in rows), 0),
            "query": request.GET.urlencode(),
        },
        status=200 if not form.is_bound or form.is_valid() else 422,
    )


# --- Offers: a space takes one up ----------------------------------------------------------


def take_up_context(
    request, offer: VolunteerOffer, *, opportunity_form=None, event_form=None, error=""
):
    can_take = permissions.can_take_up_offer(request.user, offer)
    initial = {"title": offer.title, "description": offer.description}
    return {
        "offer": offer,
        "is_mine": permissions.can_edit_offer(request.user, offer),
        "can_take": can_take,
        "opportunity_form": opportunity_form
        or (
            OpportunityForm(
                user=request.user, initial={**initial, "skills": list(offer.skills.all())}
            )
            if can_take
            else None
        ),
        "event_form": event_form
        or (EventForm(user=request.user, initial=initial, with_image=False) if can_take else None),
        "error_message": error,
    }


@require_GET
def offer_detail(request, pk: int):
    offer = get_object_or_404(
        VolunteerOffer.objects.select_related("municipio", "volunteer").prefetch_related("skills"),
        pk=pk,
    )
    if offer.state == VolunteerOffer.State.WITHDRAWN and not permissions.can_edit_offer(
        request.user, offer
    ):
        raise Http404
    return render(request, "volunteering/offer_detail.html", take_up_context(request, offer))


@login_required
@require_POST
def offer_take_up(request, pk: int):
    offer = get_object_or_404(VolunteerOffer.objects.select_related("volunteer"), pk=pk)
    if not permissions.can_coordinate_somewhere(request.user):
        raise PermissionDenied
    as_event = request.POST.get("as") == "event"
    if as_event:
        form = EventForm(request.POST, user=request.user, with_image=False)
        forms = {"event_form": form}
    else:
        form = OpportunityForm(request.POST, user=request.user)
        forms = {"opportunity_form": form}
    template = "volunteering/offer_detail.html"
    if not form.is_valid():
        return render(request, template, take_up_context(request, offer, **forms), status=422)
    data = form.event_data() if as_event else form.opportunity_data()
    try:
        created = offers.offer_take_up(
            actor=request.user,
            offer=offer,
            space=form.cleaned_data["space"],
            as_event=as_event,
            data=data,
        )
    except ValidationError as error:
        add_service_errors(form, error, field_names=SERVICE_FIELDS)
        return render(request, template, take_up_context(request, offer, **forms), status=422)
    except StateConflict as error:
        return render(
            request, template, take_up_context(request, offer, error=str(error)), status=409
        )
    messages.success(request, _("The offer is taken up: the volunteer is told."))
    return redirect(created)
