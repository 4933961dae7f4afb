"""The proposals' rules (proposals/permissions.py) as a matrix: role × state × action.

Expected values from DESIGN.md: a draft is its author's alone; a hidden proposal shows to its
author and the moderators (the space's coordinators, city staff); the rest is public. The
author edits while drafting or gathering, publishes, deletes a draft, withdraws until the
evaluation ends (the table in proposals/states.py). Any resident joins while households
gather. The coordinators of its space (city staff anywhere) answer once it is published.
Providers accredited for the category offer once it is evaluated. Whether a state change is
possible is the state machine's answer (409), so ``publish`` and ``answer`` are asked about
the person, in every state. The offers' and shared services' matrices are in
``tests/shared_services/test_permission_matrix.py``."""

from __future__ import annotations

import pytest
from django.urls import reverse

from proposals import permissions
from proposals.models import Proposal
from shared_services import permissions as service_permissions
from tests import matrix
from tests.factories import UserFactory, service
from tests.factories.proposals import (
    CATEGORY,
    ProposalFactory,
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
# Hidden by a moderator: while gathering, and under evaluation.
HIDDEN = "hidden"
HIDDEN_EVALUATED = "hidden-under_evaluation"
HIDDEN_STATES = {HIDDEN: P.GATHERING, HIDDEN_EVALUATED: P.UNDER_EVALUATION}
STATES = [*P.values, *HIDDEN_STATES]

ROLES = [ANONYMOUS, RESIDENT, AUTHOR, MEMBER, COORDINATOR, COORDINATOR_OTHER, DESK, PROVIDER, CITY]
SIGNED_IN = set(ROLES) - {ANONYMOUS}
EVERYONE = set(ROLES)
MODERATORS = {COORDINATOR, CITY}
PUBLISHED = [s for s in STATES if s != P.DRAFT]
VISIBLE = [s for s in PUBLISHED if s not in HIDDEN_STATES]


PROPOSAL_TABLE = {
    "view": {
        P.DRAFT: {AUTHOR},
        **every(VISIBLE, EVERYONE),
        **every(HIDDEN_STATES, {AUTHOR} | MODERATORS),
    },
    "take_part": {
        P.DRAFT: set(),
        **every(VISIBLE, SIGNED_IN),
        **every(HIDDEN_STATES, {AUTHOR} | MODERATORS),
    },
    "edit": {
        **every(STATES, set()),
        **every([P.DRAFT, P.GATHERING, HIDDEN], {AUTHOR}),
    },
    "publish": every(STATES, {AUTHOR}),
    "delete_draft": {**every(STATES, set()), P.DRAFT: {AUTHOR}},
    "withdraw": {
        **every(STATES, set()),
        **every(
            [P.DRAFT, P.GATHERING, P.THRESHOLD_REACHED, P.UNDER_EVALUATION, *HIDDEN_STATES],
            {AUTHOR},
        ),
    },
    "join": {**every(STATES, set()), **every([P.GATHERING, P.THRESHOLD_REACHED], SIGNED_IN)},
    "answer": {P.DRAFT: set(), **every(PUBLISHED, MODERATORS)},
    # Not on a hidden proposal, which the provider cannot see.
    "offer": {**every(STATES, set()), **every([P.UNDER_EVALUATION, P.ACCEPTED], {PROVIDER})},
}

PROPOSAL_ACTIONS = {
    "view": permissions.can_view_proposal,
    "take_part": permissions.can_take_part_in_proposal,
    "edit": permissions.can_edit_proposal,
    "publish": permissions.can_publish_proposal,
    "delete_draft": permissions.can_delete_draft,
    "withdraw": permissions.can_withdraw_proposal,
    "join": permissions.can_join_proposal,
    "answer": permissions.can_answer_proposal,
    "offer": service_permissions.can_offer_on_proposal,
}


def build() -> dict:
    space, other_space = SpaceFactory(), SpaceFactory()
    _, staff = provider_staff(service(CATEGORY))
    _, other_staff = provider_staff(service(CATEGORY))
    author, member = UserFactory(display_name="Autrice"), UserFactory(display_name="Famiglia")
    people = {
        ANONYMOUS: None,
        RESIDENT: UserFactory(),
        AUTHOR: author,
        MEMBER: member,
        COORDINATOR: CoordinatorFactory(space=space),
        COORDINATOR_OTHER: CoordinatorFactory(space=other_space),
        DESK: DeskOperatorFactory(space=space),
        PROVIDER: staff,
        PROVIDER_OTHER: other_staff,
        CITY: CityStaffFactory(),
    }
    # The member joined every proposal it could (not the draft).
    proposals = {
        state: ProposalFactory(
            author=author,
            space=space,
            state=state,
            supporters=[] if state == P.DRAFT else [member],
        )
        for state in P.values
    }
    for hidden, state in HIDDEN_STATES.items():
        proposals[hidden] = ProposalFactory(
            author=author, space=space, state=state, supporters=[member], hidden=True
        )
    return {"people": people, "proposals": proposals, "space": space}


world = matrix.world_fixture(build)


@pytest.mark.parametrize(
    ("role", "state", "action", "allowed"), matrix.cells(ROLES, PROPOSAL_TABLE)
)
def test_proposal_matrix(world, role, state, action, allowed):
    user = matrix.fresh_user(world["people"][role])
    proposal = matrix.fresh(world["proposals"][state])
    assert PROPOSAL_ACTIONS[action](user, proposal) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_create_proposal(world, role):
    user = matrix.fresh_user(world["people"][role])
    assert permissions.can_create_proposal(user) is (role != ANONYMOUS)


def test_world_states(world):
    """Each object of the matrix is in the state its row names."""
    for state, proposal in world["proposals"].items():
        proposal.refresh_from_db()
        assert proposal.state == HIDDEN_STATES.get(state, state)
        assert proposal.is_hidden is (state in HIDDEN_STATES)


# --- HTTP: the views give the same answer (403 signed in and refused, 404 hidden) -----------


def _client(client, world, role):
    user = world["people"][role]
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("role", "state", "status"),
    [
        (RESIDENT, P.DRAFT, 404),
        (COORDINATOR, P.DRAFT, 404),
        (CITY, P.DRAFT, 404),
        (AUTHOR, P.DRAFT, 302),  # to its wizard
        (ANONYMOUS, HIDDEN, 404),
        (RESIDENT, HIDDEN, 404),
        (COORDINATOR_OTHER, HIDDEN, 404),
        (COORDINATOR, HIDDEN, 200),
        (AUTHOR, HIDDEN, 200),
        (ANONYMOUS, P.EXPIRED, 200),
    ],
    ids=lambda value: str(value),
)
def test_detail_page(client, world, role, state, status):
    proposal = world["proposals"][state]
    response = _client(client, world, role).get(reverse("proposals:detail", args=[proposal.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "state", "status"),
    [
        (COORDINATOR_OTHER, P.THRESHOLD_REACHED, 403),
        (DESK, P.THRESHOLD_REACHED, 403),
        (AUTHOR, P.THRESHOLD_REACHED, 403),
        (RESIDENT, P.DRAFT, 404),
        (COORDINATOR, P.THRESHOLD_REACHED, 302),
    ],
    ids=lambda value: str(value),
)
def test_answer_view(client, world, role, state, status):
    proposal = world["proposals"][state]
    response = _client(client, world, role).post(
        reverse("proposals:answer", args=[proposal.pk]),
        {"to_state": P.UNDER_EVALUATION, "text": "La valutiamo."},
    )
    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "state", "status"),
    [(RESIDENT, P.GATHERING, 403), (MEMBER, P.GATHERING, 403), (AUTHOR, P.GATHERING, 200)],
    ids=lambda value: str(value),
)
def test_edit_and_withdraw_views(client, world, role, state, status):
    proposal = world["proposals"][state]
    client = _client(client, world, role)
    assert client.get(reverse("proposals:edit", args=[proposal.pk])).status_code == status
    assert client.get(reverse("proposals:withdraw", args=[proposal.pk])).status_code == status


def test_join_out_of_season_is_a_conflict(client, world):
    """Allowed in person, refused by the state: 409, not 403."""
    proposal = world["proposals"][P.EXPIRED]
    response = _client(client, world, RESIDENT).post(
        reverse("proposals:join", args=[proposal.pk]), {"household_size": 2}
    )
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("state", "status"),
    [(HIDDEN_EVALUATED, 404), (P.UNDER_EVALUATION, 200), (P.GATHERING, 409)],
    ids=lambda value: str(value),
)
def test_offer_page_for_the_provider(client, world, state, status):
    """Hidden: 404 (it cannot be seen); not yet evaluated: 409 (the state's answer)."""
    proposal = world["proposals"][state]
    response = _client(client, world, PROVIDER).get(
        reverse("shared_services:offer_new", args=[proposal.pk])
    )
    assert response.status_code == status
