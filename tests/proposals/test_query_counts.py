"""Each proposals page costs the same number of SQL queries with two rows of every kind it shows
as with four times as many, for the people who see the most of it. The list has its own in
``test_proposal_list.py``; a shared service's page and the provider dashboard theirs in
``tests/shared_services``. The
pages with dated rows (deadlines, days left, sessions) are counted at the awkward instants too."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from proposals import joins, services
from proposals.models import ProposalThreshold
from shared_services import offers
from shared_services import services as service_ops
from shared_services.models import Membership
from tests.factories import UserFactory
from tests.participation.moderation_helpers import city_staff, coordinator_of
from tests.proposals.helpers import draft, published
from tests.queries import page_text, queries_for
from tests.shared_services.helpers import (
    accredited_staff,
    offer_data,
    running_service,
)
from tests.spaces.helpers import make_space
from wemi_community.catalogue.models import ServiceCategory
from wemi_community.participation import comments

pytestmark = pytest.mark.django_db

FEW, MANY = 2, 8


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def discuss(target, count: int, *, tag: str) -> None:
    """``count`` threads on ``target``, each with a reply."""
    for index in range(count):
        root = comments.comment_post(
            actor=UserFactory(), target=target, text=f"Commento {tag} {index}"
        )
        comments.comment_post(
            actor=UserFactory(), target=target, text=f"Risposta {tag} {index}", parent=root
        )


def invited_to_a_service(resident, space, title: str):
    """A service starting from a proposal the resident joined: their seat awaits confirmation."""
    proposal = published(space=space, households=1, threshold=2, title=title)
    joins.proposal_join(actor=resident, proposal=proposal, household_size=2)
    coordinator = coordinator_of(space)
    for state in ("under_evaluation", "accepted"):
        services.proposal_answer(
            coordinator=coordinator, proposal=proposal, to_state=state, text="Va bene."
        )
    organisation, staff = accredited_staff()
    offer = offers.offer_submit(
        actor=staff, proposal=proposal, organisation=organisation, data=offer_data()
    )
    return offers.offer_choose(coordinator=coordinator, offer=offer)


@pytest.mark.instants
def test_my_proposals_cost_the_same_for_few_and_many_of_each_kind(
    settings, django_assert_num_queries
):
    settings.WEMI_PROPOSALS_PER_PAGE = 50  # every row on one page
    resident = UserFactory(display_name="Giulia")
    space = make_space("Spazio delle mie proposte")
    services_space = make_space("Spazio dei servizi")
    made = 0

    def add(count: int) -> None:
        """Of each kind: a proposal of hers, a draft, one she joined, a service she is invited
        to, and a running one (paid, co-payment or free) where she has a seat or waits."""
        nonlocal made
        for index in range(made, made + count):
            published(author=resident, space=space, title=f"Proposta mia {index}")
            draft(resident, space, title=f"Bozza mia {index}")
            joined = published(space=space, title=f"Proposta altrui {index}")
            joins.proposal_join(actor=resident, proposal=joined, household_size=2)
            invited_to_a_service(resident, space, f"Proposta con servizio {index}")
            shared, _coordinator, _staff = running_service(
                2,
                maximum=2 + index % 2,  # full every other time: she waits
                pricing_mode=("paid", "copayment", "free")[index % 3],
                space=services_space,
                title=f"Servizio {index}",
            )
            service_ops.seat_confirm(actor=resident, service=shared)
        made += count

    url = reverse("proposals:mine")
    client = client_of(resident)
    add(FEW)
    few = queries_for(client, url)

    add(MANY - FEW)
    text = page_text(client, url)
    for kind in ("Proposta mia", "Bozza mia", "Proposta altrui", "Proposta con servizio"):
        assert text.count(f"{kind} ") >= MANY, kind
    assert text.count("data-you-pay") == 2 * MANY
    states = set(Membership.objects.filter(user=resident).values_list("state", flat=True))
    assert states == {"invited", "member", "waitlisted"}
    with django_assert_num_queries(few):
        client.get(url)


def proposal_with(*, space, author, joiner, organisation, staff, rows: int, tag: str):
    """An accepted proposal with ``rows`` households, offers and comment threads; the
    ``joiner`` among the households, the first offer by ``organisation``."""
    proposal = published(
        author=author, space=space, households=rows - 1, threshold=rows, title=f"Proposta {tag}"
    )
    joins.proposal_join(actor=joiner, proposal=proposal, household_size=3)
    coordinator = coordinator_of(space)
    for state in ("under_evaluation", "accepted"):
        services.proposal_answer(
            coordinator=coordinator, proposal=proposal, to_state=state, text="Va bene."
        )
    offers.offer_submit(
        actor=staff, proposal=proposal, organisation=organisation, data=offer_data()
    )
    for _ in range(rows - 1):
        other, other_staff = accredited_staff()
        offers.offer_submit(
            actor=other_staff, proposal=proposal, organisation=other, data=offer_data()
        )
    discuss(proposal, rows, tag=tag)
    proposal.refresh_from_db()
    return proposal, coordinator


@pytest.mark.instants
def test_a_proposals_page_costs_the_same_for_few_and_many_households_offers_and_comments(
    django_assert_num_queries,
):
    space = make_space("Spazio della proposta")
    author, joiner = UserFactory(), UserFactory()
    organisation, staff = accredited_staff()
    people = {"author": author, "joiner": joiner, "staff": staff}
    few_one, coordinator = proposal_with(
        space=space,
        author=author,
        joiner=joiner,
        organisation=organisation,
        staff=staff,
        rows=FEW,
        tag="poche",
    )
    many_one, _coordinator = proposal_with(
        space=space,
        author=author,
        joiner=joiner,
        organisation=organisation,
        staff=staff,
        rows=MANY,
        tag="molte",
    )
    assert many_one.households_count == MANY
    people["coordinator"] = coordinator
    people["anonymous"] = None
    for role, person in people.items():
        client = client_of(person)
        few = queries_for(client, few_one.get_absolute_url())
        text = page_text(client, many_one.get_absolute_url())
        assert text.count('class="card card-bg wemi-offer') == MANY, role
        assert text.count("Commento molte") == MANY and text.count("Risposta molte") == MANY
        with django_assert_num_queries(few):
            client.get(many_one.get_absolute_url())


@pytest.mark.instants
def test_the_wizards_last_step_costs_the_same_for_few_and_many_similar_proposals(
    django_assert_num_queries,
):
    space = make_space("Spazio delle proposte simili")
    author = UserFactory()
    mine = draft(author, space, title="Baby sitter per il cortile")
    url = reverse("proposals:draft_step", args=[mine.pk, "simili"])
    client = client_of(author)
    for index in range(FEW):
        published(space=space, title=f"Baby sitter simile {index}")
    few = queries_for(client, url)

    for index in range(FEW, MANY):
        published(space=space, title=f"Baby sitter simile {index}")
    text = page_text(client, url)
    assert text.count('class="wemi-similar-item"') == 5  # the five closest
    with django_assert_num_queries(few):
        client.get(url)


def test_the_admins_thresholds_cost_the_same_for_few_and_many(django_assert_num_queries):
    """The City's list of thresholds: a row per category, the city's and a space's."""
    client = client_of(city_staff())
    url = reverse("wagtailsnippets_proposals_proposalthreshold:list")
    kinds = list(ServiceCategory.objects.filter(level=ServiceCategory.Level.LEVEL2)[:MANY])

    def add(start: int, count: int) -> None:
        for index in range(start, start + count):
            space = make_space(f"Spazio della soglia {index}")
            ProposalThreshold.objects.create(category=kinds[index], households=3)
            ProposalThreshold.objects.create(category=kinds[index], space=space, households=5)

    add(0, FEW)
    few = queries_for(client, url)
    add(FEW, MANY - FEW)
    assert page_text(client, url).count("Spazio della soglia ") >= MANY
    with django_assert_num_queries(few):
        client.get(url)
