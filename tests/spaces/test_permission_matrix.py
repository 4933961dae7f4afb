"""Who runs a space (spaces_pages/permissions.py) as a matrix: role × page × action.

Expected values from DESIGN.md: a space's coordinators edit and publish its page and run what
happens there; its desk operators work at its desk (coordinators may too); only city staff
delete or move a space's page; city staff may do everything; a deactivated account nothing.
The powers are granted on the space's Italian page and its English page shares them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from spaces_pages import permissions
from spaces_pages.models import SpacePage
from tests import matrix
from tests.factories import UserFactory
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
    PROVIDER,
    RESIDENT,
    every,
)

pytestmark = pytest.mark.django_db

DESK_OTHER = "desk-operator-other-space"
DEACTIVATED = "coordinator-deactivated"
ROLES = [
    ANONYMOUS,
    RESIDENT,
    COORDINATOR,
    COORDINATOR_OTHER,
    DESK,
    DESK_OTHER,
    DEACTIVATED,
    PROVIDER,
    CITY,
]
PAGES = ["italian", "english"]
TABLE = {
    "coordinate": every(PAGES, {COORDINATOR, CITY}),
    "operate_desk": every(PAGES, {COORDINATOR, DESK, CITY}),
    "remove": every(PAGES, {CITY}),
}
ACTIONS = {
    "coordinate": permissions.can_coordinate_space,
    "operate_desk": permissions.can_operate_desk,
    "remove": permissions.can_remove_space,
}


def build() -> dict:
    space, other_space = SpaceFactory(), SpaceFactory()
    english = (
        SpacePage.objects.filter(translation_key=space.translation_key).exclude(pk=space.pk).get()
    )
    deactivated = CoordinatorFactory(space=space)
    deactivated.is_active = False
    deactivated.save(update_fields=["is_active"])
    people = {
        ANONYMOUS: None,
        RESIDENT: UserFactory(),
        COORDINATOR: CoordinatorFactory(space=space),
        COORDINATOR_OTHER: CoordinatorFactory(space=other_space),
        DESK: DeskOperatorFactory(space=space),
        DESK_OTHER: DeskOperatorFactory(space=other_space),
        DEACTIVATED: deactivated,
        PROVIDER: provider_staff()[1],
        CITY: CityStaffFactory(),
    }
    return {
        "people": people,
        "pages": {"italian": space, "english": english},
        "other_space": other_space,
    }


world = matrix.world_fixture(build)


@pytest.mark.parametrize(("role", "state", "action", "allowed"), matrix.cells(ROLES, TABLE))
def test_space_matrix(world, role, state, action, allowed):
    user = matrix.fresh_user(world["people"][role])
    page = matrix.fresh(world["pages"][state])
    assert ACTIONS[action](user, page) is allowed


def test_the_english_page_is_a_translation(world):
    italian, english = world["pages"]["italian"], world["pages"]["english"]
    assert english.pk != italian.pk
    assert english.locale.language_code == "en"


@pytest.mark.parametrize(
    ("role", "coordinated", "served"),
    [
        (ANONYMOUS, set(), set()),
        (RESIDENT, set(), set()),
        (COORDINATOR, {"space"}, {"space"}),
        (COORDINATOR_OTHER, {"other"}, {"other"}),
        (DESK, set(), {"space"}),
        (DESK_OTHER, set(), {"other"}),
        (DEACTIVATED, set(), set()),
        (PROVIDER, set(), set()),
    ],
    ids=lambda v: str(v),
)
def test_the_spaces_of_each_role(world, role, coordinated, served):
    user = matrix.fresh_user(world["people"][role])
    pks = {"space": world["pages"]["italian"].pk, "other": world["other_space"].pk}
    expected_coordinated = {pks[name] for name in coordinated}
    expected_served = {pks[name] for name in served}
    assert set(permissions.spaces_coordinated_by(user).values_list("pk", flat=True)) == (
        expected_coordinated
    )
    assert set(permissions.spaces_served_by(user).values_list("pk", flat=True)) == (expected_served)


def test_city_staff_coordinate_every_space_once(world):
    user = matrix.fresh_user(world["people"][CITY])
    coordinated = set(permissions.spaces_coordinated_by(user).values_list("pk", flat=True))
    assert {world["pages"]["italian"].pk, world["other_space"].pk} <= coordinated
    assert world["pages"]["english"].pk not in coordinated


# --- HTTP: the Wagtail admin agrees (it answers a refusal with a redirect to its home) ---------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(COORDINATOR, True), (CITY, True), (COORDINATOR_OTHER, False), (DESK, False)],
    ids=lambda v: str(v),
)
def test_editing_the_page_in_the_admin(client, world, role, allowed):
    client.force_login(world["people"][role])
    space = world["pages"]["italian"]
    response = client.get(reverse("wagtailadmin_pages:edit", args=[space.pk]))
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")


def test_a_coordinator_cannot_delete_the_page(client, world):
    client.force_login(world["people"][COORDINATOR])
    space = world["pages"]["italian"]
    response = client.get(reverse("wagtailadmin_pages:delete", args=[space.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
