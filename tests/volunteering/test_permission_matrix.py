"""The volunteering rules (volunteering/permissions.py) as a matrix: role × state × action.

Expected values from DESIGN.md and the module's rules: a volunteer owns their profile,
sign-ups, hours and offers; a space's coordinators run its opportunities, shifts and rosters
and approve its hours, not another space's; a volunteer's profile is seen by them, city staff
and the coordinators of a space where they signed up, were invited or logged hours; nobody
approves their own hours or confirms their own attendance except city staff; any
coordinator may take up an open offer of help; the City's reports are city staff's.

A closed opportunity (``closed_at``; its shifts to come and its shifts past): its page stays
public; who may sign a volunteer up or cancel for them does not change (the volunteer, or
the space's desk and coordinators for them), the state answers instead (409: closed to new
sign-ups, past the cancellation deadline), and cancelling a shift still to come stays
possible; its coordinators still manage it and confirm who came, so the hours are logged."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

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
from volunteering.models import HourEntry, Opportunity, Shift, Signup, VolunteerProfile

pytestmark = pytest.mark.django_db

VOLUNTEER = MEMBER  # the volunteer the row's object belongs to
ROLES = [ANONYMOUS, RESIDENT, VOLUNTEER, COORDINATOR, COORDINATOR_OTHER, DESK, CITY]
SPACE = {COORDINATOR, CITY}

# Whose sign-up or hours, at the space: the volunteer's, or the coordinator's or city staff's
# own (they volunteer too).
OWNERS = ["of-volunteer", "of-coordinator", "of-city-staff"]
OWNER_ROLE = {"of-volunteer": VOLUNTEER, "of-coordinator": COORDINATOR, "of-city-staff": CITY}

# The volunteer's shift: of an open opportunity; of a closed one, still to come or past.
SHIFT_STATES = ["open", "closed", "closed-past"]
# Who takes or gives up a place for the volunteer: they themselves, or the space's desk (which
# its coordinators and city staff may work at too).
ACT_FOR = {VOLUNTEER, DESK} | SPACE

TABLE = {
    "manage_opportunity": {"open": SPACE, "closed": SPACE},
    # Closed or past, the state answers (409), not the permission.
    "sign_up_volunteer": every(SHIFT_STATES, ACT_FOR),
    "cancel_volunteer": every(SHIFT_STATES, ACT_FOR),
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
        "closed-past": SPACE,
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
    # A closed opportunity: a shift still to come and one past, the volunteer on both (signed
    # up while it was open and the shift to come; days apart from the open one's shift).
    closed = OpportunityFactory(space=space, title="Accoglienza d'estate")
    closed_shifts = {
        "closed": ShiftFactory(opportunity=closed, capacity=5, days=6),
        "closed-past": ShiftFactory(opportunity=closed, capacity=5, days=8),
    }
    closed_signups = {
        state: SignupFactory(shift=shift, volunteer=volunteer)
        for state, shift in closed_shifts.items()
    }
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    Shift.objects.filter(pk=closed_shifts["closed-past"].pk).update(
        starts_at=two_days_ago, ends_at=two_days_ago + datetime.timedelta(hours=2)
    )
    Opportunity.objects.filter(pk=closed.pk).update(closed_at=timezone.now())
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
        "opportunities": {"open": opportunity, "closed": closed},
        "shifts": {"open": shift, **closed_shifts},
        "volunteer_signups": {"open": signups["of-volunteer"], **closed_signups},
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
        return world["opportunities"][state]
    if action in ("sign_up_volunteer", "cancel_volunteer"):
        return world["shifts"][state]
    if action == "confirm_attendance" and state == "closed-past":
        return world["volunteer_signups"][state]
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
    if action in ("sign_up_volunteer", "cancel_volunteer"):
        volunteer = matrix.fresh_user(world["people"][VOLUNTEER])
        assert permissions.can_sign_up_for(user, volunteer, obj) is allowed
    else:
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


# --- A closed opportunity, through the pages ------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_closed_opportunity_stays_public(client, world, role):
    closed = world["opportunities"]["closed"]
    url = reverse("volunteering:opportunity", args=[closed.pk])
    assert _client(client, world, role).get(url).status_code == 200


@pytest.mark.parametrize("role", [VOLUNTEER, RESIDENT])
def test_nobody_signs_up_on_a_closed_opportunity(client, world, role):
    person = world["people"][role]
    if role == RESIDENT:  # a volunteer who was never on it
        services.profile_save(
            actor=person,
            data={"age_group": "adult", "skills": [], "languages": [], "availability": 0},
        )
    shift = world["shifts"]["closed"]
    before = Signup.objects.filter(shift=shift).count()
    response = _client(client, world, role).post(reverse("volunteering:signup", args=[shift.pk]))
    assert response.status_code == 409
    if role == RESIDENT:  # the volunteer hears first that they are on it already
        assert "Questa attività è chiusa." in response.content.decode()
    assert Signup.objects.filter(shift=shift).count() == before


def test_a_volunteer_still_leaves_a_shift_to_come_of_a_closed_opportunity(client, world):
    shift = world["shifts"]["closed"]
    response = _client(client, world, VOLUNTEER).post(
        reverse("volunteering:signup_cancel", args=[shift.pk])
    )
    assert response.status_code == 302
    assert matrix.fresh(world["volunteer_signups"]["closed"]).state == "cancelled"


def test_a_past_shift_is_past_its_cancellation_deadline(client, world):
    shift = world["shifts"]["closed-past"]
    response = _client(client, world, VOLUNTEER).post(
        reverse("volunteering:signup_cancel", args=[shift.pk])
    )
    assert response.status_code == 409
    assert matrix.fresh(world["volunteer_signups"]["closed-past"]).state == "confirmed"


@pytest.mark.parametrize(
    ("role", "status"),
    [(COORDINATOR, 302), (CITY, 302), (COORDINATOR_OTHER, 403), (DESK, 403), (VOLUNTEER, 403)],
    ids=lambda v: str(v),
)
def test_who_came_to_a_past_shift_of_a_closed_opportunity(client, world, role, status):
    shift, signup = world["shifts"]["closed-past"], world["volunteer_signups"]["closed-past"]
    response = _client(client, world, role).post(
        reverse("volunteering:attendance", args=[shift.pk, signup.pk]), {"came": "yes"}
    )
    assert response.status_code == status
    logged = HourEntry.objects.filter(shift=shift, volunteer_id=signup.volunteer_id)
    assert logged.exists() is (status == 302)


def test_the_volunteer_logs_hours_given_at_the_space_of_a_closed_opportunity(client, world):
    space = world["opportunities"]["closed"].space
    response = _client(client, world, VOLUNTEER).post(
        reverse("volunteering:hours_log"),
        {
            "space": space.pk,
            "day": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
            "hours": "2",
            "activity": "Accoglienza d'estate",
        },
    )
    assert response.status_code == 302
    assert HourEntry.objects.filter(
        volunteer=world["people"][VOLUNTEER], activity="Accoglienza d'estate"
    ).exists()
