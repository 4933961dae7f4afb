"""Building the public data the API shows, with people whose names and addresses must never
appear in it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from events import services as event_services
from tests.factories import UserFactory, nil_in
from tests.factories.events import CourseFactory, EventFactory
from tests.factories.proposals import ProposalFactory, SharedServiceFactory
from tests.factories.volunteering import (
    OpportunityFactory,
    ShiftFactory,
    SignupFactory,
    VolunteerFactory,
)
from tests.spaces.helpers import make_space

API = "/api/v1/"


@dataclass
class World:
    spaces: list = field(default_factory=list)
    events: list = field(default_factory=list)
    courses: list = field(default_factory=list)
    opportunities: list = field(default_factory=list)
    proposals: list = field(default_factory=list)
    services: list = field(default_factory=list)


def person(tag: str):
    """Someone with a name and an address that are easy to find in a text."""
    return UserFactory(
        display_name=f"Privatissima {tag}", email=f"privatissima.{tag}@riservato.example"
    )


def build(world: World | None = None, *, n: int = 1) -> World:
    """``n`` rows of every kind the API lists, each touched by named people."""
    world = world or World()
    today = timezone.localdate()
    start = len(world.spaces)
    for index in range(start, start + n):
        tag = f"w{index}"
        space = make_space(
            f"Spazio API {index}",
            municipio=1 + index % 2,
            nil=nil_in(1 + index % 2),
            closures=[
                (
                    today - datetime.timedelta(days=30),
                    today - datetime.timedelta(days=20),
                    "Passata",
                ),
                (
                    today + datetime.timedelta(days=10),
                    today + datetime.timedelta(days=12),
                    "Lavori",
                ),
            ],
            phone="02 1234567",
        )
        world.spaces.append(space)
        event = EventFactory(space=space, title=f"Laboratorio API {index}", capacity=10)
        event_services.registration_create(actor=person(f"{tag}e"), event=event, seats=3)
        world.events.append(event)
        course = CourseFactory(space=space, educator=person(f"{tag}c"), sessions=2)
        world.courses.append(course)
        shift = ShiftFactory(opportunity=OpportunityFactory(space=space), capacity=3)
        SignupFactory(shift=shift, volunteer=VolunteerFactory(display_name=f"Privatissima {tag}v"))
        world.opportunities.append(shift.opportunity)
        proposal = ProposalFactory(
            space=space, author=person(f"{tag}p"), supporters=[person(f"{tag}s")]
        )
        world.proposals.append(proposal)
        service = SharedServiceFactory()
        world.services.append(service)
    return world
