"""Who sees a lab and who may run it: facilitator / member / guest / coordinator of the space /
coordinator of another space / outsider × private or public × phase."""

import pytest
from django.contrib.auth.models import AnonymousUser

from labs import permissions, services
from labs.models import Lab
from labs.states import SEQUENCE
from tests.factories import UserFactory
from tests.labs.helpers import advance_to, member, open_lab
from tests.participation.moderation_helpers import coordinator_of
from tests.spaces.helpers import make_space

pytestmark = pytest.mark.django_db
Phase = Lab.Phase


def cast(lab, coordinator, facilitator):
    """(user, participant) for each role."""
    account = member(lab, "Anna")
    guest, _key = services.join_as_guest(token=lab.invite_token, nickname="Gigi")
    return {
        "facilitator": (facilitator, None),
        "member": (account.user, account),
        "guest": (AnonymousUser(), guest),
        "coordinator": (coordinator, None),
        "other_coordinator": (coordinator_of(make_space("Altro spazio")), None),
        "outsider": (UserFactory(), None),
        "anonymous": (AnonymousUser(), None),
    }


@pytest.mark.parametrize(
    ("visibility", "viewers"),
    [
        ("private", {"facilitator", "member", "guest", "coordinator"}),
        (
            "public",
            {
                "facilitator",
                "member",
                "guest",
                "coordinator",
                "other_coordinator",
                "outsider",
                "anonymous",
            },
        ),
    ],
)
def test_who_sees_a_lab(visibility, viewers):
    lab, coordinator, facilitator = open_lab(visibility=visibility)
    people = cast(lab, coordinator, facilitator)
    seen = {
        name
        for name, (user, participant) in people.items()
        if permissions.can_view_lab(user, lab, participant)
    }
    assert seen == viewers


ACTIONS = {
    "run": lambda lab, user, participant: permissions.can_run_lab(user, lab),
    "post": lambda lab, user, participant: permissions.can_post_need(participant, lab),
    "me_too": lambda lab, user, participant: permissions.can_me_too(participant, lab),
    "themes": lambda lab, user, participant: permissions.can_organise_themes(user, lab),
    "authors": lambda lab, user, participant: permissions.can_see_authors(user, lab),
    "drafts": lambda lab, user, participant: permissions.can_write_drafts(user, lab),
    "publish": lambda lab, user, participant: permissions.can_publish_drafts(user, lab),
    "vote": lambda lab, user, participant: permissions.can_vote(participant, lab),
    "evaluate": lambda lab, user, participant: permissions.can_evaluate(participant, lab),
    "summary": lambda lab, user, participant: permissions.can_see_summary(user, lab, participant),
    "export": lambda lab, user, participant: permissions.can_export(user, lab),
    "members": lambda lab, user, participant: permissions.can_see_members(user, lab, participant),
    "appoint": lambda lab, user, participant: permissions.can_appoint_facilitators(user, lab),
    "edit": lambda lab, user, participant: permissions.can_edit_lab(user, lab),
    "invite": lambda lab, user, participant: permissions.can_see_invite(user, lab),
}
RUNNERS = {"facilitator", "coordinator"}
MEMBERS = {"member", "guest"}


def expected(phase: str) -> dict[str, set[str]]:
    """The whole table: who may do each action in this phase of a private lab."""
    during = lambda *phases: phase in phases  # noqa: E731
    open_phase = phase != Phase.CLOSED
    return {
        "run": RUNNERS,
        "post": MEMBERS if during(Phase.LISTENING) else set(),
        "me_too": MEMBERS if during(Phase.LISTENING) else set(),
        "themes": RUNNERS if during(Phase.AGGREGATION, Phase.CO_DESIGN) else set(),
        "authors": RUNNERS,
        "drafts": RUNNERS if during(Phase.CO_DESIGN, Phase.ACTION) else set(),
        "publish": RUNNERS if during(Phase.ACTION) else set(),
        "vote": MEMBERS if during(Phase.CO_DESIGN) else set(),
        "evaluate": MEMBERS if during(Phase.EVALUATION) else set(),
        "summary": RUNNERS | MEMBERS,
        "export": RUNNERS,
        "members": RUNNERS | MEMBERS,
        "appoint": {"coordinator"} if open_phase else set(),
        "edit": RUNNERS if open_phase else set(),
        "invite": RUNNERS if open_phase else set(),
    }


@pytest.mark.parametrize("phase", list(SEQUENCE))
def test_who_does_what_in_each_phase(phase):
    lab, coordinator, facilitator = open_lab()
    people = cast(lab, coordinator, facilitator)
    lab = advance_to(lab, phase, facilitator)
    found = {
        action: {name for name, (user, part) in people.items() if check(lab, user, part)}
        for action, check in ACTIONS.items()
    }
    assert found == expected(phase)


def test_a_participant_of_one_lab_does_nothing_in_another():
    lab, coordinator, facilitator = open_lab()
    other, _c, _f = open_lab(space=make_space("Altro spazio"))
    stranger = member(other, "Estranea")
    for action, check in ACTIONS.items():
        assert not check(lab, stranger.user, stranger), action


def test_a_request_shows_to_who_asked_and_the_space_only():
    space = make_space("Spazio A")
    coordinator = coordinator_of(space)
    resident = UserFactory()
    lab = services.lab_request(actor=resident, space=space, data={"title": "X", "kind": "school"})
    assert permissions.can_view_lab(resident, lab)
    assert permissions.can_view_lab(coordinator, lab)
    assert permissions.can_decide_request(coordinator, lab)
    assert not permissions.can_view_lab(UserFactory(), lab)
    assert not permissions.can_decide_request(resident, lab)
