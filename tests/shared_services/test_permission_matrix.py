"""The offers' and shared services' rules (shared_services/permissions.py) as a matrix:
role × state × action, and the views giving the same answer. The proposals' matrix is in
``tests/proposals/test_permission_matrix.py``."""

from __future__ import annotations

import pytest
from django.urls import reverse

from proposals.models import Proposal
from shared_services import offers as offer_services
from shared_services import permissions as service_permissions
from shared_services import services as service_ops
from shared_services.models import SharedService
from tests import matrix
from tests.factories import UserFactory, service
from tests.factories.proposals import (
    CATEGORY,
    OfferFactory,
    ProposalFactory,
    SharedServiceFactory,
)
from tests.factories.roles import (
    CityStaffFactory,
    CoordinatorFactory,
    DeskOperatorFactory,
    provider_staff,
)
from tests.factories.spaces import SpaceFactory
from tests.matrix import (
    ANONYMOUS,
    AUTHOR,
    CITY,
    COORDINATOR,
    COORDINATOR_OTHER,
    DESK,
    MEMBER,
    PROVIDER,
    PROVIDER_OTHER,
    RESIDENT,
    every,
)

pytestmark = pytest.mark.django_db

P = Proposal.State
MODERATORS = {COORDINATOR, CITY}

# Offers: the offer's own state, on an accepted proposal unless said.
OFFER_STATES = ["submitted", "submitted-under-evaluation", "withdrawn", "chosen", "not_chosen"]
OFFER_ROLES = [
    ANONYMOUS,
    RESIDENT,
    AUTHOR,
    COORDINATOR,
    COORDINATOR_OTHER,
    DESK,
    PROVIDER,
    PROVIDER_OTHER,
    CITY,
]
OFFER_TABLE = {
    # Its provider's staff, while it is submitted.
    "withdraw": {
        **every(OFFER_STATES, set()),
        "submitted": {PROVIDER},
        "submitted-under-evaluation": {PROVIDER},
    },
    # The coordinators, once the proposal is accepted and no offer was chosen yet.
    "choose": {**every(OFFER_STATES, set()), "submitted": MODERATORS},
}
OFFER_ACTIONS = {
    "withdraw": service_permissions.can_withdraw_offer,
    "choose": service_permissions.can_choose_offer,
}

# Shared services: the households of the proposal are invited while it starts, members after.
# Three seats, all taken: one more household waits; one declined its invitation; one took a
# seat and left it.
WAITLISTED = "waitlisted-household"
DECLINED = "declined-household"
LEFT = "left-household"
S = SharedService.State
SERVICE_STATES = list(S.values)
SERVICE_ROLES = [
    ANONYMOUS,
    RESIDENT,
    MEMBER,
    WAITLISTED,
    DECLINED,
    LEFT,
    COORDINATOR,
    COORDINATOR_OTHER,
    DESK,
    PROVIDER,
    PROVIDER_OTHER,
    CITY,
]
SERVICE_TABLE = {
    "view": every(SERVICE_STATES, set(SERVICE_ROLES)),
    # Schedule, contacts, members: members, the provider, the coordinators.
    "view_private": {
        S.STARTING: {PROVIDER} | MODERATORS,
        S.RUNNING: {MEMBER, PROVIDER} | MODERATORS,
        S.ENDED: {MEMBER, PROVIDER} | MODERATORS,
    },
    "coordinate": every(SERVICE_STATES, MODERATORS),
    # While it starts, the invited households confirm (one that declined or left waits for
    # the start like everyone else); once it runs, anyone signed in without a place asks for
    # one (DESIGN.md: "Once the service runs, anyone may ask for a seat").
    "request_seat": {
        S.STARTING: {MEMBER},
        S.RUNNING: set(SERVICE_ROLES) - {ANONYMOUS, MEMBER, WAITLISTED},
        S.ENDED: set(),
    },
    # A member gives up the seat, a waitlisted household the queue.
    "leave": {
        S.STARTING: {WAITLISTED},
        S.RUNNING: {MEMBER, WAITLISTED},
        S.ENDED: {MEMBER, WAITLISTED},
    },
    "log_delivery": {S.STARTING: set(), S.RUNNING: {PROVIDER}, S.ENDED: set()},
    # Sessions and ratings are the members' alone: not the waitlist's, nor of those who left.
    "check_delivery": {S.STARTING: set(), S.RUNNING: {MEMBER}, S.ENDED: {MEMBER}},
    "rate": {S.STARTING: set(), S.RUNNING: {MEMBER}, S.ENDED: {MEMBER}},
    # The ISEE band: households invited, waiting or members (their price depends on it).
    "declare_isee": every(SERVICE_STATES, {MEMBER, WAITLISTED}),
}
SERVICE_ACTIONS = {
    "view": service_permissions.can_view_service,
    "view_private": service_permissions.can_view_service_private,
    "coordinate": service_permissions.can_coordinate_service,
    "request_seat": service_permissions.can_request_seat,
    "leave": service_permissions.can_leave_service,
    "log_delivery": service_permissions.can_log_delivery,
    "check_delivery": service_permissions.can_check_delivery,
    "rate": service_permissions.can_rate_service,
    "declare_isee": service_permissions.can_declare_isee,
}


def build_services() -> dict:
    space, other_space = SpaceFactory(), SpaceFactory()
    author, member = UserFactory(display_name="Autrice"), UserFactory(display_name="Famiglia")
    _, other_staff = provider_staff(service(CATEGORY))

    def accepted(state=P.ACCEPTED):
        return ProposalFactory(author=author, space=space, state=state, supporters=[member])

    offers = {
        "submitted": OfferFactory(proposal=accepted()),
        "submitted-under-evaluation": OfferFactory(proposal=accepted(P.UNDER_EVALUATION)),
    }
    withdrawn = OfferFactory(proposal=accepted())
    offer_services.offer_withdraw(actor=withdrawn.staff, offer=withdrawn)
    offers["withdrawn"] = withdrawn
    # Two offers on one proposal: choosing one leaves the other not chosen.
    proposal = accepted()
    chosen, not_chosen = OfferFactory(proposal=proposal), OfferFactory(proposal=proposal)
    offer_services.offer_choose(coordinator=CoordinatorFactory(space=space), offer=chosen)
    offers["chosen"], offers["not_chosen"] = chosen, not_chosen
    households = {
        WAITLISTED: UserFactory(display_name="In attesa"),
        DECLINED: UserFactory(display_name="Ha rinunciato"),
        LEFT: UserFactory(display_name="Se ne è andata"),
    }
    services = {
        state: _service_with_households(state, space, author, member, households)
        for state in SERVICE_STATES
    }
    people = {
        ANONYMOUS: None,
        RESIDENT: UserFactory(),
        AUTHOR: author,
        MEMBER: member,
        COORDINATOR: CoordinatorFactory(space=space),
        COORDINATOR_OTHER: CoordinatorFactory(space=other_space),
        DESK: DeskOperatorFactory(space=space),
        PROVIDER_OTHER: other_staff,
        CITY: CityStaffFactory(),
        **households,
    }
    return {"people": people, "offers": offers, "services": services}


def _service_with_households(state, space, author, member, households):
    """A service of three seats in ``state``: the member (still invited while it starts), a
    household that declined, one that took a seat and left, two or three more households
    filling the seats, and one on the waitlist behind them."""
    fillers = [UserFactory(display_name=f"Famiglia {n}") for n in range(3)]
    proposal = ProposalFactory(
        author=author,
        space=space,
        state=P.ACCEPTED,
        supporters=[member, *households.values(), *fillers],
    )
    shared = SharedServiceFactory(
        offer=OfferFactory(proposal=proposal, maximum=3), state=S.STARTING
    )
    staff = shared.staff

    def confirm(person):
        return service_ops.seat_confirm(actor=person, service=shared).state

    service_ops.seat_decline(actor=households[DECLINED], service=shared)
    confirm(households[LEFT])
    service_ops.service_leave(actor=households[LEFT], service=shared)
    if state != S.STARTING:
        fillers = [member, *fillers[:2]]
    assert [confirm(person) for person in fillers] == ["member"] * 3
    assert confirm(households[WAITLISTED]) == "waitlisted"
    coordinator = CoordinatorFactory(space=space)
    if state != S.STARTING:
        service_ops.service_start(actor=coordinator, service=shared)
    if state == S.ENDED:
        service_ops.service_end(coordinator=coordinator, service=shared)
    shared.refresh_from_db()
    shared.staff = staff
    return shared


service_world = matrix.world_fixture(build_services)


def _person(service_world, role, provider_staff_user):
    if role == PROVIDER:
        return matrix.fresh_user(provider_staff_user)
    return matrix.fresh_user(service_world["people"][role])


@pytest.mark.parametrize(
    ("role", "state", "action", "allowed"), matrix.cells(OFFER_ROLES, OFFER_TABLE)
)
def test_offer_matrix(service_world, role, state, action, allowed):
    offer = service_world["offers"][state]
    user = _person(service_world, role, offer.staff)
    assert OFFER_ACTIONS[action](user, matrix.fresh(offer)) is allowed


@pytest.mark.parametrize(
    ("role", "state", "action", "allowed"), matrix.cells(SERVICE_ROLES, SERVICE_TABLE)
)
def test_service_matrix(service_world, role, state, action, allowed):
    shared = service_world["services"][state]
    user = _person(service_world, role, shared.staff)
    assert SERVICE_ACTIONS[action](user, matrix.fresh(shared)) is allowed


def test_service_world_states(service_world):
    for state, offer in service_world["offers"].items():
        expected = state.removesuffix("-under-evaluation")
        assert matrix.fresh(offer).state == expected
    people = service_world["people"]
    for state, shared in service_world["services"].items():
        assert matrix.fresh(shared).state == state
        places = dict(shared.memberships.values_list("user", "state"))
        assert places[people[WAITLISTED].pk] == "waitlisted"
        assert places[people[DECLINED].pk] == "declined"
        assert places[people[LEFT].pk] == "left"
        assert places[people[MEMBER].pk] == ("invited" if state == S.STARTING else "member")


@pytest.mark.parametrize(
    ("role", "url_name", "status"),
    [
        (RESIDENT, "service_start", 403),
        (COORDINATOR_OTHER, "service_end", 403),
        (PROVIDER_OTHER, "delivery_new", 403),
        (DESK, "copayment", 403),
    ],
    ids=lambda value: str(value),
)
def test_service_views_refuse(client, service_world, role, url_name, status):
    shared = service_world["services"][S.RUNNING]
    client = _client(client, service_world, role)
    response = client.post(reverse(f"shared_services:{url_name}", args=[shared.pk]), {})
    assert response.status_code == status


def _client(client, world, role):
    user = world["people"][role]
    if user is not None:
        client.force_login(user)
    return client
