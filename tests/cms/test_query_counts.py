"""The site search costs the same number of SQL queries with two results of every kind beyond
the pages (proposals, events and weekly series, labs, volunteer opportunities) as with four
times as many. The pages' own results have theirs in ``test_search.py``."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.events.helpers import publish, weekly
from tests.factories import UserFactory
from tests.labs.helpers import open_lab
from tests.proposals.helpers import published
from tests.queries import page_text, queries_for
from tests.spaces.helpers import make_space
from tests.volunteering.helpers import opportunity, shift, space_with_coordinator

# Only upcoming events and shifts are found: counted at the awkward instants too.
pytestmark = [pytest.mark.django_db, pytest.mark.instants]

FEW, MANY = 2, 8
WORD = "cucito"


def add(start: int, count: int) -> None:
    """Of each kind, ``count`` things about sewing: none of them a page."""
    space, coordinator = space_with_coordinator(f"Spazio della ricerca {start}")
    proposals_space = make_space(f"Spazio delle proposte {start}")
    for index in range(start, start + count):
        title = f"Cucito {index}"
        published(space=proposals_space, title=f"{title} condiviso")
        publish(space=space, coordinator=coordinator, title=f"{title} in sala")
        weekly(
            times=3,
            days=3 + index,
            start=18,
            end=19,
            space=space,
            coordinator=coordinator,
            title=f"{title} ogni settimana",
        )
        open_lab(space=space, visibility="public", title=f"{title} di cortile")
        created, _c = opportunity(space=space, coordinator=coordinator, title=f"{title} solidale")
        shift(created, coordinator, days=3 + index)


def test_the_search_costs_the_same_for_few_and_many_results_of_every_kind(
    django_assert_num_queries,
):
    url = reverse("search")
    viewers = {"anonymous": Client(), "resident": Client()}
    viewers["resident"].force_login(UserFactory())
    add(0, FEW)
    few = {name: queries_for(client, url, {"q": WORD}) for name, client in viewers.items()}

    add(FEW, MANY - FEW)
    for name, client in viewers.items():
        page_text(client, url, {"q": WORD})
        with django_assert_num_queries(few[name], info=name):
            response = client.get(url, {"q": WORD})
        assert response.context["page_obj"].paginator.count == 5 * MANY
    # Every result of every kind, page after page.
    client = viewers["anonymous"]
    pages = (5 * MANY + 9) // 10
    found = " ".join(
        page_text(client, url, {"q": WORD, "page": number}) for number in range(1, pages + 1)
    )
    for kind in ("condiviso", "in sala", "ogni settimana", "di cortile", "solidale"):
        assert all(f"Cucito {index} {kind}</a>" in found for index in range(MANY)), kind
