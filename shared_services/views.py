"""The shared-service page and its actions: seats and the waitlist, ISEE band and co-payment,
start and end, the delivery log and ratings. The offer pages and the provider dashboard live
in ``offer_views.py`` and are importable from here, as ``urls.py`` expects.

Every action is a POST that calls ``services.py``; bad input shows the page again with the
errors next to the fields (422), a refused state change with the message on top (409)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wemi_community.core.errors import StateConflict
from wemi_community.core.forms import add_service_errors

from . import deliveries, permissions, price_texts, selectors, services
from .forms import (
    CopaymentForm,
    DeliveryCheckForm,
    DeliveryForm,
    IseeForm,
    RatingForm,
    SeatForm,
)
from .models import DeliveryEntry, Membership, SharedService
from .offer_views import offer_choose, offer_new, offer_withdraw, provider_dashboard

__all__ = [
    "copayment_edit",
    "delivery_check",
    "delivery_new",
    "isee_declare",
    "offer_choose",
    "offer_new",
    "offer_withdraw",
    "provider_dashboard",
    "seat_confirm",
    "seat_decline",
    "service_detail",
    "service_end",
    "service_leave",
    "service_rate",
    "service_start",
]

TEMPLATE = "shared_services/service_detail.html"


def _service(pk: int) -> SharedService:
    try:
        return selectors.service_detail(pk)
    except SharedService.DoesNotExist:
        raise Http404 from None


def service_context(request, service: SharedService, *, forms: dict) -> dict:
    """The page's reads for this person, and a form for each action they may take (the bound
    one, with its errors, for the action that just failed)."""
    user = request.user
    page = selectors.service_page(user, service, log_page=request.GET.get("page"))
    membership = page.membership
    size = membership.household_size if membership else getattr(user, "household_size", 1)
    context = {
        "service": service,
        "info": page,
        "page_obj": page.log_page,
        "seat_form": forms.get("seat") or SeatForm(initial={"household_size": size}),
    }
    if page.declares_isee:
        context["isee_form"] = forms.get("isee") or IseeForm(
            initial={"isee_band": membership.isee_band}
        )
    if page.is_coordinator and page.is_copayment:
        context["copayment_form"] = forms.get("copayment") or CopaymentForm(percents=page.percents)
    if page.can_log:
        context["delivery_form"] = forms.get("delivery") or DeliveryForm(
            initial={"date": timezone.localdate()}
        )
    entries = []
    for entry in page.log_page.object_list:
        check = page.checks.get(entry.pk)
        form = None
        if page.can_check:
            form = forms.get(f"check-{entry.pk}") or DeliveryCheckForm(
                entry_id=entry.pk,
                initial={"verdict": check.verdict, "note": check.note} if check else None,
            )
        entries.append({"entry": entry, "check": check, "form": form})
    context["entries"] = entries
    if page.can_rate:
        rating = page.rating
        context["rating_form"] = forms.get("rating") or RatingForm(
            initial={"stars": str(rating.stars), "comment": rating.comment} if rating else None
        )
    return context


def _page(request, service, *, status: int = 200, error: str = "", forms: dict | None = None):
    context = service_context(request, service, forms=forms or {})
    if error:
        context["error_message"] = error
    return render(request, TEMPLATE, context, status=status)


def _done(request, service, message: str, anchor: str = ""):
    messages.success(request, message)
    url = service.get_absolute_url()
    return redirect(f"{url}#{anchor}" if anchor else url)


def service_detail(request, pk: int):
    return _page(request, _service(pk))


def _action(handler):
    """A POST on a service: anonymous people go to the login page, a GET goes back to the
    service page, a state conflict shows the page again with its message (409)."""

    @login_required
    @wraps(handler)
    def view(request, pk: int):
        service = _service(pk)
        if request.method != "POST":
            return redirect(service.get_absolute_url())
        try:
            return handler(request, service)
        except StateConflict as error:
            permissions.forget_membership(request.user, service)
            return _page(request, _service(pk), status=409, error=str(error))

    return view


def _invalid(request, service, key: str, form, error: ValidationError | None = None):
    if error is not None:
        add_service_errors(form, error)
    return _page(request, service, status=422, forms={key: form})


@_action
def seat_confirm(request, service):
    form = SeatForm(request.POST)
    size = None
    if request.POST.get("household_size", "").strip():
        if not form.is_valid():
            return _invalid(request, service, "seat", form)
        size = form.cleaned_data["household_size"]
    try:
        membership = services.seat_confirm(actor=request.user, service=service, household_size=size)
    except ValidationError as error:
        return _invalid(request, service, "seat", form, error)
    if membership.state == Membership.State.MEMBER:
        service.refresh_from_db()
        message = _("You have a seat in this service.")
        price = services.member_price(service, membership.isee_band)
        if price is not None:
            running = service.state == SharedService.State.RUNNING
            message = f"{message} {price_texts.full_text(price, running=running)}"
        return _done(request, service, message, "posto")
    return _done(request, service, _("No seat is free now: you are on the waitlist."), "posto")


@_action
def seat_decline(request, service):
    services.seat_decline(actor=request.user, service=service)
    return _done(request, service, _("You declined the seat. Thank you for telling us."))


@login_required
@require_http_methods(["GET", "POST"])
def service_leave(request, pk: int):
    """GET asks to confirm; POST leaves the service or the waitlist."""
    service = _service(pk)
    if request.method == "GET":
        context = {"service": service, "membership": _own_membership(request.user, service)}
        if not permissions.can_leave_service(request.user, service):
            context["error_message"] = _("You are not a member of this service.")
            return render(request, "shared_services/service_leave.html", context, status=409)
        return render(request, "shared_services/service_leave.html", context)
    try:
        services.service_leave(actor=request.user, service=service)
    except StateConflict as error:
        return _page(request, _service(pk), status=409, error=str(error))
    return _done(request, service, _("You left the service."))


def _own_membership(user, service):
    return Membership.objects.filter(service=service, user=user).first()


@_action
def isee_declare(request, service):
    form = IseeForm(request.POST)
    if not form.is_valid():
        return _invalid(request, service, "isee", form)
    try:
        services.isee_band_declare(
            actor=request.user, service=service, isee_band=form.cleaned_data["isee_band"]
        )
    except ValidationError as error:
        return _invalid(request, service, "isee", form, error)
    return _done(request, service, _("Your ISEE band was saved."), "quota-personale")


@_action
def copayment_edit(request, service):
    if not permissions.can_coordinate_service(request.user, service):
        raise PermissionDenied
    form = CopaymentForm(request.POST)
    if not form.is_valid():
        return _invalid(request, service, "copayment", form)
    try:
        services.copayment_set(coordinator=request.user, service=service, percents=form.percents())
    except ValidationError as error:
        return _invalid(request, service, "copayment", form, error)
    return _done(request, service, _("The co-payment shares were saved."), "compartecipazione")


@_action
def service_start(request, service):
    services.service_start(actor=request.user, service=service)
    return _done(request, service, _("The service has started."))


@_action
def service_end(request, service):
    services.service_end(coordinator=request.user, service=service)
    return _done(request, service, _("The service has ended."))


@_action
def delivery_new(request, service):
    if not permissions.is_staff_of(request.user, service.provider_id):
        raise PermissionDenied
    form = DeliveryForm(request.POST)
    if not form.is_valid():
        return _invalid(request, service, "delivery", form)
    try:
        deliveries.delivery_log(
            actor=request.user,
            service=service,
            date=form.cleaned_data["date"],
            hours=form.cleaned_data["hours"],
            notes=form.cleaned_data["notes"],
        )
    except ValidationError as error:
        return _invalid(request, service, "delivery", form, error)
    return _done(request, service, _("The session was logged."), "registro")


@login_required
@require_http_methods(["POST"])
def delivery_check(request, pk: int):
    entry = get_object_or_404(DeliveryEntry, pk=pk)
    service = _service(entry.service_id)
    if not permissions.can_check_delivery(request.user, service):
        raise PermissionDenied
    form = DeliveryCheckForm(request.POST, entry_id=entry.pk)
    key = f"check-{entry.pk}"
    if not form.is_valid():
        return _invalid(request, service, key, form)
    try:
        deliveries.delivery_check(
            actor=request.user,
            entry=entry,
            verdict=form.cleaned_data["verdict"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        return _invalid(request, service, key, form, error)
    except StateConflict as error:
        return _page(request, service, status=409, error=str(error))
    return _done(request, service, _("Thank you: your check of the session was saved."), "registro")


@_action
def service_rate(request, service):
    if not permissions.can_rate_service(request.user, service):
        raise PermissionDenied
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _invalid(request, service, "rating", form)
    try:
        deliveries.service_rate(
            actor=request.user,
            service=service,
            stars=form.cleaned_data["stars"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        return _invalid(request, service, "rating", form, error)
    return _done(request, service, _("Thank you for your rating."), "valutazione")


# --- Blocks of the proposals' pages (registered in ``apps.py``) ----------------------------------


def proposal_service_context(request, proposal) -> dict:
    """The shared service a proposal became, for the block on the proposal's page."""
    try:
        return {"shared_service": proposal.shared_service}
    except SharedService.DoesNotExist:
        return {"shared_service": None}


def _membership_rows(user) -> list[dict]:
    """Each service of the person with what the household pays (``services.member_price``,
    as on the service's page), while it has or waits for a seat."""
    rows = []
    with_price = {Membership.State.INVITED, Membership.State.MEMBER, Membership.State.WAITLISTED}
    for membership in selectors.my_memberships(user):
        service = membership.service
        price = None
        if membership.state in with_price and service.state != SharedService.State.ENDED:
            percents = {
                share.isee_band: share.city_percent for share in service.copayment_shares.all()
            }
            price = services.member_price(
                service,
                membership.isee_band,
                bands=list(service.offer.bands.all()),
                percents=percents,
            )
        rows.append(
            {
                "membership": membership,
                "service": service,
                "price": price,
                "note": price_texts.short_note(price) if price is not None else "",
            }
        )
    return rows


def my_services_context(request, subject) -> dict:
    """ "Your shared services" on the "my proposals" page."""
    return {"memberships": _membership_rows(request.user)}
