"""Offer pages: a provider's offer with its price list, withdrawing it, the coordinator's
choice that turns it into a shared service, and the provider dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from proposals.models import Proposal
from proposals.permissions import can_view_proposal
from proposals.states import OFFER_STATES
from proposals.view_helpers import render_with_status
from wemi_community.accounts.permissions import is_city_staff
from wemi_community.core.errors import StateConflict
from wemi_community.core.forms import add_service_errors

from . import offer_selectors, offers, permissions, selectors
from .forms import BandFormSet, OfferChooseForm, OfferForm
from .models import Offer

DASHBOARD_PAGE_SIZE = 20


def _visible_proposal(user, pk: int) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.select_related("space", "category"), pk=pk)
    if not can_view_proposal(user, proposal):
        raise Http404
    return proposal


def _visible_offer(user, pk: int) -> Offer:
    try:
        offer = offer_selectors.offer_for_page(pk)
    except Offer.DoesNotExist:
        raise Http404 from None
    if not can_view_proposal(user, offer.proposal):
        raise Http404
    return offer


def _offers_url(proposal: Proposal) -> str:
    return f"{proposal.get_absolute_url()}#offerte"


@login_required
@require_http_methods(["GET", "POST"])
def offer_new(request, pk: int):
    proposal = _visible_proposal(request.user, pk)
    organisations = permissions.provider_organisations_for(request.user, proposal)
    if not organisations:
        raise PermissionDenied
    template = "shared_services/offer_form.html"
    context = {"proposal": proposal, "organisations": organisations}
    if proposal.state not in OFFER_STATES or not permissions.can_offer_on_proposal(
        request.user, proposal
    ):
        return render_with_status(
            request,
            template,
            context,
            status=409,
            error=offer_selectors.offers_closed_message(proposal),
        )
    free = offer_selectors.providers_free_to_offer(request.user, proposal)
    if not free:
        return render_with_status(
            request,
            template,
            context,
            status=409,
            error=_(
                "%(provider)s already has an offer on this proposal: withdraw it to make a new one."
            )
            % {"provider": ", ".join(org.name for org in organisations)},
        )
    context["organisations"] = organisations = free
    data = request.POST if request.method == "POST" else None
    form = OfferForm(data, organisations=organisations)
    formset = BandFormSet(data, prefix="bands")
    context.update(form=form, formset=formset)
    if data is None:
        return render(request, template, context)
    if form.is_valid():
        formset.bounds = (form.cleaned_data["min_households"], form.cleaned_data["max_households"])
    if form.is_valid() and formset.is_valid():
        try:
            offer = offers.offer_submit(
                actor=request.user,
                proposal=proposal,
                organisation=form.chosen_organisation(),
                data=offers.OfferData(
                    min_households=form.cleaned_data["min_households"],
                    max_households=form.cleaned_data["max_households"],
                    schedule=form.cleaned_data["schedule"],
                    description=form.cleaned_data["description"],
                    bands=formset.bands(),
                ),
            )
        except StateConflict as error:
            return render_with_status(request, template, context, status=409, error=str(error))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                formset.non_form_errors().extend(error.messages)
        else:
            messages.success(
                request,
                _("Your offer for “%(proposal)s” was sent to the coordinator.")
                % {"proposal": offer.proposal},
            )
            return redirect(_offers_url(proposal))
    return render(request, template, context, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def offer_withdraw(request, pk: int):
    offer = _visible_offer(request.user, pk)
    if not permissions.is_staff_of(request.user, offer.organisation_id):
        raise PermissionDenied
    template = "shared_services/offer_withdraw.html"
    context = {"offer": offer, "proposal": offer.proposal}
    if offer.state != Offer.State.SUBMITTED:
        return render_with_status(
            request,
            template,
            context,
            status=409,
            error=_("Only a submitted offer can be withdrawn."),
        )
    if request.method == "GET":
        return render(request, template, context)
    try:
        offers.offer_withdraw(actor=request.user, offer=offer)
    except StateConflict as error:
        return render_with_status(request, template, context, status=409, error=str(error))
    messages.success(request, _("Your offer was withdrawn."))
    return redirect(_offers_url(offer.proposal))


def choose_refusal(offer: Offer) -> str:
    """Why the coordinator cannot choose this offer now (same words as the service's)."""
    proposal = offer.proposal
    if proposal.state != Proposal.State.ACCEPTED:
        return _("Accept the proposal before choosing an offer.")
    if permissions.hasattr_service(proposal):
        return _("An offer was already chosen for this proposal.")
    return _("This offer was withdrawn or already decided.")


@login_required
@require_http_methods(["GET", "POST"])
def offer_choose(request, pk: int):
    offer = _visible_offer(request.user, pk)
    if not permissions.can_answer_proposal(request.user, offer.proposal):
        raise PermissionDenied
    template = "shared_services/offer_choose.html"
    bands = list(offer.bands.all())
    context = {
        "offer": offer,
        "proposal": offer.proposal,
        "quota": selectors.quota_summary(
            bands, offer.proposal.households_count, pricing_mode=offer.proposal.pricing_mode
        ),
    }
    if not permissions.can_choose_offer(request.user, offer):
        return render_with_status(
            request, template, context, status=409, error=choose_refusal(offer)
        )
    form = OfferChooseForm(request.POST if request.method == "POST" else None)
    context["form"] = form
    if request.method == "GET":
        return render(request, template, context)
    if form.is_valid():
        try:
            service = offers.offer_choose(
                coordinator=request.user,
                offer=offer,
                confirm_days=form.cleaned_data["confirm_days"],
                contact=form.cleaned_data["contact"],
            )
        except StateConflict as error:
            return render_with_status(request, template, context, status=409, error=str(error))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Offer chosen: the shared service is starting and the households that "
                    "joined were invited to confirm their seat."
                ),
            )
            return redirect(service.get_absolute_url())
    return render(request, template, context, status=422)


# --- The provider dashboard -------------------------------------------------------------------


def _page(request, queryset, param: str):
    """One page of a dashboard list; each list has its own page parameter."""
    page = Paginator(queryset, DASHBOARD_PAGE_SIZE).get_page(request.GET.get(param))

    def link(number: int) -> str:
        query = request.GET.copy()
        query[param] = number
        return f"?{urlencode(query, doseq=True)}"

    page.previous_url = link(page.previous_page_number()) if page.has_previous() else ""
    page.next_url = link(page.next_page_number()) if page.has_next() else ""
    return page


@login_required
def provider_dashboard(request):
    if not permissions.can_see_provider_dashboard(request.user):
        raise PermissionDenied
    scope = offer_selectors.provider_scope(request.user, city_staff=is_city_staff(request.user))
    context = {
        "scope": scope,
        "open_proposals": _page(
            request, offer_selectors.proposals_open_to_offers(scope), "proposte"
        ),
        "offers": _page(request, offer_selectors.provider_offers(scope), "offerte"),
        "services": _page(request, offer_selectors.provider_services(scope), "servizi"),
        "disputed": _page(request, offer_selectors.disputed_entries(scope), "contestati"),
    }
    return render(request, "shared_services/provider_dashboard.html", context)
