"""The volunteering rules (volunteering/permissions.py) as a matrix: role × state × action.

Expected values from DESIGN.md and the module's rules: a volunteer owns their profile,
sign-ups, hours and offers; a space's coordinators run its opportunities, shifts and rosters
and approve its hours, not another space's; a volunteer's profile is seen by them, city staff
and the coordinators of a space where they signed up, were invited or logged hours; nobody
approves their own hours or confirms their own attendance except city staff; any
coordinator may take up an open offer of help; the City's reports are city staff's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import matrix
from tests.factories import UserFactory
from tests.factories.roles import CityStaffFactory, CoordinatorFactory, DeskOperatorFactory
from tests.factories.spaces import SpaceFactory
from tests.factories.volunteering import (
    HourEntryFactory,
    OpportunityFactory,
    ShiftFactory,
    SignupFactory,
    VolunteerFactory,
    VolunteerOfferFactory,
)
from tests.matrix import (
    ANONYMOUS,
    CITY,
    COORDINATOR,
    COORDINATOR_OTHER,
    DESK,
    MEMBER,
    RESIDENT,
    every,
)
from volunteering import permissions, services
from volunteering.models import VolunteerProfile

pytestmark = pytest.mark.django_db

VOLUNTEER = MEMBER  # the volunteer the row's object belongs to
ROLES = [ANONYMOUS, RESIDENT, VOLUNTEER, COORDINATOR, COORDINATOR_OTHER, DESK, CITY]
SPACE = {COORDINATOR, CITY}

# Whose sign-up or hours, at the space: the volunteer's, or the coordinator's or city staff's
# own (they volunteer too).
OWNERS = ["of-volunteer", "of-coordinator", "of-city-staff"]
OWNER_ROLE = {"of-volunteer": VOLUNTEER, "of-coordinator": COORDINATOR, "of-city-staff": CITY}

TABLE = {
    "manage_opportunity": {"open": SPACE},
    # The profile of the volunteer, who signed up at the space; of another volunteer with no
    # link to any space.
    "see_profile": {"signed-up-here": {VOLUNTEER} | SPACE, "unlinked": {CITY}},
    "review_hours": {
        "of-volunteer": SPACE,
        "of-coordinator": {CITY},
        "of-city-staff": SPACE,
    },
    "confirm_attendance": {
        "of-volunteer": SPACE,
        "of-coordinator": {CITY},
        "of-city-staff": SPACE,
    },
    # Whether a withdrawn offer can still change is the state's answer (409).
    "edit_offer": every(["open", "withdrawn"], {VOLUNTEER}),
    "take_up_offer": {"open": SPACE | {COORDINATOR_OTHER}, "withdrawn": set()},
}


def build() -> dict:
    space, other_space = SpaceFactory(), SpaceFactory()
    volunteer = VolunteerFactory(display_name="Volontaria")
    coordinator = CoordinatorFactory(space=space)
    city = CityStaffFactory()
    for person in (coordinator, city):  # they volunteer too
        services.profile_save(
            actor=person,
            data={"age_group": "adult", "skills": [], "languages": [], "availability": 0},
        )
    opportunity = OpportunityFactory(space=space)
    shift = ShiftFactory(opportunity=opportunity, capacity=5)
    owners = {"of-volunteer": volunteer, "of-coordinator": coordinator, "of-city-staff": city}
    signups = {state: SignupFactory(shift=shift, volunteer=who) for state, who in owners.items()}
    hours = {state: HourEntryFactory(volunteer=who, space=space) for state, who in owners.items()}
    people = {
        ANONYMOUS: None,
        RESIDENT: UserFactory(),
        VOLUNTEER: volunteer,
        COORDINATOR: coordinator,
        COORDINATOR_OTHER: CoordinatorFactory(space=other_space),
        DESK: DeskOperatorFactory(space=space),
        CITY: city,
    }
    offers = {
        "open": VolunteerOfferFactory(volunteer=volunteer),
        "withdrawn": VolunteerOfferFactory(volunteer=volunteer, state="withdrawn"),
    }
    return {
        "people": people,
        "space": space,
        "opportunity": opportunity,
        "shift": shift,
        "signups": signups,
        "hours": hours,
        "offers": offers,
        "profiles": {
            "signed-up-here": volunteer.volunteer_profile,
            "unlinked": VolunteerFactory(display_name="Altrove").volunteer_profile,
        },
    }


world = matrix.world_fixture(build)


def _object(world, action, state):
    if action == "manage_opportunity":
        return world["opportunity"]
    if action == "see_profile":
        return world["profiles"][state]
    if action == "review_hours":
        return world["hours"][state]
    if action == "confirm_attendance":
        return world["signups"][state]
    return world["offers"][state]


ACTIONS = {
    "manage_opportunity": permissions.can_manage_opportunity,
    "see_profile": permissions.can_see_profile,
    "review_hours": permissions.can_review_hours,
    "confirm_attendance": permissions.can_confirm_attendance,
    "edit_offer": permissions.can_edit_offer,
    "take_up_offer": permissions.can_take_up_offer,
}


@pytest.mark.parametrize(("role", "state", "action", "allowed"), matrix.cells(ROLES, TABLE))
def test_volunteering_matrix(world, role, state, action, allowed):
    user = matrix.fresh_user(world["people"][role])
    obj = matrix.fresh(_object(world, action, state))
    assert ACTIONS[action](user, obj) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_space_and_city_wide(world, role):
    user = matrix.fresh_user(world["people"][role])
    assert permissions.can_publish_in(user, world["space"]) is (role in SPACE)
    assert permissions.can_coordinate_somewhere(user) is (role in SPACE | {COORDINATOR_OTHER})
    assert permissions.can_see_reports(user) is (role == CITY)


def test_world(world):
    assert {matrix.fresh(s).volunteer_id for s in world["signups"].values()} == {
        world["people"][role].pk for role in OWNER_ROLE.values()
    }
    assert matrix.fresh(world["offers"]["withdrawn"]).state == "withdrawn"
    assert VolunteerProfile.objects.filter(user=world["people"][COORDINATOR]).exists()


# --- HTTP: signed in and refused is 403 ---------------------------------------------------------


def _client(client, world, role):
    user = world["people"][role]
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (COORDINATOR_OTHER, 403),
        (DESK, 403),
        (VOLUNTEER, 403),
        (COORDINATOR, 200),
        (CITY, 200),
    ],
    ids=lambda v: str(v),
)
def test_roster_and_opportunity_edit(client, world, role, status):
    client = _client(client, world, role)
    shift, opportunity = world["shift"], world["opportunity"]
    assert client.get(reverse("volunteering:roster", args=[shift.pk])).status_code == status
    edit = reverse("volunteering:opportunity_edit", args=[opportunity.pk])
    assert client.get(edit).status_code == status


@pytest.mark.parametrize(
    ("role", "state", "status"),
    [
        (COORDINATOR, "of-coordinator", 403),
        (COORDINATOR_OTHER, "of-volunteer", 403),
        (VOLUNTEER, "of-volunteer", 403),
    ],
    ids=lambda v: str(v),
)
def test_hours_decision_refused(client, world, role, state, status):
    entry = world["hours"][state]
    response = _client(client, world, role).post(
        reverse("volunteering:hours_decide", args=[entry.pk]), {"decision": "approve"}
    )
    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "state", "status"),
    [
        (COORDINATOR_OTHER, "signed-up-here", 403),
        (COORDINATOR, "unlinked", 403),
        (COORDINATOR, "signed-up-here", 200),
    ],
    ids=lambda v: str(v),
)
def test_volunteer_profile_page(client, world, role, state, status):
    profile = world["profiles"][state]
    url = reverse("volunteering:volunteer", args=[profile.user_id])
    assert _client(client, world, role).get(url).status_code == status
