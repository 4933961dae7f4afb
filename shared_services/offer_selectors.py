"""Reads for offers: a proposal's offers for the person looking, one offer's page, the
provider dashboard. Every list costs a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum, Value, When
from django.utils.translation import gettext as _

from proposals.models import Proposal
from proposals.selectors import published_proposals
from proposals.states import GATHERING_STATES, OFFER_STATES
from wemi_community.accounts.models import OrganisationStaff

from . import permissions
from .models import DeliveryCheck, DeliveryEntry, Offer, PriceBand, SharedService
from .selectors import QuotaSummary, offers_with_bands, quota_summary


def offer_for_page(pk: int) -> Offer:
    return (
        Offer.objects.select_related("proposal", "proposal__space", "organisation")
        .prefetch_related(Prefetch("bands", queryset=PriceBand.objects.order_by("min_households")))
        .get(pk=pk)
    )


# --- The provider dashboard -------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderScope:
    """Whose work the dashboard shows: some providers, or all of them (City staff)."""

    organisation_ids: frozenset[int]
    everything: bool = False

    def filter(self, queryset: QuerySet, lookup: str) -> QuerySet:
        if self.everything:
            return queryset
        return queryset.filter(**{f"{lookup}__in": self.organisation_ids})


def provider_scope(user, *, city_staff: bool) -> ProviderScope:

    ids = frozenset(
        OrganisationStaff.objects.filter(user=user, organisation__is_active=True).values_list(
            "organisation_id", flat=True
        )
    )
    return ProviderScope(organisation_ids=ids, everything=city_staff and not ids)


def proposals_open_to_offers(scope: ProviderScope) -> QuerySet[Proposal]:
    """Proposals under evaluation or accepted, in categories the providers are accredited for,
    that no service came from yet; each says whether the providers already made an offer."""
    queryset = published_proposals().filter(state__in=OFFER_STATES, shared_service__isnull=True)
    if not scope.everything:
        queryset = queryset.filter(
            category__accredited_organisations__in=scope.organisation_ids,
            category__accredited_organisations__is_active=True,
        ).distinct()
    own_offers = scope.filter(
        Offer.objects.filter(proposal=OuterRef("pk"), state=Offer.State.SUBMITTED),
        "organisation_id",
    )
    return queryset.annotate(has_offer=Exists(own_offers)).order_by("-state_changed_at", "-pk")


def provider_offers(scope: ProviderScope) -> QuerySet[Offer]:
    return scope.filter(
        Offer.objects.select_related("proposal", "proposal__space", "organisation"),
        "organisation_id",
    ).order_by("-created_at", "-pk")


def provider_services(scope: ProviderScope) -> QuerySet[SharedService]:
    return (
        scope.filter(
            SharedService.objects.select_related("space", "provider", "category"), "provider_id"
        )
        .annotate(
            sessions=Count("deliveries", distinct=True),
            hours=Sum("deliveries__hours"),
            disputed=Count("deliveries", filter=Q(deliveries__disputed_count__gt=0), distinct=True),
        )
        .annotate(
            state_order=Case(
                When(state=SharedService.State.RUNNING, then=Value(0)),
                When(state=SharedService.State.STARTING, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("state_order", "-created_at", "-pk")
    )


def disputed_entries(scope: ProviderScope) -> QuerySet[DeliveryEntry]:
    disputes = DeliveryCheck.objects.filter(verdict=DeliveryCheck.Verdict.DISPUTED).select_related(
        "user"
    )
    return (
        scope.filter(
            DeliveryEntry.objects.filter(disputed_count__gt=0).select_related(
                "service", "service__provider"
            ),
            "service__provider_id",
        )
        .prefetch_related(
            Prefetch("checks", queryset=disputes.order_by("created_at", "pk"), to_attr="disputes")
        )
        .order_by("-date", "-pk")
    )


# --- The offers on a proposal's page ------------------------------------------------------------


@dataclass
class OfferRow:
    offer: Offer
    quota: QuotaSummary
    can_choose: bool
    can_withdraw: bool
    choose_form: object = None


@dataclass
class OffersPanel:
    proposal: Proposal
    rows: list[OfferRow]
    can_offer: bool  # may make an offer now
    closed_message: str  # accredited staff: why not now
    service: SharedService | None
    coordinator_hint: str = ""  # the coordinator: what comes next

    @property
    def shows(self) -> bool:
        return bool(self.rows or self.can_offer or self.closed_message or self.coordinator_hint)


def offers_closed_message(proposal: Proposal) -> str:
    """Why an accredited provider cannot make an offer on this proposal now."""

    if permissions.hasattr_service(proposal):
        return _("An offer was already chosen for this proposal.")
    if proposal.state in GATHERING_STATES:
        return _(
            "Offers open once the coordinator evaluates the proposal: for now households are "
            "still joining it."
        )
    return _("This proposal is “%(state)s”: it takes no offers.") % {
        "state": Proposal.State(proposal.state).label
    }


def providers_free_to_offer(user, proposal: Proposal) -> list:
    """The person's accredited providers that have no submitted offer on the proposal yet."""

    organisations = permissions.provider_organisations_for(user, proposal)
    if not organisations:
        return []
    busy = set(
        Offer.objects.filter(
            proposal=proposal,
            state=Offer.State.SUBMITTED,
            organisation_id__in=[org.pk for org in organisations],
        ).values_list("organisation_id", flat=True)
    )
    return [org for org in organisations if org.pk not in busy]


def offers_panel(user, proposal: Proposal) -> OffersPanel:

    is_coordinator = permissions.can_answer_proposal(user, proposal)
    rows = []
    for offer in offers_with_bands(proposal):
        offer.proposal = proposal  # already loaded: no query per offer
        own = permissions.is_staff_of(user, offer.organisation_id)
        if offer.state == Offer.State.WITHDRAWN and not (own or is_coordinator):
            continue
        rows.append(
            OfferRow(
                offer=offer,
                quota=quota_summary(
                    list(offer.bands.all()),
                    proposal.households_count,
                    pricing_mode=proposal.pricing_mode,
                ),
                can_choose=permissions.can_choose_offer(user, offer),
                can_withdraw=permissions.can_withdraw_offer(user, offer),
            )
        )
    open_now = permissions.can_offer_on_proposal(user, proposal)
    can_offer = open_now and bool(providers_free_to_offer(user, proposal))
    closed = ""
    # Staff whose provider has already offered see their offer, not a "closed" notice.
    if not open_now and permissions.may_ever_offer_on(user, proposal):
        closed = offers_closed_message(proposal)
    service = proposal.shared_service if permissions.hasattr_service(proposal) else None
    hint = ""
    if is_coordinator and proposal.state == Proposal.State.UNDER_EVALUATION:
        hint = _(
            "Accredited providers make their offers while the proposal is under evaluation or "
            "once it is accepted: you choose one after accepting it."
        )
    return OffersPanel(proposal, rows, can_offer, closed, service, hint)
