"""The people of a permission matrix: each role as the site grants it (groups, guardian
permissions through a space's groups, a provider's staff links)."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from spaces_pages.services import space_groups_ensure
from wemi_community.accounts.roles import Role

from . import OrganisationStaffFactory, UserFactory


class CoordinatorFactory(UserFactory):
    """A coordinator of ``space`` (the space's coordination group)."""

    display_name = "Coordinatrice"

    @factory.post_generation
    def space(self, create, extracted, **kwargs):
        if extracted is not None:
            self.groups.add(space_groups_ensure(space=extracted).coordination)


class DeskOperatorFactory(UserFactory):
    """A desk operator (sportello) of ``space`` (the space's desk group)."""

    display_name = "Operatore di sportello"

    @factory.post_generation
    def space(self, create, extracted, **kwargs):
        if extracted is not None:
            self.groups.add(space_groups_ensure(space=extracted).desk)


class CityStaffFactory(UserFactory):
    display_name = "Elena Comune"

    @factory.post_generation
    def city_staff(self, create, extracted, **kwargs):
        group, _ = Group.objects.get_or_create(name=Role.CITY_STAFF.value)
        self.groups.add(group)


def provider_staff(*categories):
    """A staff account of a new provider accredited for ``categories``: (organisation, user)."""
    link = OrganisationStaffFactory()
    for category in categories:
        link.organisation.accredited_categories.add(category)
    return link.organisation, link.user
