"""A space's page and the home page cost the same number of SQL queries with two items in each
section (events and weekly series, proposals, labs, shared services, volunteering) as with four
times as many, at the awkward instants too (upcoming events and shifts); so does the admin's
dashboard with the spaces one serves. ``test_queries.py`` grows the number of spaces instead."""

from __future__ import annotations

import pytest
from django.test import Client

from spaces_pages.services import space_groups_ensure
from tests.events.helpers import publish, weekly
from tests.factories import UserFactory
from tests.labs.helpers import open_lab
from tests.participation.moderation_helpers import coordinator_of
from tests.proposals.helpers import published
from tests.queries import page_text, queries_for
from tests.shared_services.helpers import running_service
from tests.spaces.helpers import make_space
from tests.volunteering.helpers import opportunity, shift

pytestmark = pytest.mark.django_db

FEW, MANY = 2, 8


def fill(space, coordinator, start: int, count: int) -> None:
    for index in range(start, start + count):
        publish(space=space, coordinator=coordinator, title=f"Evento {index}", days=2 + index)
        weekly(
            times=3,
            days=3 + index,
            start=18,
            end=19,
            space=space,
            coordinator=coordinator,
            title=f"Serie {index}",
        )
        published(space=space, title=f"Proposta {index}")
        open_lab(space=space, visibility="public", title=f"Laboratorio {index}")
        running_service(2, space=space, title=f"Servizio {index}")
        created, _c = opportunity(space=space, coordinator=coordinator, title=f"Attività {index}")
        shift(created, coordinator, days=3 + index)


@pytest.mark.instants
def test_a_space_and_the_home_cost_the_same_for_few_and_many_items_in_each_section(
    django_assert_num_queries,
):
    space = make_space("WeMi Capuana", slug="capuana")
    coordinator = coordinator_of(space)
    viewers = {"anonymous": None, "resident": UserFactory(), "coordinator": coordinator}
    clients = {}
    for name, person in viewers.items():
        clients[name] = Client()
        if person is not None:
            clients[name].force_login(person)
    urls = [space.url, "/", "/en/"]
    kinds = ("Evento", "Serie", "Proposta", "Laboratorio", "Servizio", "Attività")

    def shown() -> dict[str, int]:
        text = page_text(Client(), space.url)
        return {kind: text.count(f"{kind} ") for kind in kinds}

    fill(space, coordinator, 0, FEW)
    few = {
        (name, url): queries_for(client, url) for name, client in clients.items() for url in urls
    }
    shown_few = shown()

    fill(space, coordinator, FEW, MANY - FEW)
    shown_many = shown()
    # Every section shows more (up to its limit: the events' five, the proposals' six).
    assert shown_many["Evento"] + shown_many["Serie"] > shown_few["Evento"] + shown_few["Serie"]
    for kind in kinds[2:]:
        assert shown_many[kind] > shown_few[kind], kind
    for (name, url), expected in few.items():
        client = clients[name]
        page_text(client, url)
        with django_assert_num_queries(expected, info=f"{url} for {name}"):
            client.get(url)


def test_the_admins_dashboard_costs_the_same_for_few_and_many_spaces(django_assert_num_queries):
    """A coordinator's "my spaces" panel: spaces coordinated and spaces served at the desk."""
    person = UserFactory()
    client = Client()
    client.force_login(person)

    def add(start: int, count: int) -> None:
        for index in range(start, start + count):
            groups = space_groups_ensure(space=make_space(f"Spazio coordinato {index}"))
            person.groups.add(groups.coordination)
            groups = space_groups_ensure(space=make_space(f"Spazio di sportello {index}"))
            person.groups.add(groups.desk)

    add(0, FEW)
    few = queries_for(client, "/admin/")
    add(FEW, MANY - FEW)
    text = page_text(client, "/admin/")
    assert text.count("Spazio coordinato ") >= MANY and text.count("Spazio di sportello ") >= MANY
    with django_assert_num_queries(few):
        client.get("/admin/")
