"""Seats never overbook: 200 households confirming at once for 10 seats, on real threads, each
with its own database connection (SQLite in `make test`, PostgreSQL in `make test-services`)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connections

from proposals.models import Proposal, Support
from shared_services import offers
from shared_services import services as service_ops
from shared_services.models import Membership
from shared_services.pricing import BandData
from tests.participation.moderation_helpers import coordinator_of
from tests.proposals.helpers import published
from tests.shared_services.helpers import accredited_staff, offer_data
from wemi_community.accounts.models import User

HOUSEHOLDS = 200
SEATS = 10
# PostgreSQL allows 100 connections here: 40 threads keep well under it and still collide.
WORKERS = 40


def _service_with_invitations():
    """An accepted proposal joined by 200 households, its offer chosen: 200 invitations."""
    proposal = published(threshold=2)
    coordinator = coordinator_of(proposal.space)
    users = User.objects.bulk_create(
        User(email=f"famiglia{n}@esempio.example", display_name=f"Famiglia {n}", nickname=f"fam{n}")
        for n in range(HOUSEHOLDS - 1)
    )
    Support.objects.bulk_create(
        Support(proposal=proposal, user=user, household_size=2) for user in users
    )
    Proposal.objects.filter(pk=proposal.pk).update(state=Proposal.State.UNDER_EVALUATION)
    organisation, staff = accredited_staff()
    offer = offers.offer_submit(
        actor=staff,
        proposal=Proposal.objects.get(pk=proposal.pk),
        organisation=organisation,
        data=offer_data((BandData(2, SEATS, Decimal("40")),), maximum=SEATS),
    )
    Proposal.objects.filter(pk=proposal.pk).update(state=Proposal.State.ACCEPTED)
    return offers.offer_choose(coordinator=coordinator, offer=offer)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_200_simultaneous_confirmations_fill_10_seats_and_queue_the_rest():
    shared = _service_with_invitations()
    user_ids = list(shared.memberships.values_list("user_id", flat=True))
    assert len(user_ids) == HOUSEHOLDS
    start = threading.Barrier(WORKERS)
    errors = []

    def confirm(user_id, wait):
        try:
            if wait:
                start.wait(timeout=30)
            service_ops.seat_confirm(actor=User.objects.get(pk=user_id), service=shared)
        except Exception as error:  # noqa: BLE001 - every failure is reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        # The first wave starts together at the barrier; the rest follow as threads free up.
        list(pool.map(confirm, user_ids, [i < WORKERS for i in range(HOUSEHOLDS)]))

    assert errors == []
    states = list(shared.memberships.values_list("state", flat=True))
    assert states.count(Membership.State.MEMBER) == SEATS
    assert states.count(Membership.State.WAITLISTED) == HOUSEHOLDS - SEATS
    shared.refresh_from_db()
    assert (shared.members_count, shared.waitlist_count) == (SEATS, HOUSEHOLDS - SEATS)
    assert shared.current_quota == Decimal("4.00")
