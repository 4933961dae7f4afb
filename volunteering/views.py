"""Volunteering pages for everyone and for volunteers: the opportunities at /volontariato/
(with suggestions for the signed-in volunteer), an opportunity with its shifts, signing up
and cancelling, the volunteer's profile, "my volunteering" (shifts, invitations, hours, the
certificate), and the offers of help. The coordinators' pages are in ``manage_views.py``.

Every write calls a service: bad input comes back as the form with its errors (422), a state
conflict as the page with the message (409), a refusal as 403."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms_templates.list_filters import applied
from wemi_community.certificates.pdf import render_pdf
from wemi_community.core.errors import StateConflict
from wemi_community.core.forms import add_service_errors

from . import hours, matching, offers, permissions, selectors, services
from .filters import OpportunityFilter
from .forms import HoursForm, OfferForm, PeriodForm, ProfileForm, ShiftForm
from .models import ACTIVE, Invitation, Opportunity, Shift, Signup, SignupState, VolunteerOffer

PER_PAGE = 12
PAST_SHIFTS_SHOWN = datetime.timedelta(days=60)


@require_GET
def opportunity_list(request):
    profile = permissions.profile_of(request.user)
    filterset = OpportunityFilter(
        request.GET or None,
        queryset=selectors.opportunity_list(),
        availability=profile.availability if profile else 0,
    )
    rows = filterset.qs
    filters = applied(filterset)
    page_obj = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteering/opportunity_list.html",
        {
            "filter_form": filterset.form,
            "is_filtered": bool(filters),
            "page_obj": page_obj,
            "opportunities": page_obj.object_list,
            "profile": profile,
            "suggestions": matching.opportunities_for(profile, limit=4) if profile else [],
            "fits_without_profile": bool(filters.get("fits")) and profile is None,
            "can_publish": permissions.can_coordinate_somewhere(request.user),
        },
    )


def _opportunity_or_404(pk: int) -> Opportunity:
    return get_object_or_404(
        Opportunity.objects.select_related("space", "space__municipio").prefetch_related("skills"),
        pk=pk,
    )


def opportunity_context(
    request, opportunity: Opportunity, *, error: str = "", shift_form=None
) -> dict:
    user = request.user
    shifts = list(
        opportunity.shifts.filter(ends_at__gte=timezone.now())
        .prefetch_related("skills")
        .order_by("starts_at")
    )
    mine = {}
    if user.is_authenticated:
        mine = {
            signup.shift_id: signup
            for signup in Signup.objects.filter(volunteer=user, shift__in=shifts, state__in=ACTIVE)
        }
    can_manage = permissions.can_manage_opportunity(user, opportunity)
    past = []
    if can_manage:
        # Where coordinators confirm who came: the shifts of the last weeks, newest first.
        past = list(
            opportunity.shifts.filter(
                ends_at__lt=timezone.now(),
                ends_at__gte=timezone.now() - PAST_SHIFTS_SHOWN,
                cancelled_at__isnull=True,
            )
            .annotate(
                to_confirm=Count(
                    "signups",
                    filter=Q(signups__state=SignupState.CONFIRMED, signups__attended__isnull=True),
                )
            )
            .order_by("-starts_at")
        )
    return {
        "opportunity": opportunity,
        "shifts": [
            {
                "shift": shift,
                "signup": mine.get(shift.pk),
                "can_cancel": shift.pk in mine and timezone.now() < services.cancel_deadline(shift),
            }
            for shift in shifts
        ],
        "past_shifts": past,
        "profile": permissions.profile_of(user),
        "can_manage": can_manage,
        "shift_form": shift_form or (ShiftForm() if can_manage else None),
        "login_url": redirect_to_login(opportunity.get_absolute_url()).url,
        "error_message": error,
    }


@require_GET
def opportunity_detail(request, pk: int):
    opportunity = _opportunity_or_404(pk)
    return render(
        request, "volunteering/opportunity_detail.html", opportunity_context(request, opportunity)
    )


def opportunity_again(request, opportunity: Opportunity, *, status: int, error: str = "", **forms):
    return render(
        request,
        "volunteering/opportunity_detail.html",
        opportunity_context(request, opportunity, error=error, **forms),
        status=status,
    )


@require_POST
def signup(request, pk: int):
    shift = get_object_or_404(
        Shift.objects.select_related("opportunity", "opportunity__space"), pk=pk
    )
    opportunity = shift.opportunity
    if not request.user.is_authenticated:
        return redirect_to_login(opportunity.get_absolute_url())
    if not permissions.is_volunteer(request.user):
        messages.info(request, _("First tell us about yourself: then you can sign up."))
        return redirect(f"{reverse('volunteering:profile')}?next={opportunity.get_absolute_url()}")
    try:
        done = services.signup_create(actor=request.user, shift=shift)
    except StateConflict as error:
        return opportunity_again(request, opportunity, status=409, error=str(error))
    if done.state == Signup.State.CONFIRMED:
        messages.success(request, _("You are on the shift. Thank you!"))
    else:
        messages.info(
            request, _("The shift is full: you are on its waitlist, and move up if a place frees.")
        )
    return redirect(f"{opportunity.get_absolute_url()}#turno-{shift.pk}")


@require_POST
def signup_cancel(request, pk: int):
    shift = get_object_or_404(
        Shift.objects.select_related("opportunity", "opportunity__space"), pk=pk
    )
    if not request.user.is_authenticated:
        return redirect_to_login(shift.opportunity.get_absolute_url())
    mine = Signup.objects.filter(shift=shift, volunteer=request.user, state__in=ACTIVE).first()
    if mine is None:
        return opportunity_again(
            request, shift.opportunity, status=409, error=_("You are not on this shift.")
        )
    try:
        services.signup_cancel(actor=request.user, signup=mine)
    except StateConflict as error:
        return opportunity_again(request, shift.opportunity, status=409, error=str(error))
    messages.success(request, _("You are off the shift."))
    return redirect(shift.opportunity)


# --- The volunteer's own pages ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    current = permissions.profile_of(request.user)
    initial = (
        ProfileForm.initial_from(current) if current else {"municipio": request.user.municipio_id}
    )
    form = ProfileForm(request.POST or None, initial=initial)
    context = {"form": form, "profile": current}
    if request.method == "GET":
        return render(request, "volunteering/profile_form.html", context)
    if not form.is_valid():
        return render(request, "volunteering/profile_form.html", context, status=422)
    try:
        services.profile_save(actor=request.user, data=form.profile_data())
    except ValidationError as error:
        add_service_errors(form, error)
        return render(request, "volunteering/profile_form.html", context, status=422)
    messages.success(request, _("Your volunteer profile is saved."))
    target = request.GET.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("volunteering:mine")


def _mine_context(request, *, hours_form=None, period_form=None, error: str = "") -> dict:
    user = request.user
    profile_row = permissions.profile_of(user)
    period = period_form or PeriodForm(request.GET or None)
    filters = period.cleaned_data if period.is_bound and period.is_valid() else {}
    return {
        "profile": profile_row,
        "suggestions": matching.opportunities_for(profile_row) if profile_row else [],
        "signups": list(selectors.my_signups(user)),
        "invitations": list(selectors.my_invitations(user)),
        "entries": Paginator(selectors.my_hours(user), 20).get_page(request.GET.get("page")),
        "summary": hours.summary(
            user, space=filters.get("space"), start=filters.get("start"), end=filters.get("end")
        ),
        "hours_form": hours_form or HoursForm(initial={"day": timezone.localdate()}),
        "period_form": period,
        "offers": list(VolunteerOffer.objects.filter(volunteer=user).order_by("-created_at")[:10]),
        "error_message": error,
    }


@login_required
@require_GET
def mine(request):
    if permissions.profile_of(request.user) is None:
        return redirect("volunteering:profile")
    return render(request, "volunteering/mine.html", _mine_context(request))


@login_required
@require_POST
def hours_log(request):
    if permissions.profile_of(request.user) is None:
        raise PermissionDenied
    form = HoursForm(request.POST)
    if not form.is_valid():
        return render(
            request, "volunteering/mine.html", _mine_context(request, hours_form=form), status=422
        )
    try:
        hours.hours_log(
            actor=request.user,
            space=form.cleaned_data["space"],
            day=form.cleaned_data["day"],
            hours=form.cleaned_data["hours"],
            activity=form.cleaned_data["activity"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return render(
            request, "volunteering/mine.html", _mine_context(request, hours_form=form), status=422
        )
    except StateConflict as error:
        return render(
            request,
            "volunteering/mine.html",
            _mine_context(request, hours_form=form, error=str(error)),
            status=409,
        )
    messages.success(
        request, _("Your hours are logged: a coordinator of the space will approve them.")
    )
    return redirect(f"{reverse('volunteering:mine')}#ore")


@login_required
@require_GET
def certificate(request):
    period = PeriodForm(request.GET)
    if not period.is_valid():
        return render(
            request,
            "volunteering/mine.html",
            _mine_context(request, period_form=period),
            status=422,
        )
    try:
        issued = hours.certificate_for(
            actor=request.user,
            space=period.cleaned_data.get("space"),
            start=period.cleaned_data.get("start"),
            end=period.cleaned_data.get("end"),
        )
    except StateConflict as error:
        return render(
            request,
            "volunteering/mine.html",
            _mine_context(request, period_form=period, error=str(error)),
            status=409,
        )
    response = HttpResponse(render_pdf(issued), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slugify("attestato-volontariato")}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def invitation_answer(request, pk: int):
    invitation = get_object_or_404(Invitation.objects.select_related("shift__opportunity"), pk=pk)
    if invitation.volunteer_id != request.user.pk:
        raise PermissionDenied
    accept = request.POST.get("answer") == "accept"
    try:
        services.invitation_answer(actor=request.user, invitation=invitation, accept=accept)
    except StateConflict as error:
        return render(
            request, "volunteering/mine.html", _mine_context(request, error=str(error)), status=409
        )
    messages.success(
        request, _("You are on the shift. Thank you!") if accept else _("Invitation declined.")
    )
    return redirect("volunteering:mine")


# --- Offers of help ---------------------------------------------------------------------------


@require_GET
def offer_list(request):
    page_obj = Paginator(selectors.open_offers(), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteering/offer_list.html",
        {
            "page_obj": page_obj,
            "offers": page_obj.object_list,
            "is_volunteer": permissions.is_volunteer(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_new(request):
    if permissions.profile_of(request.user) is None:
        messages.info(request, _("First tell us about yourself: then you can offer your help."))
        return redirect(
            f"{reverse('volunteering:profile')}?next={reverse('volunteering:offer_new')}"
        )
    current = permissions.profile_of(request.user)
    form = OfferForm(request.POST or None, initial={"municipio": current.municipio_id})
    if request.method == "GET":
        return render(request, "volunteering/offer_form.html", {"form": form})
    if not form.is_valid():
        return render(request, "volunteering/offer_form.html", {"form": form}, status=422)
    try:
        offer = offers.offer_publish(actor=request.user, data=form.offer_data())
    except ValidationError as error:
        add_service_errors(form, error)
        return render(request, "volunteering/offer_form.html", {"form": form}, status=422)
    messages.success(request, _("Your offer is published: the spaces can take it up."))
    return redirect(offer)


@login_required
@require_POST
def offer_withdraw(request, pk: int):
    offer = get_object_or_404(VolunteerOffer, pk=pk)
    if not permissions.can_edit_offer(request.user, offer):
        raise PermissionDenied
    try:
        offers.offer_withdraw(actor=request.user, offer=offer)
    except StateConflict as error:
        messages.error(request, str(error))
        return redirect(offer)
    messages.success(request, _("Your offer is withdrawn."))
    return redirect("volunteering:mine")
