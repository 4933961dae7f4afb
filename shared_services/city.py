"""Shared services in bulk for ``seed_demo --city``: accepted proposals of the city become
services of the demo's providers, with their members and waitlist taken from the households
that joined (counters to match) and a weekly delivery log."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from proposals.models import Proposal, Support
from wemi_community.accounts.models import OrganisationStaff
from wemi_community.core.bulk import insert_rows

from .models import DeliveryEntry, Membership, Offer, PriceBand, SharedService

SERVICES = 500
DELIVERIES_PER_SERVICE = 20
PRICE = Decimal("40.00")


def seed_city(*, city) -> None:
    staff = OrganisationStaff.objects.order_by("pk").first()
    if staff is None:
        city.stdout.write("  shared services: no provider in the demo, none made")
        return
    proposals = list(
        Proposal.objects.filter(
            state=Proposal.State.ACCEPTED,
            shared_service__isnull=True,
            author__email__endswith=city.data["residents_domain"],
        )
        .select_related("space")
        .order_by("pk")[: city.count(SERVICES)]
    )
    services = []

    def build_services():
        now = timezone.now()
        offers = Offer.objects.bulk_create(
            Offer(
                proposal=proposal,
                organisation_id=staff.organisation_id,
                submitted_by_id=staff.user_id,
                min_households=2,
                max_households=max(2, proposal.threshold),
                schedule="Martedì e giovedì 16:30–19:00",
                description="Operatrice qualificata, materiali inclusi.",
                state=Offer.State.CHOSEN,
            )
            for proposal in proposals
        )
        PriceBand.objects.bulk_create(
            PriceBand(
                offer=offer,
                min_households=2,
                max_households=offer.max_households,
                group_price_per_hour=PRICE,
            )
            for offer in offers
        )
        seats = {proposal.pk: max(2, proposal.threshold) for proposal in proposals}
        services.extend(
            SharedService.objects.bulk_create(
                SharedService(
                    proposal=proposal,
                    offer=offer,
                    provider_id=staff.organisation_id,
                    space_id=proposal.space_id,
                    category_id=proposal.category_id,
                    title=proposal.title,
                    schedule=offer.schedule,
                    pricing_mode=proposal.pricing_mode,
                    seats=seats[proposal.pk],
                    min_households=2,
                    state=SharedService.State.RUNNING,
                    confirm_by=proposal.state_changed_at or now,
                    members_count=min(seats[proposal.pk], proposal.households_count),
                    waitlist_count=max(0, proposal.households_count - seats[proposal.pk]),
                    current_quota=(
                        PRICE / min(seats[proposal.pk], proposal.households_count)
                    ).quantize(Decimal("0.01")),
                )
                for proposal, offer in zip(proposals, offers, strict=True)
            )
        )
        return len(services)

    def build_memberships():
        by_proposal = {service.proposal_id: service for service in services}
        taken: dict[int, int] = {}

        def rows():
            for proposal_id, user_id, size, joined in (
                Support.objects.filter(proposal_id__in=list(by_proposal))
                .order_by("proposal_id", "created_at", "pk")
                .values_list("proposal_id", "user_id", "household_size", "created_at")
                .iterator(chunk_size=5_000)
            ):
                service = by_proposal[proposal_id]
                place = taken.get(proposal_id, 0)
                taken[proposal_id] = place + 1
                member = place < service.seats  # the first to join take the seats
                yield (
                    service.pk,
                    user_id,
                    size,
                    Membership.State.MEMBER if member else Membership.State.WAITLISTED,
                    joined,
                    joined,
                    service.confirm_by if member else None,
                )

        return insert_rows(
            Membership,
            (
                "service_id",
                "user_id",
                "household_size",
                "state",
                "invited_at",
                "requested_at",
                "member_since",
            ),
            list(rows()),  # read fully before writing: one cursor at a time on SQLite
        )

    def build_deliveries():
        today = timezone.localdate()
        return insert_rows(
            DeliveryEntry,
            ("service_id", "date", "hours", "notes", "logged_by_id"),
            (
                (
                    service.pk,
                    today - datetime.timedelta(weeks=week + 1),
                    Decimal("2.50"),
                    "Incontro settimanale svolto.",
                    staff.user_id,
                )
                for service in services
                for week in range(DELIVERIES_PER_SERVICE)
            ),
        )

    city.phase("shared services (offers, price bands)", build_services)
    city.phase("service members and waitlists", build_memberships)
    city.phase("delivery log entries", build_deliveries)
