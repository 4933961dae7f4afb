"""The list at /proposte/: filters, sort, search and pages through a GET form; nonsense in the
query string is ignored; the same number of queries for 3 proposals as for 30."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.models import Proposal
from tests.cms.helpers import soup, text
from tests.factories import UserFactory, service
from tests.participation.moderation_helpers import coordinator_of
from tests.proposals.helpers import category, draft, published
from tests.spaces.helpers import make_space

pytestmark = pytest.mark.django_db

LIST = reverse("proposals:list")


def titles(response) -> list[str]:
    return [text(a) for a in soup(response).select("#proposal-list .wemi-proposal-card-link")]


@pytest.fixture
def spaces():
    return make_space("Spazio Nord", municipio=9), make_space("Spazio Sud", municipio=5)


@pytest.fixture
def world(spaces):
    north, south = spaces
    gathering = published(space=north, households=1, title="Baby sitter al Nord")
    popular = published(space=south, households=3, threshold=10, title="Baby sitter al Sud")
    other_service = published(space=north, title="Badante condivisa", category=service("Badante"))
    withdrawn = published(space=south, title="Proposta ritirata")
    services.proposal_withdraw(actor=withdrawn.author, proposal=withdrawn)
    hidden_draft = draft(UserFactory(), north, title="Bozza segreta")
    return {
        "gathering": gathering,
        "popular": popular,
        "other_service": other_service,
        "withdrawn": withdrawn,
        "draft": hidden_draft,
    }


def test_open_proposals_by_default(client, world):
    response = client.get(LIST)
    assert response.status_code == 200
    shown = titles(response)
    assert set(shown) == {"Baby sitter al Nord", "Baby sitter al Sud", "Badante condivisa"}
    document = soup(response)
    assert document.select_one("select[name=stato] option[selected]")["value"] == "aperte"
    assert document.select_one(f"a[href='{reverse('proposals:new')}']") is not None
    card = document.select_one("#proposal-list li")
    assert card.select_one("progress") is not None
    assert card.select_one(".wemi-state") is not None


def test_filter_by_space_and_municipio(client, world, spaces):
    north, south = spaces
    assert set(titles(client.get(LIST, {"spazio": north.pk}))) == {
        "Baby sitter al Nord",
        "Badante condivisa",
    }
    assert titles(client.get(LIST, {"municipio": 5})) == ["Baby sitter al Sud"]
    # "Propose a service" keeps the chosen space.
    document = soup(client.get(LIST, {"spazio": north.pk}))
    assert document.select_one(f"a[href='{reverse('proposals:new')}?spazio={north.pk}']")


def test_filter_by_service_and_by_group(client, world):
    babysitter = category()
    assert set(titles(client.get(LIST, {"categoria": babysitter.pk}))) == {
        "Baby sitter al Nord",
        "Baby sitter al Sud",
    }
    group_titles = set(titles(client.get(LIST, {"categoria": babysitter.parent_id})))
    assert {"Baby sitter al Nord", "Baby sitter al Sud"} <= group_titles
    document = soup(client.get(LIST))
    options = document.select("select[name=categoria] optgroup option")
    values = {option["value"] for option in options}
    assert {str(babysitter.pk), str(babysitter.parent_id)} <= values


def test_filter_by_state(client, world):
    assert titles(client.get(LIST, {"stato": "withdrawn"})) == ["Proposta ritirata"]
    assert len(titles(client.get(LIST, {"stato": "tutte"}))) == 4
    assert titles(client.get(LIST, {"stato": "draft"})) == titles(client.get(LIST))


def test_search(client, world):
    assert titles(client.get(LIST, {"q": "badante"})) == ["Badante condivisa"]
    assert titles(client.get(LIST, {"q": "segreta", "stato": "tutte"})) == []


def test_sort(client, world):
    by_households = titles(client.get(LIST, {"ordina": "adesioni"}))
    assert by_households[0] == "Baby sitter al Sud"
    recent = titles(client.get(LIST, {"ordina": "recenti"}))
    assert recent[0] == "Badante condivisa"
    soon = timezone.localdate() + datetime.timedelta(days=3)
    Proposal.objects.filter(pk=world["popular"].pk).update(deadline=soon)
    closing = titles(client.get(LIST, {"ordina": "scadenza"}))
    assert closing[0] == "Baby sitter al Sud"
    assert "Proposta ritirata" not in titles(
        client.get(LIST, {"ordina": "scadenza", "stato": "tutte"})
    )


@pytest.mark.parametrize(
    "query",
    [
        {"spazio": "abc"},
        {"spazio": "999999"},
        {"municipio": "12"},
        {"municipio": "x"},
        {"categoria": "nope"},
        {"categoria": "999999"},
        {"stato": "banana"},
        {"ordina": "random"},
        {"page": "abc"},
        {"page": "999"},
        {"q": "x" * 500},
    ],
)
def test_invalid_filters_are_ignored(client, world, query):
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert len(titles(response)) == 3 or "page" in query
    assert soup(response).select_one(".wemi-error-summary") is None


def test_pagination(client, settings, spaces):
    settings.WEMI_PROPOSALS_PER_PAGE = 2
    north, _south = spaces
    for index in range(5):
        published(space=north, title=f"Proposta numero {index}")
    first = client.get(LIST)
    assert len(titles(first)) == 2
    assert soup(first).select_one(".pagination a[aria-current=page]") is not None
    last = client.get(LIST, {"page": 3, "spazio": north.pk})
    assert len(titles(last)) == 1
    # Page links keep the filters.
    link = soup(last).select(".pagination a")[0]["href"]
    assert f"spazio={north.pk}" in link


def make_proposals(count: int, space, author):
    for index in range(count):
        published(author=author, space=space, title=f"Proposta {index}")


def count_queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(LIST, params)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.instants
def test_the_list_costs_the_same_queries_for_3_and_30(client, settings, spaces):
    settings.WEMI_PROPOSALS_PER_PAGE = 50
    north, south = spaces
    author = UserFactory()
    client.force_login(UserFactory())
    make_proposals(3, north, author)
    client.get(LIST)  # The layout's caches (site, navigation) warm up on the first request.
    few = count_queries(client)
    few_filtered = count_queries(client, municipio=9, q="Proposta", ordina="adesioni")
    make_proposals(27, south, author)
    # The writes moved the versions of the cached fragments (filters): warm them up again.
    client.get(LIST)
    many = count_queries(client)
    many_filtered = count_queries(client, municipio=5, q="Proposta", ordina="adesioni")
    assert len(titles(client.get(LIST))) == 30
    assert many == few
    assert many_filtered == few_filtered


@pytest.mark.instants
def test_the_list_query_count_is_bounded(client, spaces, django_assert_max_num_queries):
    north, _south = spaces
    make_proposals(3, north, UserFactory())
    coordinator_of(north)
    with django_assert_max_num_queries(15):
        client.get(LIST)
