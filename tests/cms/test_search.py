"""Site search at /cerca/: pages through Wagtail search, extra sources, pagination, messages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction, Site
from wagtail_localize.synctree import create_aliases_for_new_page

from cms_templates import search_registry
from cms_templates.search_registry import SearchResult
from cms_templates.search_views import normalise_query, page_summary
from spaces_pages import demo
from spaces_pages.models import StandardPage
from tests.factories import UserFactory

from .helpers import soup, text

pytestmark = pytest.mark.django_db


def home():
    return Site.objects.get(is_default_site=True).root_page


def publish(title: str, body_text: str, slug: str, description: str = "", **kwargs):
    page = StandardPage(
        title=title,
        slug=slug,
        search_description=description,
        body=[{"type": "paragraph", "value": f"<p>{body_text}</p>"}],
        **kwargs,
    )
    home().add_child(instance=page)
    page.save_revision().publish()
    create_aliases_for_new_page(page)  # as the admin does: its page in the English tree
    return page


def results(document):
    return document.select("main ol.wemi-search-results > li")


def links(document):
    return [
        (text(li.select_one("h2 a")), li.select_one("h2 a")["href"]) for li in results(document)
    ]


@pytest.fixture
def registry():
    """Leaves the registry as it found it."""
    saved = dict(search_registry._sources)
    yield search_registry
    search_registry._sources.clear()
    search_registry._sources.update(saved)


# --- Finding pages -------------------------------------------------------------------------


def test_search_lives_at_cerca_in_both_languages():
    with translation.override("it"):
        assert reverse("search") == "/cerca/"
    with translation.override("en"):
        assert reverse("search") == "/en/cerca/"


def test_the_seeded_privacy_page_is_found_by_a_word_in_its_body(client):
    demo.seed()

    response = client.get("/cerca/", {"q": "Garante"})

    assert response.status_code == 200
    document = soup(response)
    assert links(document) == [("Informativa sulla privacy", "/privacy/")]
    result = results(document)[0]
    assert "Come WeMi Community tratta i dati personali" in text(result)
    assert "Garante" in document.title.get_text()


def test_the_summary_falls_back_to_the_first_text_of_the_page():
    page = publish(
        "Come funziona",
        "Le famiglie si uniscono &amp; dividono il costo.</p><p>Secondo paragrafo.",
        "come-funziona",
    )

    assert page_summary(page) == "Le famiglie si uniscono & dividono il costo. Secondo paragrafo."


def test_english_search_links_to_the_english_urls(client):
    demo.seed()

    document = soup(client.get("/en/cerca/", {"q": "garante"}))

    assert document.html["lang"] == "en"
    assert links(document) == [("Privacy notice", "/en/privacy/")]
    assert "1 result for “garante”" in text(document.main)


def test_drafts_and_private_pages_are_not_found(client):
    publish("Pubblica", "parola zefiro", "pubblica")
    draft = publish("Bozza", "parola zefiro", "bozza")
    draft.unpublish()
    private = publish("Riservata", "parola zefiro", "riservata")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    document = soup(client.get("/cerca/", {"q": "zefiro"}))

    assert links(document) == [("Pubblica", "/pubblica/")]


def test_every_word_must_match(client):
    publish("Uno", "mandarino e pompelmo", "uno")
    publish("Due", "solo mandarino", "due")

    document = soup(client.get("/cerca/", {"q": "mandarino pompelmo"}))

    assert links(document) == [("Uno", "/uno/")]


@pytest.mark.parametrize("query", ['"privacy', "privacy)", "NEAR(privacy", "title:privacy", "*"])
def test_query_syntax_characters_are_just_text(client, query):
    publish("Informativa", "privacy e dati", "informativa")

    response = client.get("/cerca/", {"q": query})

    assert response.status_code == 200


def test_normalise_query_keeps_only_words():
    assert normalise_query('  "Dati"  OR (privacy)*  ') == "dati or privacy"
    assert normalise_query("città_di-Milano") == "città di milano"
    assert normalise_query("x" * 500) == "x" * 200


# --- Pagination ----------------------------------------------------------------------------


def test_results_are_paginated_ten_to_a_page(client):
    for number in range(23):
        publish(f"Corso {number:02d}", "corso di educazione finanziaria", f"corso-{number}")

    first = soup(client.get("/cerca/", {"q": "finanziaria"}))
    third = soup(client.get("/cerca/", {"q": "finanziaria", "page": 3}))
    beyond = soup(client.get("/cerca/", {"q": "finanziaria", "page": 99}))
    nonsense = soup(client.get("/cerca/", {"q": "finanziaria", "page": "abc"}))

    assert len(results(first)) == 10
    assert len(results(third)) == 3
    assert links(beyond) == links(third)
    assert links(nonsense) == links(first)
    assert "23 risultati per “finanziaria” · pagina 1 di 3" in text(first.main)
    assert first.select_one("ol.wemi-search-results")["start"] == "1"
    assert third.select_one("ol.wemi-search-results")["start"] == "21"
    every = {
        link
        for page in (first, soup(client.get("/cerca/?q=finanziaria&page=2")), third)
        for link in links(page)
    }
    assert len(every) == 23

    pagination = first.select_one("nav.pagination-wrapper")
    assert pagination["aria-label"]
    current = pagination.select_one("[aria-current=page]")
    assert text(current).endswith("1")
    hrefs = [a["href"] for a in pagination.select("a.page-link")]
    assert "?q=finanziaria&page=2" in hrefs


def test_the_query_count_does_not_grow_with_the_results(client):
    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    for number in range(12):
        publish(f"Laboratorio {number}", "laboratorio di quartiere alfa", f"alfa-{number}")
    client.get("/cerca/?q=alfa")  # warm the per-process caches (site root paths)
    few = queries("/cerca/?q=alfa")

    for number in range(12, 40):
        publish(f"Laboratorio {number}", "laboratorio di quartiere alfa", f"alfa-{number}")
    client.get("/cerca/?q=alfa")
    many = queries("/cerca/?q=alfa")

    assert many == few
    assert few <= 15


# --- Messages ------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", "?!"])
def test_an_empty_query_asks_for_words(client, query):
    response = client.get("/en/cerca/", {"q": query})

    assert response.status_code == 200
    document = soup(response)
    assert results(document) == []
    assert "Type a word or two" in text(document.main)
    assert document.select_one("main input[name=q]") is not None


def test_no_results_says_so_with_suggestions(client):
    document = soup(client.get("/en/cerca/", {"q": "xyzzy"}))

    main = document.main
    assert results(document) == []
    assert "No results for “xyzzy”" in text(main.select_one("h2"))
    suggestions = [text(li) for li in main.select(".wemi-search-empty ul")[0].select("li")]
    assert any("spelling" in suggestion for suggestion in suggestions)
    assert main.select(".wemi-search-empty a[href='/en/']")


def test_search_results_are_not_indexed_by_search_engines(client):
    document = soup(client.get("/cerca/", {"q": "privacy"}))

    assert document.select_one("meta[name=robots]")["content"] == "noindex, follow"


# --- Extra sources -------------------------------------------------------------------------


def test_a_registered_source_adds_its_results_after_the_pages(client, registry):
    publish("Informativa", "parola ornitorinco", "informativa")
    seen = []

    def proposals(query, user):
        seen.append((query, user.is_authenticated))
        return [
            SearchResult("Baby sitter condivisa", "/proposte/1/", "Per la scuola", "Proposal"),
            SearchResult("Doposcuola", "/proposte/2/", "", ""),
        ]

    registry.register("Proposals", proposals)
    client.force_login(UserFactory())

    document = soup(client.get("/en/cerca/", {"q": "Ornitorinco"}))

    assert links(document) == [
        ("Informativa", "/en/informativa/"),
        ("Baby sitter condivisa", "/proposte/1/"),
        ("Doposcuola", "/proposte/2/"),
    ]
    kinds = [text(li.select_one(".wemi-search-kind")) for li in results(document)]
    assert kinds == ["Page", "Proposal", "Proposals"]
    assert seen == [("ornitorinco", True)]


def test_with_nothing_registered_only_pages_show(client, registry):
    registry._sources.clear()
    publish("Informativa", "parola ornitorinco", "informativa")

    document = soup(client.get("/cerca/", {"q": "ornitorinco"}))

    assert links(document) == [("Informativa", "/informativa/")]


def test_registering_again_replaces_and_sources_are_capped(registry):
    registry._sources.clear()

    def many(query, user):
        return (SearchResult(f"R{n}", f"/r/{n}/") for n in range(1000))

    key = registry.register("Many", many)
    assert registry.register("Many again", many) == key
    assert [source.label for source in registry.sources()] == ["Many again"]

    found = registry.search_sources("r", None)
    assert len(found) == search_registry.MAX_RESULTS_PER_SOURCE

    registry.unregister(key)
    assert registry.sources() == []


# --- The header --------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "action"), [("/", "/cerca/"), ("/en/", "/en/cerca/")])
def test_every_page_has_a_labelled_search_form_in_the_header(client, path, action):
    document = soup(client.get(path))

    form = document.select_one("header form[role=search]")
    assert form["action"] == action
    assert form["method"] == "get"
    assert form["aria-label"]
    field = form.select_one("input[name=q]")
    label = form.select_one(f"label[for={field['id']}]")
    assert text(label)
    assert form.select_one("button[type=submit] .visually-hidden") is not None
