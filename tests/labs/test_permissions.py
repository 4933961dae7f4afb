"""Who sees a lab and who may run it: facilitator / member / guest / coordinator of the space /
coordinator of another space / outsider × private or public × phase."""

import pytest
from django.contrib.auth.models import AnonymousUser

from labs import permissions, services
from labs.models import Lab
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


@pytest.mark.parametrize("phase", [Phase.LISTENING, Phase.AGGREGATION, Phase.CO_DESIGN])
def test_who_does_what_in_each_phase(phase):
    lab, coordinator, facilitator = open_lab()
    people = cast(lab, coordinator, facilitator)
    lab = advance_to(lab, phase, facilitator)
    checks = {
        "run": lambda user, participant: permissions.can_run_lab(user, lab),
        "post": lambda user, participant: permissions.can_post_need(participant, lab),
        "me_too": lambda user, participant: permissions.can_me_too(participant, lab),
        "themes": lambda user, participant: permissions.can_organise_themes(user, lab),
        "authors": lambda user, participant: permissions.can_see_authors(user, lab),
    }
    found = {
        action: {name for name, (user, part) in people.items() if check(user, part)}
        for action, check in checks.items()
    }
    runners = {"facilitator", "coordinator"}
    listening = phase == Phase.LISTENING
    assert found == {
        "run": runners,
        "post": {"member", "guest"} if listening else set(),
        "me_too": {"member", "guest"} if listening else set(),
        "themes": set() if listening else runners,
        "authors": runners,
    }


def test_a_request_shows_to_who_asked_and_the_space_only():
    space = make_space("Spazio A")
    coordinator = coordinator_of(space)
    resident = UserFactory()
    lab = services.lab_request(
        resident=resident, space=space, data={"title": "X", "kind": "school"}
    )
    assert permissions.can_view_lab(resident, lab)
    assert permissions.can_view_lab(coordinator, lab)
    assert permissions.can_decide_request(coordinator, lab)
    assert not permissions.can_view_lab(UserFactory(), lab)
    assert not permissions.can_decide_request(resident, lab)
