"""Reads for the offer and shared-service pages and the provider dashboard, beyond
``selectors.py``. Every list costs a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from wemi_community.accounts.models import OrganisationStaff

from . import permissions, price_texts, pricing
from .models import (
    CopaymentShare,
    DeliveryCheck,
    DeliveryEntry,
    Membership,
    Offer,
    PriceBand,
    PricingMode,
    Proposal,
    ServiceRating,
    SharedService,
)
from .selectors import offers_with_bands, published_proposals
from .states import GATHERING_STATES, OFFER_STATES

# --- Quota tables -----------------------------------------------------------------------------


@dataclass(frozen=True)
class QuotaSummary:
    """A price list as residents read it: a line per number of households (each a
    ``pricing.HouseholdPrice``, the one source of every amount a household reads) and the price
    for the households there are now."""

    lines: list[pricing.HouseholdPrice]
    households: int  # how many households there are now (joined or members)
    price: pricing.HouseholdPrice | None  # for ``households``: the minimum's line below it
    # The lines carry the reader's own part after the City's share (co-payment, a member).
    personal: bool = False

    @property
    def rows(self) -> list[pricing.QuotaRow]:
        return [line.row for line in self.lines]

    @property
    def minimum(self) -> int:
        return self.lines[0].households if self.lines else 0

    @property
    def maximum(self) -> int:
        return self.lines[-1].households if self.lines else 0

    @property
    def minimum_quota(self) -> Decimal | None:
        return self.lines[0].quota if self.lines else None

    @property
    def maximum_quota(self) -> Decimal | None:
        return self.lines[-1].quota if self.lines else None

    @property
    def below_minimum(self) -> bool:
        return self.price is not None and self.price.below_minimum

    @property
    def within(self) -> bool:
        return bool(self.lines) and self.minimum <= self.households <= self.maximum

    @property
    def current_quota(self) -> Decimal | None:
        """Each household's quota now, when a line of the list applies."""
        return self.price.quota if self.within else None

    @property
    def is_free(self) -> bool:
        return self.price is not None and self.price.is_free

    @property
    def is_copayment(self) -> bool:
        return self.price is not None and self.price.is_copayment

    @property
    def sentence(self) -> str:
        return price_texts.list_sentence(self)


def quota_summary(
    bands: Sequence[pricing.Band],
    households: int,
    *,
    pricing_mode: str = pricing.PAID,
    city_percent: int | None = None,
) -> QuotaSummary:
    """``city_percent``: the reader's share covered by the City (co-payment), when known."""
    mode = pricing_mode or pricing.PAID
    return QuotaSummary(
        lines=pricing.household_prices(bands, pricing_mode=mode, city_percent=city_percent),
        households=households,
        price=pricing.household_price(
            bands, households, pricing_mode=mode, city_percent=city_percent
        ),
        personal=mode == pricing.COPAYMENT and city_percent is not None,
    )


# --- The service page -------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceStats:
    sessions: int
    hours: Decimal
    rating_average: float | None
    ratings: int


def service_stats(service: SharedService) -> ServiceStats:
    deliveries = DeliveryEntry.objects.filter(service=service).aggregate(
        sessions=Count("pk"), hours=Sum("hours")
    )
    ratings = ServiceRating.objects.filter(service=service).aggregate(
        average=Avg("stars"), count=Count("pk")
    )
    return ServiceStats(
        sessions=deliveries["sessions"] or 0,
        hours=deliveries["hours"] or Decimal("0"),
        rating_average=round(ratings["average"], 1) if ratings["average"] is not None else None,
        ratings=ratings["count"] or 0,
    )


def my_membership(user, service: SharedService) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(service=service, user=user).first()


def copayment_percents(service: SharedService) -> dict[str, int]:
    """The share the City covers, by ISEE band value ("" for not declared)."""
    return dict(
        CopaymentShare.objects.filter(service=service).values_list("isee_band", "city_percent")
    )


@dataclass(frozen=True)
class MemberLists:
    members: list[Membership] = field(default_factory=list)
    waitlist: list[Membership] = field(default_factory=list)
    invited: list[Membership] = field(default_factory=list)


def member_lists(service: SharedService) -> MemberLists:
    """Members, the waitlist in the order households asked, and who still has to confirm."""
    rows = list(
        service.memberships.filter(
            state__in=[
                Membership.State.MEMBER,
                Membership.State.WAITLISTED,
                Membership.State.INVITED,
            ]
        )
        .select_related("user")
        .order_by("requested_at", "invited_at", "pk")
    )
    return MemberLists(
        members=[row for row in rows if row.state == Membership.State.MEMBER],
        waitlist=[row for row in rows if row.state == Membership.State.WAITLISTED],
        invited=[row for row in rows if row.state == Membership.State.INVITED],
    )


def member_isee_bands(service: SharedService) -> list[str]:
    return list(
        Membership.objects.filter(service=service, state=Membership.State.MEMBER).values_list(
            "isee_band", flat=True
        )
    )


def delivery_log(service: SharedService) -> QuerySet[DeliveryEntry]:
    return DeliveryEntry.objects.filter(service=service).order_by("-date", "-pk")


def my_checks(user, entries: Sequence[DeliveryEntry]) -> dict[int, DeliveryCheck]:
    if not getattr(user, "is_authenticated", False) or not entries:
        return {}
    return {
        check.entry_id: check
        for check in DeliveryCheck.objects.filter(user=user, entry__in=list(entries))
    }


def my_rating(user, service: SharedService) -> ServiceRating | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return ServiceRating.objects.filter(service=service, user=user).first()


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


# --- Everything the service page shows, for one person ------------------------------------------

LOG_PAGE_SIZE = 20


@dataclass
class ServicePage:
    service: SharedService
    bands: list[PriceBand]
    quota: QuotaSummary
    # What the person looking pays per hour with the current members (their own part after
    # the City's share when they are in a co-payment service); below the minimum, what each
    # household will pay once it is reached.
    price: pricing.HouseholdPrice | None
    stats: ServiceStats
    can_view_private: bool
    is_coordinator: bool
    is_provider_staff: bool
    membership: Membership | None
    confirm_window_open: bool
    can_request_seat: bool
    can_leave: bool
    can_log: bool
    can_check: bool
    can_rate: bool
    can_start: bool
    can_end: bool
    lists: MemberLists | None = None
    percents: dict[str, int] = field(default_factory=dict)
    totals: pricing.ServiceTotals | None = None
    log_page: object = None
    checks: dict[int, DeliveryCheck] = field(default_factory=dict)
    rating: ServiceRating | None = None
    waitlist_position: int | None = None

    @property
    def is_copayment(self) -> bool:
        return self.service.pricing_mode == PricingMode.COPAYMENT

    @property
    def declares_isee(self) -> bool:
        return (
            self.is_copayment
            and self.membership is not None
            and self.membership.state
            in (
                Membership.State.INVITED,
                Membership.State.MEMBER,
                Membership.State.WAITLISTED,
            )
        )

    @property
    def seats_full(self) -> bool:
        return self.service.members_count >= self.service.seats

    @property
    def price_text(self) -> str:
        """What the person looking pays, in words (see ``price_texts``)."""
        if self.price is None:
            return ""
        running = self.service.state == SharedService.State.RUNNING
        return price_texts.full_text(self.price, running=running)

    @property
    def price_note(self) -> str:
        return price_texts.short_note(self.price) if self.price is not None else ""


def service_page(user, service: SharedService, *, log_page=None) -> ServicePage:

    bands = list(service.offer.bands.all())
    membership = my_membership(user, service)
    is_coordinator = permissions.can_coordinate_service(user, service)
    is_staff = permissions.is_staff_of(user, service.provider_id)
    running = service.state == SharedService.State.RUNNING
    invited = membership is not None and membership.state == Membership.State.INVITED
    page = ServicePage(
        service=service,
        bands=bands,
        quota=quota_summary(bands, service.members_count, pricing_mode=service.pricing_mode),
        price=None,
        stats=service_stats(service),
        can_view_private=permissions.can_view_service_private(user, service),
        is_coordinator=is_coordinator,
        is_provider_staff=is_staff,
        membership=membership,
        confirm_window_open=invited and timezone.now() <= service.confirm_by,
        can_request_seat=permissions.can_request_seat(user, service) and (running or invited),
        can_leave=permissions.can_leave_service(user, service),
        can_log=permissions.can_log_delivery(user, service),
        can_check=permissions.can_check_delivery(user, service),
        can_rate=permissions.can_rate_service(user, service),
        can_start=(is_coordinator or is_staff) and service.state == SharedService.State.STARTING,
        can_end=is_coordinator and service.state != SharedService.State.ENDED,
    )
    if page.can_view_private:
        page.lists = member_lists(service)
    if membership is not None and membership.state == Membership.State.WAITLISTED:
        page.waitlist_position = 1 + (
            Membership.objects.filter(service=service, state=Membership.State.WAITLISTED)
            .filter(
                Q(requested_at__lt=membership.requested_at)
                | Q(requested_at=membership.requested_at, pk__lt=membership.pk)
            )
            .count()
        )
    if page.is_copayment and (page.declares_isee or is_coordinator):
        page.percents = copayment_percents(service)
    city_percent = None
    if page.declares_isee:
        city_percent = page.percents.get(membership.isee_band, 0)
        page.quota = quota_summary(
            bands,
            service.members_count,
            pricing_mode=service.pricing_mode,
            city_percent=city_percent,
        )
    page.price = pricing.household_price(
        bands,
        service.members_count,
        pricing_mode=service.pricing_mode,
        city_percent=city_percent,
    )
    if is_coordinator:
        page.totals = pricing.service_totals(
            bands,
            member_isee_bands(service),
            page.percents,
            pricing_mode=service.pricing_mode,
        )
    page.log_page = Paginator(delivery_log(service), LOG_PAGE_SIZE).get_page(log_page)
    if page.can_check:
        page.checks = my_checks(user, page.log_page.object_list)
    if page.can_rate:
        page.rating = my_rating(user, service)
    return page


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
