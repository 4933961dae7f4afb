"""Each list of the API costs the same number of SQL queries with few rows of every kind as
with four times as many."""

import pytest

from tests.queries import queries_for

from .helpers import API, build

pytestmark = [pytest.mark.django_db, pytest.mark.instants]

LISTS = [
    "spaces/",
    "events/",
    "courses/",
    "volunteer-opportunities/",
    "proposals/",
    "shared-services/",
]


def test_each_list_costs_the_same_for_few_and_many_rows(client, django_assert_num_queries):
    world = build(n=1)
    # Filters that the rows of every build match (the first space is in Municipio 1).
    category = world.services[0].category
    filtered_lists = {
        "events/": {"free_seats": "true", "municipio": "1", "ordering": "-starts_at"},
        "courses/": {"free_seats": "true", "municipio": "1"},
        "volunteer-opportunities/": {"free_places": "true", "municipio": "1"},
        "proposals/": {"state": "all", "ordering": "-households_count"},
        "shared-services/": {"free_seats": "true", "category": category.parent.slug},
    }
    few = {path: queries_for(client, API + path) for path in LISTS}
    filtered = {
        path: queries_for(client, API + path, params) for path, params in filtered_lists.items()
    }
    build(world, n=4)
    for path in LISTS:
        assert client.get(API + path).json()["count"] >= 4, path
        with django_assert_num_queries(few[path]):
            client.get(API + path)
    for path, params in filtered_lists.items():
        assert client.get(API + path, params).json()["count"] >= 2, path
        with django_assert_num_queries(filtered[path]):
            client.get(API + path, params)
