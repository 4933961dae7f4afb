"""Who moderates a space's content comes from the spaces' app, registered in its ready()."""

import pytest

from tests.participation.moderation_helpers import city_staff, coordinator_of
from tests.spaces.helpers import make_space
from wemi_community.participation import moderation_queue, permissions, registry

pytestmark = pytest.mark.django_db


def test_a_coordinator_moderates_their_space_only():
    space, other = make_space(title="Spazio Uno"), make_space(title="Spazio Due")
    coordinator = coordinator_of(space)
    assert permissions.can_moderate_space(coordinator, space)
    assert not permissions.can_moderate_space(coordinator, other)
    assert moderation_queue.moderated_space_ids(coordinator) == {space.pk}


def test_with_no_app_saying_who_coordinates_only_city_staff_moderate(monkeypatch):
    space = make_space(title="Spazio Uno")
    coordinator = coordinator_of(space)
    monkeypatch.setattr(registry, "_space_coordination", None)
    assert not permissions.can_moderate_space(coordinator, space)
    assert moderation_queue.moderated_space_ids(coordinator) == set()
    assert permissions.can_moderate_space(city_staff(), space)
