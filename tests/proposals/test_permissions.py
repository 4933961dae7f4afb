"""The permission matrix: who may do what with a proposal and a shared service."""

import pytest
from django.contrib.auth.models import AnonymousUser

from proposals import permissions
from proposals.models import Proposal
from shared_services import offers
from shared_services import permissions as service_permissions
from shared_services import services as service_ops
from shared_services.models import Membership
from tests.factories import UserFactory
from tests.participation.moderation_helpers import city_staff, coordinator_of
from tests.proposals.helpers import draft, published
from tests.shared_services.helpers import accredited_staff, running_service
from tests.spaces.helpers import make_space

pytestmark = pytest.mark.django_db
P = Proposal.State

ACTORS = (
    "anonymous",
    "author",
    "resident",
    "coordinator",
    "other_coordinator",
    "city_staff",
    "provider",
    "other_provider",
)


@pytest.fixture
def cast():
    space = make_space("Spazio della matrice", municipio=3)
    author = UserFactory(display_name="Autrice")
    provider_org, provider = accredited_staff()
    _other_org, other_provider = accredited_staff("Baby sitter")
    people = {
        "anonymous": AnonymousUser(),
        "author": author,
        "resident": UserFactory(),
        "coordinator": coordinator_of(space),
        "other_coordinator": coordinator_of(make_space("Altro spazio", municipio=4)),
        "city_staff": city_staff(),
        "provider": provider,
        "other_provider": other_provider,
    }
    return space, people


# For each proposal state: the actors allowed (view, edit, withdraw, join, answer, offer).
PROPOSAL_MATRIX = {
    P.DRAFT: {
        "view": {"author"},
        "edit": {"author"},
        "withdraw": {"author"},
        "join": set(),
        "answer": set(),
        "offer": set(),
    },
    P.GATHERING: {
        "view": set(ACTORS),
        "edit": {"author"},
        "withdraw": {"author"},
        "join": set(ACTORS) - {"anonymous"},
        "answer": {"coordinator", "city_staff"},
        "offer": set(),
    },
    P.UNDER_EVALUATION: {
        "view": set(ACTORS),
        "edit": set(),
        "withdraw": {"author"},
        "join": set(),
        "answer": {"coordinator", "city_staff"},
        "offer": {"provider"},
    },
    P.ACCEPTED: {
        "view": set(ACTORS),
        "edit": set(),
        "withdraw": set(),
        "join": set(),
        "answer": {"coordinator", "city_staff"},
        "offer": {"provider"},
    },
    P.REJECTED: {
        "view": set(ACTORS),
        "edit": set(),
        "withdraw": set(),
        "join": set(),
        "answer": {"coordinator", "city_staff"},
        "offer": set(),
    },
}

CHECKS = {
    "view": permissions.can_view_proposal,
    "edit": permissions.can_edit_proposal,
    "withdraw": permissions.can_withdraw_proposal,
    "join": permissions.can_join_proposal,
    "answer": permissions.can_answer_proposal,
    "offer": service_permissions.can_offer_on_proposal,
}


@pytest.mark.parametrize("state", list(PROPOSAL_MATRIX))
def test_the_proposal_matrix(cast, state):
    space, people = cast
    if state == P.DRAFT:
        proposal = draft(people["author"], space)
    else:
        proposal = published(people["author"], space)
        Proposal.objects.filter(pk=proposal.pk).update(state=state)
        proposal.refresh_from_db()
    found = {
        action: {name for name, user in people.items() if check(user, proposal)}
        for action, check in CHECKS.items()
    }
    assert found == PROPOSAL_MATRIX[state]


def test_a_hidden_proposal_shows_only_to_its_author_and_moderators(cast):
    space, people = cast
    proposal = published(people["author"], space)
    Proposal.objects.filter(pk=proposal.pk).update(hidden_at="2026-01-01T10:00:00Z")
    proposal.refresh_from_db()
    allowed = {
        name for name, user in people.items() if permissions.can_view_proposal(user, proposal)
    }
    assert allowed == {"author", "coordinator", "city_staff"}
    assert not permissions.can_join_proposal(people["resident"], proposal)


SERVICE_CHECKS = {
    "private": service_permissions.can_view_service_private,
    "coordinate": service_permissions.can_coordinate_service,
    "log": service_permissions.can_log_delivery,
    "check": service_permissions.can_check_delivery,
    "rate": service_permissions.can_rate_service,
    "leave": service_permissions.can_leave_service,
    "request": service_permissions.can_request_seat,
}


def test_the_service_matrix():
    shared, coordinator, staff = running_service(3, maximum=3)
    member = shared.memberships.first().user
    waiting = UserFactory()
    service_ops.seat_confirm(actor=waiting, service=shared)
    assert Membership.objects.get(user=waiting).state == Membership.State.WAITLISTED
    _other_org, other_provider = accredited_staff()
    people = {
        "anonymous": AnonymousUser(),
        "member": member,
        "waitlisted": waiting,
        "resident": UserFactory(),
        "coordinator": coordinator,
        "other_coordinator": coordinator_of(make_space("Altro spazio")),
        "city_staff": city_staff(),
        "provider": staff,
        "other_provider": other_provider,
    }
    found = {
        action: {name for name, user in people.items() if check(user, shared)}
        for action, check in SERVICE_CHECKS.items()
    }
    assert found == {
        "private": {"member", "coordinator", "city_staff", "provider"},
        "coordinate": {"coordinator", "city_staff"},
        "log": {"provider"},
        "check": {"member"},
        "rate": {"member"},
        "leave": {"member", "waitlisted"},
        "request": {
            "resident",
            "coordinator",
            "other_coordinator",
            "city_staff",
            "provider",
            "other_provider",
        },
    }


def test_offers_may_be_chosen_only_by_the_space_and_withdrawn_only_by_their_provider(cast):
    from tests.shared_services.helpers import accepted_with_offer

    proposal, offer, coordinator, staff = accepted_with_offer()
    assert service_permissions.can_choose_offer(coordinator, offer)
    assert not service_permissions.can_choose_offer(staff, offer)
    assert not service_permissions.can_choose_offer(coordinator_of(make_space("Terzo")), offer)
    assert service_permissions.can_withdraw_offer(staff, offer)
    assert not service_permissions.can_withdraw_offer(coordinator, offer)
    offers.offer_choose(coordinator=coordinator, offer=offer)
    offer.refresh_from_db()
    proposal.refresh_from_db()
    assert not service_permissions.can_choose_offer(coordinator, offer)
    assert not service_permissions.can_offer_on_proposal(staff, proposal)
