"""The labs' rules (labs/permissions.py) as a matrix: role × phase (and visibility) × action.

Expected values from DESIGN.md: a lab is private by default, seen by its members (people or
guests), its facilitators and the space's coordinators (city staff everywhere); a public lab
by everyone; a request only by who asked and the space. Facilitators run their lab only, the
coordinators every lab of their space; the coordinators decide requests and appoint
facilitators. Members post needs and "me too" in listening, vote in co-design, evaluate in
evaluation. A lab's draft (a proposal) is written by who runs the lab in co-design and action,
published in action, read and discussed by its members with an account."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from labs import permissions
from labs.models import Lab
from proposals import permissions as proposal_permissions
from proposals import services as proposal_services
from tests import matrix
from tests.factories import UserFactory, service
from tests.factories.labs import LabFactory
from tests.factories.roles import CityStaffFactory, CoordinatorFactory, DeskOperatorFactory
from tests.factories.spaces import SpaceFactory
from tests.matrix import (
    ANONYMOUS,
    AUTHOR,
    CITY,
    COORDINATOR,
    COORDINATOR_OTHER,
    DESK,
    FACILITATOR,
    GUEST,
    MEMBER,
    RESIDENT,
    every,
)

pytestmark = pytest.mark.django_db

Phase = Lab.Phase
REQUESTER = AUTHOR  # who asked the space for the lab
ROLES = [
    ANONYMOUS,
    RESIDENT,
    REQUESTER,
    MEMBER,
    GUEST,
    FACILITATOR,
    COORDINATOR,
    COORDINATOR_OTHER,
    DESK,
    CITY,
]
EVERYONE = set(ROLES)
RUNNERS = {FACILITATOR, COORDINATOR, CITY}
SPACE = {COORDINATOR, CITY}  # the space's coordinators, city staff anywhere
MEMBERS = {MEMBER, GUEST}

REQUESTS = [Phase.REQUESTED, Phase.DECLINED]
WORKING = [Phase.LISTENING, Phase.AGGREGATION, Phase.CO_DESIGN, Phase.ACTION, Phase.EVALUATION]
PRIVATE = [*REQUESTS, *WORKING, Phase.CLOSED]
PUBLIC = ["public-listening", "public-co_design", "public-closed"]
STATES = [*PRIVATE, *PUBLIC]
STARTED_PRIVATE = [*WORKING, Phase.CLOSED]
STARTED = [*STARTED_PRIVATE, *PUBLIC]


def _phase(state: str) -> str:
    return state.removeprefix("public-")


def _in(phases, states=STATES) -> list[str]:
    return [s for s in states if _phase(s) in phases]


def _only(rows: dict) -> dict:
    """A row per state: the given ones, nobody elsewhere."""
    return {**every(STATES, set()), **rows}


TABLE = {
    "view": {
        **every(REQUESTS, {REQUESTER} | SPACE),
        **every(STARTED_PRIVATE, MEMBERS | RUNNERS),
        **every(PUBLIC, EVERYONE),
    },
    "run": {**every(REQUESTS, SPACE), **every(STARTED, RUNNERS)},
    "decide_request": _only({Phase.REQUESTED: SPACE}),
    "appoint_facilitators": _only(every(_in(WORKING), SPACE)),
    "edit": _only({Phase.REQUESTED: SPACE, **every(_in(WORKING), RUNNERS)}),
    "see_invite": _only(every(_in(WORKING), RUNNERS)),
    "see_authors": {**every(REQUESTS, SPACE), **every(STARTED, RUNNERS)},
    # Never the public, even of a public lab.
    "see_members": {**every(REQUESTS, SPACE), **every(STARTED, MEMBERS | RUNNERS)},
    "post_need": _only(every(_in([Phase.LISTENING]), MEMBERS)),
    "me_too": _only(every(_in([Phase.LISTENING]), MEMBERS)),
    "organise_themes": _only(every(_in([Phase.AGGREGATION, Phase.CO_DESIGN]), RUNNERS)),
    # Guests read the drafts on the lab's pages, which know their participation.
    "see_drafts": _only({**every(STARTED_PRIVATE, {MEMBER} | RUNNERS), **every(PUBLIC, EVERYONE)}),
    "write_drafts": _only(every(_in([Phase.CO_DESIGN, Phase.ACTION]), RUNNERS)),
    "publish_drafts": _only(every(_in([Phase.ACTION]), RUNNERS)),
    "vote": _only(every(_in([Phase.CO_DESIGN]), MEMBERS)),
    "evaluate": _only(every(_in([Phase.EVALUATION]), MEMBERS)),
    "see_evaluations": {**every(REQUESTS, SPACE), **every(STARTED, RUNNERS)},
    "see_summary": _only({**every(STARTED_PRIVATE, MEMBERS | RUNNERS), **every(PUBLIC, EVERYONE)}),
    "export": _only(every(STARTED, RUNNERS)),
}

# How each function is asked: about the person, the participation, or both.
ACTIONS = {
    "view": lambda user, part, lab: permissions.can_view_lab(user, lab, part),
    "run": lambda user, part, lab: permissions.can_run_lab(user, lab),
    "decide_request": lambda user, part, lab: permissions.can_decide_request(user, lab),
    "appoint_facilitators": lambda user, part, lab: permissions.can_appoint_facilitators(user, lab),
    "edit": lambda user, part, lab: permissions.can_edit_lab(user, lab),
    "see_invite": lambda user, part, lab: permissions.can_see_invite(user, lab),
    "see_authors": lambda user, part, lab: permissions.can_see_authors(user, lab),
    "see_members": lambda user, part, lab: permissions.can_see_members(user, lab, part),
    "post_need": lambda user, part, lab: permissions.can_post_need(part, lab),
    "me_too": lambda user, part, lab: permissions.can_me_too(part, lab),
    "organise_themes": lambda user, part, lab: permissions.can_organise_themes(user, lab),
    "see_drafts": lambda user, part, lab: permissions.can_see_drafts(user, lab),
    "write_drafts": lambda user, part, lab: permissions.can_write_drafts(user, lab),
    "publish_drafts": lambda user, part, lab: permissions.can_publish_drafts(user, lab),
    "vote": lambda user, part, lab: permissions.can_vote(part, lab),
    "evaluate": lambda user, part, lab: permissions.can_evaluate(part, lab),
    "see_evaluations": lambda user, part, lab: permissions.can_see_evaluations(user, lab),
    "see_summary": lambda user, part, lab: permissions.can_see_summary(user, lab, part),
    "export": lambda user, part, lab: permissions.can_export(user, lab),
}


def build() -> dict:
    space, other_space = SpaceFactory(), SpaceFactory()
    member, requester = UserFactory(display_name="Anna"), UserFactory(display_name="Chi chiede")
    facilitator = UserFactory(display_name="Paolo facilitatore")
    labs = {}
    for state in STATES:
        visibility = "public" if state.startswith("public-") else "private"
        labs[state] = LabFactory(
            space=space,
            phase=_phase(state),
            visibility=visibility,
            facilitator=facilitator,
            requested_by=requester,
            members=[member],
            guests=["ospite"],
        )
    people = {
        ANONYMOUS: None,
        RESIDENT: UserFactory(),
        REQUESTER: requester,
        MEMBER: member,
        GUEST: None,
        FACILITATOR: facilitator,
        COORDINATOR: CoordinatorFactory(space=space),
        COORDINATOR_OTHER: CoordinatorFactory(space=other_space),
        DESK: DeskOperatorFactory(space=space),
        CITY: CityStaffFactory(),
    }
    return {"people": people, "labs": labs, "space": space, "other_space": other_space}


world = matrix.world_fixture(build)


def _viewer(world, role, lab):
    """(user, participation) as the pages resolve them (labs/viewer.py)."""
    user = matrix.fresh_user(world["people"][role])
    if role == GUEST:
        participants = lab.guest_participants
        return AnonymousUser(), (matrix.fresh(participants[0][0]) if participants else None)
    return user, permissions.account_participant(user, lab)


@pytest.mark.parametrize(("role", "state", "action", "allowed"), matrix.cells(ROLES, TABLE))
def test_lab_matrix(world, role, state, action, allowed):
    lab = world["labs"][state]
    user, participant = _viewer(world, role, lab)
    assert ACTIONS[action](user, participant, matrix.fresh(lab)) is allowed


def test_world_phases(world):
    for state, lab in world["labs"].items():
        lab = matrix.fresh(lab)
        assert lab.phase == _phase(state)
        assert (lab.visibility == "public") is state.startswith("public-")
        # Members of every lab that took them.
        assert lab.participants.exists() is (lab.phase not in REQUESTS)


@pytest.mark.parametrize(
    ("role", "allowed"), [(role, role in SPACE) for role in ROLES], ids=lambda v: str(v)
)
def test_create_lab(world, role, allowed):
    user = matrix.fresh_user(world["people"][role])
    assert permissions.can_create_lab(user, world["space"]) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_request_lab(world, role):
    user = matrix.fresh_user(world["people"][role])
    assert permissions.can_request_lab(user) is (role not in (ANONYMOUS, GUEST))


# --- A lab's draft: the proposals' permissions ask the lab's ----------------------------------

DRAFT_STATES = ["co_design", "action", "public-co_design"]
DRAFT_TABLE = {
    "view": {
        "co_design": {MEMBER} | RUNNERS,
        "action": {MEMBER} | RUNNERS,
        "public-co_design": EVERYONE,
    },
    "edit": every(["co_design", "action", "public-co_design"], RUNNERS),
    "publish": {"co_design": set(), "action": RUNNERS, "public-co_design": set()},
    "take_part": {
        "co_design": {MEMBER} | RUNNERS,
        "action": {MEMBER} | RUNNERS,
        "public-co_design": EVERYONE - {ANONYMOUS, GUEST},
    },
}
DRAFT_ACTIONS = {
    "view": proposal_permissions.can_view_proposal,
    "edit": proposal_permissions.can_edit_proposal,
    "publish": proposal_permissions.can_publish_proposal,
    "take_part": proposal_permissions.can_take_part_in_proposal,
}


def build_drafts() -> dict:
    base = build()
    drafts = {}
    for state in DRAFT_STATES:
        lab = base["labs"][state]
        drafts[state] = proposal_services.proposal_draft_for_lab(
            author=base["people"][FACILITATOR],
            lab=lab,
            data={
                "category": service("Baby sitter condivisa"),
                "title": "Baby sitter per il condominio",
                "description": "Dal laboratorio.",
                "audience": "children",
                "pricing_mode": "paid",
            },
        )
    return {**base, "drafts": drafts}


draft_world = matrix.world_fixture(build_drafts)


@pytest.mark.parametrize(("role", "state", "action", "allowed"), matrix.cells(ROLES, DRAFT_TABLE))
def test_lab_draft_matrix(draft_world, role, state, action, allowed):
    draft = matrix.fresh(draft_world["drafts"][state])
    user = matrix.fresh_user(draft_world["people"][role])
    if role == GUEST:
        user = AnonymousUser()
    assert DRAFT_ACTIONS[action](user, draft) is allowed


# --- HTTP: 404 where the lab is hidden, 403 where seen but not run ------------------------------


def _client(client, world, role):
    user = world["people"][role]
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (RESIDENT, 404),
        (COORDINATOR_OTHER, 404),
        (DESK, 404),
        (MEMBER, 200),
        (FACILITATOR, 200),
        (COORDINATOR, 200),
        (CITY, 200),
    ],
    ids=lambda v: str(v),
)
def test_private_lab_page(client, world, role, status):
    lab = world["labs"][Phase.LISTENING]
    response = _client(client, world, role).get(reverse("labs:detail", args=[lab.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [(RESIDENT, 404), (COORDINATOR_OTHER, 404), (MEMBER, 403), (FACILITATOR, 200)],
    ids=lambda v: str(v),
)
def test_run_pages(client, world, role, status):
    lab = world["labs"][Phase.LISTENING]
    client = _client(client, world, role)
    assert client.get(reverse("labs:edit", args=[lab.pk])).status_code == status
    assert client.get(reverse("labs:summary_csv", args=[lab.pk])).status_code == status


@pytest.mark.parametrize("role", [RESIDENT, MEMBER, COORDINATOR_OTHER])
def test_public_lab_run_pages(client, world, role):
    """A public lab shows to everyone; running it stays refused (403, not 404)."""
    lab = world["labs"]["public-listening"]
    client = _client(client, world, role)
    assert client.get(reverse("labs:detail", args=[lab.pk])).status_code == 200
    assert client.get(reverse("labs:edit", args=[lab.pk])).status_code == 403
