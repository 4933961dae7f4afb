"""The permission matrix: who may do what with a proposal (and offer on it). A shared
service's matrix is in ``tests/shared_services/test_permissions.py``."""

import pytest
from django.contrib.auth.models import AnonymousUser

from proposals import permissions
from proposals.models import Proposal
from shared_services import permissions as service_permissions
from tests.factories import UserFactory
from tests.participation.moderation_helpers import city_staff, coordinator_of
from tests.proposals.helpers import draft, published
from tests.shared_services.helpers import accredited_staff
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
