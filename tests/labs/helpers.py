"""Labs for the tests, built through the services."""

from __future__ import annotations

import itertools

from labs import services
from labs.states import SEQUENCE
from tests.factories import UserFactory, service
from tests.participation.moderation_helpers import coordinator_of
from tests.spaces.helpers import make_space


def need_category():
    return service("Baby sitter condivisa")


_spaces = itertools.count(1)


def open_lab(*, space=None, visibility="private", facilitator=None, **data):
    """A lab in listening with one facilitator: (lab, coordinator, facilitator)."""
    space = space or make_space(f"Spazio del laboratorio {next(_spaces)}")
    coordinator = coordinator_of(space)
    facilitator = facilitator or UserFactory(display_name="Paolo amministratore")
    lab = services.lab_create(
        coordinator=coordinator,
        space=space,
        data={
            "title": data.pop("title", "Condominio via Palmieri 53"),
            "kind": data.pop("kind", "condominium"),
            "place": "Via Palmieri 53",
            "visibility": visibility,
            **data,
        },
        facilitators=[facilitator],
    )
    return lab, coordinator, facilitator


def member(lab, name: str = "Anna"):
    user = UserFactory(display_name=name)
    return services.join_with_account(actor=user, token=lab.invite_token)


def advance_to(lab, phase: str, actor):
    lab.refresh_from_db()
    while lab.phase != phase:
        assert lab.phase in SEQUENCE
        lab = services.lab_advance(actor=actor, lab=lab)
    return lab
