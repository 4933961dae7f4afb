"""Reads for shared services: the quota tables, the service's page for one person, the
services of a space, of a person, found by a search. Every list costs a fixed number of queries,
whatever the number of rows: foreign keys are joined, counters are columns. The offers' reads
(a proposal's offers, the provider dashboard) are in ``offer_selectors.py``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Avg, Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from proposals.models import Proposal

from . import permissions, price_texts, pricing
from .models import (
    CopaymentShare,
    DeliveryCheck,
    DeliveryEntry,
    Membership,
    Offer,
    PriceBand,
    PricingMode,
    ServiceRating,
    SharedService,
)

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


# --- Lists ---------------------------------------------------------------------------------


def services_by_space(spaces: Sequence) -> dict[int, list[SharedService]]:
    by_space: dict[int, list[SharedService]] = defaultdict(list)
    rows = (
        SharedService.objects.filter(space_id__in=[space.pk for space in spaces])
        .exclude(state=SharedService.State.ENDED)
        .select_related("provider", "category")
        .order_by("-created_at")
    )
    for service in rows:
        by_space[service.space_id].append(service)
    return by_space


def offers_with_bands(proposal: Proposal) -> list[Offer]:
    return list(
        proposal.offers.select_related("organisation")
        .prefetch_related(Prefetch("bands", queryset=PriceBand.objects.order_by("min_households")))
        .order_by("created_at", "pk")
    )


def service_detail(pk: int) -> SharedService:
    return (
        SharedService.objects.select_related(
            "proposal", "offer", "provider", "space", "category", "space__municipio"
        )
        .prefetch_related(
            Prefetch("offer__bands", queryset=PriceBand.objects.order_by("min_households"))
        )
        .get(pk=pk)
    )


def memberships_of(
    service: SharedService, states: Sequence[str] | None = None
) -> QuerySet[Membership]:
    rows = service.memberships.select_related("user").order_by("requested_at", "invited_at", "pk")
    if states:
        rows = rows.filter(state__in=states)
    return rows


def my_memberships(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("service", "service__space", "service__provider", "service__offer")
        .prefetch_related("service__offer__bands", "service__copayment_shares")
        .order_by("-service__created_at")
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
