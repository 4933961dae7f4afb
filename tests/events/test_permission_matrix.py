"""The events' and courses' rules (events/permissions.py) as a matrix: role × state × action.

Expected values from DESIGN.md: coordinators of a space publish and run its events and
courses (city staff anywhere); its desk operators check people in at the door too; anyone
signed in registers; a course's educator records its attendance; a certificate is its
holder's. Whether an event can still be edited, cancelled or checked in is the state's answer
(409), so the people allowed are the same in every state."""

from __future__ import annotations

import pytest
from django.urls import reverse

from events import permissions, services
from tests import matrix
from tests.events.helpers import move_to_the_past
from tests.factories import UserFactory
from tests.factories.events import (
    CourseFactory,
    EnrollmentFactory,
    EventFactory,
    RegistrationFactory,
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
    CITY,
    COORDINATOR,
    COORDINATOR_OTHER,
    DESK,
    MEMBER,
    PROVIDER,
    RESIDENT,
    every,
)

pytestmark = pytest.mark.django_db

EDUCATOR = "educator"
ROLES = [
    ANONYMOUS,
    RESIDENT,
    MEMBER,  # registered for the event, enrolled in the course
    EDUCATOR,
    COORDINATOR,
    COORDINATOR_OTHER,
    DESK,
    PROVIDER,
    CITY,
]
SPACE = {COORDINATOR, CITY}

EVENT_STATES = ["upcoming", "cancelled", "past"]
EVENT_TABLE = {
    "manage": every(EVENT_STATES, SPACE),
    "check_in": every(EVENT_STATES, SPACE | {DESK}),
}
EVENT_ACTIONS = {
    "manage": permissions.can_manage_event,
    "check_in": permissions.can_check_in,
}

COURSE_STATES = ["open"]
COURSE_TABLE = {
    "manage": every(COURSE_STATES, SPACE),
    "record_attendance": every(COURSE_STATES, SPACE | {EDUCATOR}),
    "is_educator": every(COURSE_STATES, {EDUCATOR}),
    "download_certificate": every(COURSE_STATES, {MEMBER}),
}
COURSE_ACTIONS = {
    "manage": lambda user, course, enrollment: permissions.can_manage_course(user, course),
    "record_attendance": lambda user, course, enrollment: permissions.can_record_attendance(
        user, course
    ),
    "is_educator": lambda user, course, enrollment: permissions.is_educator(user, course),
    "download_certificate": lambda user, course, enrollment: permissions.can_download_certificate(
        user, enrollment
    ),
}


def build() -> dict:
    space, other_space = SpaceFactory(), SpaceFactory()
    member, educator = UserFactory(display_name="Iscritta"), UserFactory(display_name="Edu")
    _, staff = provider_staff()
    events = {state: EventFactory(space=space) for state in EVENT_STATES}
    for event in events.values():
        RegistrationFactory(event=event, user=member)
    # Cancelled and over after the registration, as it happens.
    services.event_cancel(
        actor=CoordinatorFactory(space=space), event=events["cancelled"], reason="Maltempo"
    )
    move_to_the_past(events["past"])
    course = CourseFactory(space=space, educator=educator)
    enrollment = EnrollmentFactory(course=course, user=member)
    people = {
        ANONYMOUS: None,
        RESIDENT: UserFactory(),
        MEMBER: member,
        EDUCATOR: educator,
        COORDINATOR: CoordinatorFactory(space=space),
        COORDINATOR_OTHER: CoordinatorFactory(space=other_space),
        DESK: DeskOperatorFactory(space=space),
        PROVIDER: staff,
        CITY: CityStaffFactory(),
    }
    return {
        "people": people,
        "events": events,
        "course": course,
        "enrollment": enrollment,
        "space": space,
    }


world = matrix.world_fixture(build)


@pytest.mark.parametrize(("role", "state", "action", "allowed"), matrix.cells(ROLES, EVENT_TABLE))
def test_event_matrix(world, role, state, action, allowed):
    user = matrix.fresh_user(world["people"][role])
    event = matrix.fresh(world["events"][state])
    assert EVENT_ACTIONS[action](user, event) is allowed


@pytest.mark.parametrize(("role", "state", "action", "allowed"), matrix.cells(ROLES, COURSE_TABLE))
def test_course_matrix(world, role, state, action, allowed):
    user = matrix.fresh_user(world["people"][role])
    course, enrollment = matrix.fresh(world["course"]), matrix.fresh(world["enrollment"])
    assert COURSE_ACTIONS[action](user, course, enrollment) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_space_wide(world, role):
    """Publishing in the space: its coordinators; registering: anyone signed in."""
    user = matrix.fresh_user(world["people"][role])
    assert permissions.can_publish_in(user, world["space"]) is (role in SPACE)
    assert permissions.can_register(user) is (role != ANONYMOUS)


def test_world_states(world):
    events = {state: matrix.fresh(event) for state, event in world["events"].items()}
    assert not events["upcoming"].is_cancelled and not events["upcoming"].is_past
    assert events["cancelled"].is_cancelled
    assert events["past"].is_past
    assert events["upcoming"].registrations.filter(user=world["people"][MEMBER]).exists()


# --- HTTP: signed in and refused is 403 ---------------------------------------------------------


def _client(client, world, role):
    user = world["people"][role]
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("role", "url_name", "status"),
    [
        (COORDINATOR_OTHER, "edit", 403),
        (DESK, "edit", 403),
        (MEMBER, "registrations", 403),
        (PROVIDER, "registrations_csv", 403),
        (COORDINATOR_OTHER, "check_in", 403),
        (RESIDENT, "check_in", 403),
        (DESK, "check_in", 200),
        (COORDINATOR, "edit", 200),
        (CITY, "registrations", 200),
    ],
    ids=lambda v: str(v),
)
def test_event_manage_pages(client, world, role, url_name, status):
    event = world["events"]["upcoming"]
    response = _client(client, world, role).get(reverse(f"events:{url_name}", args=[event.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [(RESIDENT, 403), (COORDINATOR_OTHER, 403), (DESK, 403), (EDUCATOR, 200), (COORDINATOR, 200)],
    ids=lambda v: str(v),
)
def test_attendance_page(client, world, role, status):
    course = world["course"]
    response = _client(client, world, role).get(reverse("events:attendance", args=[course.pk]))
    assert response.status_code == status


def test_certificate_of_someone_else(client, world):
    """Not enrolled: 403; enrolled but the course has not run: 409, a state conflict."""
    course = world["course"]
    url = reverse("events:certificate", args=[course.pk])
    assert _client(client, world, RESIDENT).get(url).status_code == 403
    client.force_login(world["people"][MEMBER])
    assert client.get(url).status_code == 409
