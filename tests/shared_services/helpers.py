"""Offers and shared services for the tests, on proposals of ``tests/proposals/helpers.py``,
built through the services so that memberships and counters are what the site itself would
write."""

from __future__ import annotations

from decimal import Decimal

from proposals import services
from shared_services import offers
from shared_services import services as service_ops
from shared_services.offers import OfferData
from shared_services.pricing import BandData
from tests.factories import OrganisationFactory, OrganisationStaffFactory
from tests.participation.moderation_helpers import coordinator_of
from tests.proposals.helpers import CATEGORY, category, published
from tests.spaces.helpers import make_space

# 2–3 households: € 30/h for the group; 4–6: € 36/h.
BANDS = (BandData(2, 3, Decimal("30.00")), BandData(4, 6, Decimal("36.00")))


def accredited_staff(name: str = CATEGORY):
    """A provider accredited for the category, and one of its staff."""
    organisation = OrganisationFactory()
    organisation.accredited_categories.add(category(name))
    staff = OrganisationStaffFactory(organisation=organisation)
    return organisation, staff.user


def offer_data(bands=BANDS, *, minimum: int = 2, maximum: int = 6) -> OfferData:
    return OfferData(
        min_households=minimum,
        max_households=maximum,
        schedule="Martedì e giovedì 16:30–19:00",
        description="Educatrice qualificata, materiali inclusi.",
        bands=list(bands),
    )


def accepted_with_offer(
    households: int = 4, *, pricing_mode: str = "paid", maximum: int = 6, space=None, **extra
):
    """An accepted proposal with one submitted offer: (proposal, offer, coordinator, staff);
    in a new space unless given."""
    space = space or make_space("Spazio del servizio")
    coordinator = coordinator_of(space)
    proposal = published(
        space=space,
        households=households,
        threshold=min(households, 3),
        pricing_mode=pricing_mode,
        **extra,
    )
    services.proposal_answer(
        coordinator=coordinator,
        proposal=proposal,
        to_state="under_evaluation",
        text="La valutiamo.",
    )
    services.proposal_answer(
        coordinator=coordinator, proposal=proposal, to_state="accepted", text="Si parte!"
    )
    organisation, staff = accredited_staff()
    bands = BANDS if maximum == 6 else (BandData(2, maximum, Decimal("30.00")),)
    offer = offers.offer_submit(
        actor=staff,
        proposal=proposal,
        organisation=organisation,
        data=offer_data(bands, maximum=maximum),
    )
    proposal.refresh_from_db()
    return proposal, offer, coordinator, staff


def running_service(households: int = 4, **kwargs):
    """A running shared service whose invited households all confirmed:
    (service, coordinator, staff)."""
    proposal, offer, coordinator, staff = accepted_with_offer(households, **kwargs)
    shared = offers.offer_choose(coordinator=coordinator, offer=offer)
    for membership in shared.memberships.select_related("user"):
        service_ops.seat_confirm(actor=membership.user, service=shared)
    shared = service_ops.service_start(actor=coordinator, service=shared)
    shared.refresh_from_db()
    return shared, coordinator, staff
