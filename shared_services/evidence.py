"""What the shared services tell the observatory: each household that took a seat, the start
(the last step of its proposal's funnel, with the days since the proposal was accepted), each
session delivered and, for each session, what each member household's quota was and how it
split between the family and the City.

The quotas are counted per session delivered because that is what is owed: a member pays its
quota per hour of service (``pricing.household_price`` with the members of that moment), and
for a co-payment service the City covers the share of the member's ISEE band
(``CopaymentShare``); a free service is covered by the City in full, a paid one by the
families. Each member's quota for a session is its hourly quota times the hours, rounded up
to the cent like the quotas themselves, the City's part rounded down (``pricing.member_share``).

Called by the services inside their transactions; ``backfill`` for the rows already there
(``apps.SharedServicesConfig.evidence_backfill``): it takes the members of each session's
moment from the memberships' dates, and the co-payment shares of today. A household that
leaves keeps its fact: it was served."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from proposals import evidence as proposal_evidence
from proposals.models import Proposal
from wemi_community.core.models import AuditEntry
from wemi_community.evidence.kinds import FactKind
from wemi_community.evidence.services import fact_backfill, fact_record

from . import kinds, pricing
from .models import DeliveryEntry, Membership, PricingMode, SharedService

M = Membership.State


def _member(membership: Membership, service: SharedService) -> dict:
    return {
        "kind": FactKind.SERVICE_MEMBER,
        "source": f"shared_services.membership:{membership.pk}",
        "when": membership.member_since,
        "person": membership.user,
        "space": service.space,
        "category": service.category_id,
        "households": 1,
        "people": membership.household_size,
    }


def _running(service: SharedService, when: datetime.datetime) -> dict:
    proposal = service.proposal
    return proposal_evidence.funnel_fact(
        proposal,
        FactKind.SERVICE_RUNNING,
        when=when,
        since=proposal_evidence.reached_at(proposal, Proposal.State.ACCEPTED),
    )


def _delivery(entry: DeliveryEntry, service: SharedService, members: int) -> dict:
    return {
        "kind": FactKind.SERVICE_DELIVERY,
        "source": f"shared_services.deliveryentry:{entry.pk}",
        "when": entry.created_at,
        "space": service.space,
        "category": service.category_id,
        "households": members,
        "people": members or 1,
        "quantity": entry.hours,
    }


def _payments(entry: DeliveryEntry, service: SharedService, members: list[Membership]):
    if not members:
        return
    bands = list(service.offer.bands.all())
    percents = {}
    if service.pricing_mode == PricingMode.COPAYMENT:
        percents = dict(service.copayment_shares.values_list("isee_band", "city_percent"))
    for membership in members:
        price = pricing.household_price(
            bands,
            len(members),
            pricing_mode=service.pricing_mode,
            city_percent=percents.get(membership.isee_band or "", 0),
        )
        if price is None:
            continue
        session = pricing.member_share(
            pricing.round_up(price.quota * entry.hours), price.share.city_percent
        )
        yield {
            "kind": FactKind.SERVICE_PAYMENT,
            "source": f"shared_services.deliveryentry:{entry.pk}-{membership.user_id}",
            "when": entry.created_at,
            "person": membership.user,
            "space": service.space,
            "category": service.category_id,
            "households": 1,
            "people": membership.household_size,
            "quantity": entry.hours,
            "family_cents": int(session.member_pays * 100),
            "city_cents": int(session.city_pays * 100),
            "isee_band": membership.isee_band,
        }


def member_joined(membership: Membership, service: SharedService) -> None:
    """A household took a seat (confirming, asking once it runs, or from the waitlist)."""
    fact_record(**_member(membership, service))


def started(service: SharedService, when: datetime.datetime) -> None:
    fact_record(**_running(service, when))


def delivered(entry: DeliveryEntry, service: SharedService) -> None:
    """A session logged: its fact and one quota per member household of now."""
    members = list(
        Membership.objects.filter(service=service, state=M.MEMBER).select_related("user")
    )
    fact_record(**_delivery(entry, service, len(members)))
    for fields in _payments(entry, service, members):
        fact_record(**fields)


def _members_at(memberships: list[Membership], moment: datetime.datetime) -> list[Membership]:
    return [
        m
        for m in memberships
        if m.member_since is not None
        and m.member_since <= moment
        and (m.ended_at is None or m.ended_at > moment)
    ]


def _started_at(service: SharedService) -> datetime.datetime:
    """When the service started: its audit entry, else when it was born."""
    entry = (
        AuditEntry.objects.filter(
            action=kinds.SERVICE_STARTED,
            target_type=ContentType.objects.get_for_model(SharedService),
            target_id=str(service.pk),
        )
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return entry or service.created_at


def backfill(*, refresh: bool = False) -> int:
    written = 0
    services = SharedService.objects.select_related("space", "proposal__space", "offer")
    for service in services.order_by("pk").iterator():
        memberships = list(
            service.memberships.filter(
                Q(state=M.MEMBER) | Q(state=M.LEFT, member_since__isnull=False)
            ).select_related("user")
        )
        for membership in memberships:
            if membership.member_since is not None:
                written += fact_backfill(refresh=refresh, **_member(membership, service))
        if service.state != SharedService.State.STARTING:
            written += fact_backfill(refresh=refresh, **_running(service, _started_at(service)))
        for entry in service.deliveries.order_by("pk"):
            members = _members_at(memberships, entry.created_at)
            written += fact_backfill(refresh=refresh, **_delivery(entry, service, len(members)))
            for fields in _payments(entry, service, members):
                written += fact_backfill(refresh=refresh, **fields)
    return written
