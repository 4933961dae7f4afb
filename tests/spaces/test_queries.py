"""The index and a space's page cost the same number of SQL queries with 15 spaces as with
200, and whatever the number of items in the space's sections."""

from datetime import datetime

import pytest

from spaces_pages import sections
from tests.queries import page_text, queries_for
from wemi_community.core.milan import ROME

from .helpers import italian, make_many_spaces

pytestmark = pytest.mark.django_db

URLS = ["/spazi/", "/spazi/?municipio=8", "/spazi/?q=wemi", "/spazi/capuana/", "/en/spazi/capuana/"]
# The point is that the counts do not grow; the ceiling catches a gross regression. About
# half of the queries are the layout's (site, routing, menu, footer links, the active locale
# and the page's translations for the language switch); each module's section of a space's
# page adds one.
CEILING = 30


def neighbours_by_space(spaces):
    """A stand-in for a module's selector: one query for every space asked about."""
    municipi = {space.municipio_id for space in spaces}
    neighbours = list(italian().live().filter(municipio_id__in=municipi))
    return {
        space.pk: [n for n in neighbours if n.municipio_id == space.municipio_id and n != space]
        for space in spaces
    }


@pytest.fixture
def neighbours_section(no_sections):
    return sections.register(
        sections.SpaceSection(key="neighbours", title="Nearby", selector=neighbours_by_space)
    )


def test_queries_do_not_grow_from_15_to_200_spaces(
    client, seeded, neighbours_section, time_machine, django_assert_num_queries
):
    time_machine.move_to(datetime(2026, 11, 23, 10, tzinfo=ROME), tick=False)
    with_15 = {url: queries_for(client, url) for url in URLS}
    capuana = italian().get(slug="capuana")
    items_15 = len(neighbours_by_space([capuana])[capuana.pk])

    make_many_spaces(185)
    assert italian().live().count() == 200
    assert len(neighbours_by_space([capuana])[capuana.pk]) > items_15  # more items too

    for url, expected in with_15.items():
        page_text(client, url)
        with django_assert_num_queries(expected):
            response = client.get(url)
        assert response.status_code == 200
        assert expected <= CEILING, (url, expected)
    # The section shows, with every item, still in the same queries.
    assert "Nearby" in page_text(client, "/spazi/capuana/")
