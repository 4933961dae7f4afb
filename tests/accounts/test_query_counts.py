"""The account pages that list rows (the admin's users, providers and their staff) cost the
same number of SQL queries with two rows as with four times as many. The profile page lists
reference data only (``test_profile_pages.py``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, OrganisationStaffFactory, UserFactory, service
from tests.participation.moderation_helpers import city_staff
from tests.queries import page_text, queries_for

pytestmark = pytest.mark.django_db

FEW, MANY = 2, 8
PROVIDERS = {
    "wagtailsnippets_accounts_organisation:list": "Cooperativa elencata",
    "wagtailsnippets_accounts_organisationstaff:list": "Persona elencata",
}
# The users are the superuser's to manage; the providers are the City's too.
PAGES = {
    "superuser": {"wagtailusers_users:index": "Persona elencata", **PROVIDERS},
    "city_staff": PROVIDERS,
}


def add(start: int, count: int) -> None:
    """People in a role group, providers accredited for a category, each with a staff member."""
    for index in range(start, start + count):
        organisation = OrganisationFactory(name=f"Cooperativa elencata {index}")
        organisation.accredited_categories.add(service())
        person = UserFactory(display_name=f"Persona elencata {index}", roles=["city_staff"])
        OrganisationStaffFactory(organisation=organisation, user=person)


@pytest.mark.parametrize("viewer", ["superuser", "city_staff"])
def test_the_admins_lists_of_people_and_providers_cost_the_same_for_few_and_many(
    client, viewer, django_assert_num_queries
):
    if viewer == "superuser":
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
    else:
        client.force_login(city_staff())
    add(0, FEW)
    few = {name: queries_for(client, reverse(name)) for name in PAGES[viewer]}

    add(FEW, MANY - FEW)
    for name, row in PAGES[viewer].items():
        assert page_text(client, reverse(name)).count(row) >= MANY, name
        with django_assert_num_queries(few[name], info=name):
            client.get(reverse(name))
