"""A shared service's page costs the same number of SQL queries with two rows of every kind it
shows as with four times as many, for the people who see the most of it, running or starting,
at the awkward instants too."""

from __future__ import annotations

import pytest
from django.utils import timezone

from shared_services import deliveries as service_deliveries
from shared_services import offers
from shared_services import services as service_ops
from shared_services.models import IseeBand
from tests.factories import UserFactory
from tests.proposals.test_query_counts import FEW, MANY, client_of, discuss
from tests.queries import page_text, queries_for
from tests.shared_services.helpers import accepted_with_offer, running_service
from tests.spaces.helpers import make_space

pytestmark = pytest.mark.django_db


def service_with(*, space, rows: int, tag: str):
    """A running co-payment service with ``rows`` members (each with an ISEE band), as many
    households waiting, sessions logged, each confirmed or disputed by every member, and
    every member's rating: (service, coordinator, staff, a member)."""
    shared, coordinator, staff = running_service(
        rows, maximum=rows, space=space, title=f"Servizio {tag}", pricing_mode="copayment"
    )
    service_ops.copayment_set(
        coordinator=coordinator, service=shared, percents=dict.fromkeys(IseeBand.values, 20)
    )
    for _ in range(rows):
        service_ops.seat_confirm(actor=UserFactory(display_name=f"In attesa {tag}"), service=shared)
    members = [
        membership.user
        for membership in shared.memberships.filter(state="member").select_related("user")
    ]
    for number, member in enumerate(members):
        band = IseeBand.values[number % len(IseeBand.values)]
        service_ops.isee_band_declare(actor=member, service=shared, isee_band=band)
    for _ in range(rows):
        entry = service_deliveries.delivery_log(
            actor=staff,
            service=shared,
            date=timezone.localdate(),
            hours="1",
            notes=f"Sessione {tag}",
        )
        for number, member in enumerate(members):
            if number % 2:
                service_deliveries.delivery_check(
                    actor=member, entry=entry, verdict="disputed", note="Tardi"
                )
            else:
                service_deliveries.delivery_check(actor=member, entry=entry, verdict="confirmed")
    for member in members:
        service_deliveries.service_rate(actor=member, service=shared, stars=4, comment="Bene")
    discuss(shared, rows, tag=tag)
    shared.refresh_from_db()
    return shared, coordinator, staff, members[0]


def starting_service_with(*, space, rows: int, tag: str):
    """A service just chosen: ``rows`` households invited, half of them confirmed:
    (service, coordinator, staff, a household still invited)."""
    proposal, offer, coordinator, staff = accepted_with_offer(
        rows, maximum=rows, space=space, title=f"Servizio in avvio {tag}"
    )
    shared = offers.offer_choose(coordinator=coordinator, offer=offer)
    invited = list(shared.memberships.select_related("user").order_by("pk"))
    for membership in invited[: rows // 2]:
        service_ops.seat_confirm(actor=membership.user, service=shared)
    shared.refresh_from_db()
    return shared, coordinator, staff, invited[-1].user


@pytest.mark.instants
@pytest.mark.parametrize(
    "build", [service_with, starting_service_with], ids=["running", "starting"]
)
def test_a_services_page_costs_the_same_for_few_and_many_members_sessions_and_ratings(
    build, django_assert_num_queries
):
    few_one, *few_people = build(space=make_space("Spazio piccolo"), rows=FEW, tag="piccolo")
    many_one, *many_people = build(space=make_space("Spazio grande"), rows=MANY, tag="grande")
    roles = ("coordinator", "staff", "household", "anonymous")
    for role, few_person, many_person in zip(
        roles, [*few_people, None], [*many_people, None], strict=True
    ):
        few = queries_for(client_of(few_person), few_one.get_absolute_url())
        client = client_of(many_person)
        text = page_text(client, many_one.get_absolute_url())
        if build is service_with:
            assert text.count("Sessione grande") == MANY and text.count("Commento grande") == MANY
            if role != "anonymous":
                assert text.count("In attesa grande") == MANY, role
        elif role in ("coordinator", "staff"):
            assert text.count("Famiglia ") >= MANY - 1, role  # members and who is to confirm
        with django_assert_num_queries(few, info=role):
            client.get(many_one.get_absolute_url())
