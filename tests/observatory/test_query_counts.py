"""The observatory costs the same queries for a handful of figures as for many: one
aggregate query per table, the catalogue read once, whatever the data."""

import pytest

from tests.factories.roles import CityStaffFactory, CoordinatorFactory
from tests.factories.spaces import SpaceFactory
from tests.queries import page_text, queries_for
from wemi_community.catalogue.models import ServiceCategory
from wemi_community.evidence.kinds import DELIVERY, DEMAND, FUNNEL

from .helpers import record, record_anonymous

pytestmark = pytest.mark.django_db


def figures_of_every_kind(times: int, space):
    categories = list(ServiceCategory.objects.filter(level=3)[: 2 * times])
    for n in range(times):
        place = n % 9 + 1
        for kind in DEMAND:
            record(kind, persons=2, place=place, space=space, category=categories[n])
        for kind in FUNNEL:
            record_anonymous(kind, count=2, place=place, quantity=3)
        for kind in DELIVERY:
            record(kind, persons=2, place=place, isee_band=str(n % 4 + 1), family_cents=500)


@pytest.mark.parametrize("who", ["anonymous", "city_staff", "coordinator"])
def test_the_page_and_a_csv_cost_the_same_for_few_and_many_figures(
    client, django_assert_num_queries, who
):
    space = SpaceFactory()
    if who == "city_staff":
        client.force_login(CityStaffFactory())
    if who == "coordinator":
        client.force_login(CoordinatorFactory(space=space))
    url, params = "/osservatorio/", {"spazio": space.pk, "municipio": "1"}
    figures_of_every_kind(1, space)
    few = queries_for(client, url)
    few_filtered = queries_for(client, url, params)
    few_csv = queries_for(client, "/osservatorio/csv/nil.csv")

    figures_of_every_kind(6, space)
    assert "tabella-servizi" in page_text(client, url)
    with django_assert_num_queries(few):
        client.get(url)
    with django_assert_num_queries(few_filtered):
        client.get(url, params)
    with django_assert_num_queries(few_csv):
        client.get("/osservatorio/csv/nil.csv")
