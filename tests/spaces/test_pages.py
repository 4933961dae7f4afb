"""The Spazi WeMi pages as people meet them: home → /spazi/ → a space."""

import json
from datetime import date, datetime, time

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from wagtail_localize.synctree import create_aliases_for_new_page

from cms_templates import i18n
from cms_templates.blocks import BodyBlock
from spaces_pages.demo.content import HOME
from spaces_pages.demo.translations import translate_page
from spaces_pages.models import HomePage, StandardPage
from tests.cms.helpers import soup, text
from wemi_community.catalogue.models import Nil
from wemi_community.core.milan import ROME

from .helpers import make_many_spaces, make_space

pytestmark = pytest.mark.django_db

MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=ROME)
SUNDAY_10 = datetime(2026, 11, 22, 10, 0, tzinfo=ROME)


@pytest.fixture
def clock(time_machine):
    """Stops the clock at Monday 10:00 in Milan; ``clock(moment)`` moves it."""

    def set_to(moment):
        time_machine.move_to(moment, tick=False)

    set_to(MONDAY_10)
    return set_to


def card_titles(document) -> list[str]:
    return [text(a) for a in document.select(".wemi-space-list .card-title a")]


# --- With the demo: what the issue promises -----------------------------------------------------


def test_home_leads_to_the_spaces_and_municipio_8_shows_capuana_and_pacinotti(client, seeded):
    home = soup(client.get("/"))
    links = {a["href"] for a in home.select("main a")}
    assert "/spazi/" in links
    nav = home.select_one("nav.navbar .navbar-nav a.nav-link[href='/spazi/']")
    assert nav is not None

    everything = soup(client.get("/spazi/"))
    assert len(card_titles(everything)) == 15

    response = client.get("/spazi/", {"municipio": "8"})
    assert response.status_code == 200
    assert sorted(card_titles(soup(response))) == ["WeMi Capuana", "WeMi Pacinotti"]


def test_the_home_lists_the_spaces_by_municipio(client, seeded):
    document = soup(client.get("/"))
    cards = {
        text(card.select_one("h3")): [text(a) for a in card.select(":scope > ul a")]
        for card in document.select(".wemi-municipio-card")
    }
    assert cards["Municipio 8"] == ["WeMi Capuana", "WeMi Pacinotti"]
    assert cards["Municipio 5"] == ["WeMi San Gottardo", "WeMi Saponaro", "WeMi Valla"]
    assert len(cards) == 8  # Municipio 1 has no space in the data


def test_capuana_shows_its_address_and_whether_it_is_open(client, seeded, clock):
    response = client.get("/spazi/capuana/")
    assert response.status_code == 200
    document = soup(response)
    assert text(document.select_one("main h1")) == "WeMi Capuana"
    assert "Via Capuana 3, Milano" in text(document.select_one("address"))
    assert "Quarto Oggiaro" in text(document.select_one(".wemi-space-header"))
    status = document.select_one(".wemi-space-header .wemi-status")
    assert status is not None
    assert "wemi-status-open" in status["class"] or "wemi-status-closed" in status["class"]
    assert "Testo di esempio" in text(document.select_one(".wemi-space-body"))


# --- Index: filters, text search, map -----------------------------------------------------------


def test_text_search_matches_name_neighbourhood_and_address(client):
    oggiaro = Nil.objects.get(name="Quarto Oggiaro")
    make_space("WeMi Capuana", municipio=8, nil=oggiaro, address="Via Capuana 3")
    make_space("WeMi Venini", municipio=2, address="Via Venini 83")
    make_space("WeMi Trivulzio", municipio=7, address="Via Trivulzio 15")

    def found(query):
        return card_titles(soup(client.get("/spazi/", {"q": query})))

    assert found("venini") == ["WeMi Venini"]
    assert found("oggiaro") == ["WeMi Capuana"]
    assert found("Trivulzio 15") == ["WeMi Trivulzio"]
    assert found("  via   venini ") == ["WeMi Venini"]
    assert found("nessuno") == []
    assert card_titles(soup(client.get("/spazi/", {"q": "wemi", "municipio": "2"}))) == [
        "WeMi Venini"
    ]


def test_no_match_says_so_and_offers_all_the_spaces(client):
    make_space("WeMi Venini", municipio=2)
    with translation.override("en"):
        document = soup(client.get("/en/spazi/", {"q": "nessuno"}))
    assert "No space matches" in text(document.main)
    assert document.select_one(".callout a")["href"] == "/en/spazi/"


def test_an_unknown_municipio_is_a_field_error_not_a_crash(client):
    make_space("WeMi Venini", municipio=2)
    response = client.get("/spazi/", {"municipio": "42"})
    assert response.status_code == 200
    document = soup(response)
    assert document.select_one("#id_municipio.is-invalid") is not None
    assert document.select_one("#id_municipio_error") is not None
    assert card_titles(document) == ["WeMi Venini"]


def test_the_map_is_an_enhancement_over_the_list(client):
    make_space("WeMi Capuana", municipio=8, nil=Nil.objects.get(name="Quarto Oggiaro"))
    make_space("WeMi Esatto", municipio=1, latitude="45.464200", longitude="9.190000")
    document = soup(client.get("/spazi/"))
    container = document.select_one("#spaces-map")
    assert container.has_attr("hidden")  # shown by the script only
    markers = json.loads(document.select_one("#spaces-data").string)
    by_name = {m["name"]: m for m in markers}
    capuana = by_name["WeMi Capuana"]
    oggiaro = Nil.objects.get(name="Quarto Oggiaro")
    assert (capuana["lat"], capuana["lon"]) == (
        float(oggiaro.centroid_lat),
        float(oggiaro.centroid_lon),
    )
    assert capuana["exact"] is False and capuana["url"] == "/spazi/wemi-capuana/"
    assert by_name["WeMi Esatto"]["exact"] is True
    scripts = [s.get("src", "") for s in document.select("script")]
    assert any(src.endswith("vendor/leaflet/leaflet.js") for src in scripts)
    assert any(src.endswith("spaces_pages/js/map.js") for src in scripts)


def test_the_index_is_paginated_and_keeps_the_filters(client):
    make_many_spaces(32)
    first = soup(client.get("/spazi/"))
    assert len(card_titles(first)) == 30
    second = soup(client.get("/spazi/", {"page": "2"}))
    assert len(card_titles(second)) == 2
    assert len(json.loads(first.select_one("#spaces-data").string)) == 32  # the map: all
    filtered = soup(client.get("/spazi/", {"q": "carico"}))
    hrefs = [a["href"] for a in filtered.select(".pagination a")]
    assert all("q=carico" in href for href in hrefs)


def test_cards_show_whether_each_space_is_open(client, clock):
    make_space("WeMi Aperto", slots=[(0, time(9), time(13))])
    make_space("WeMi Chiuso", slots=[(1, time(9), time(13))])
    with translation.override("en"):
        document = soup(client.get("/en/spazi/"))
    statuses = {
        text(card.select_one(".card-title")): text(card.select_one(".wemi-status"))
        for card in document.select(".wemi-space-card")
    }
    assert statuses["WeMi Aperto"] == "Open now · until 13:00"
    assert statuses["WeMi Chiuso"] == "Closed now · opens tomorrow at 09:00"


# --- A space's page -------------------------------------------------------------------------


def test_unknown_space_is_404(client):
    assert client.get("/spazi/non-esiste/").status_code == 404
    assert client.get("/en/spazi/non-esiste/").status_code == 404


def test_a_space_is_found_in_one_query_with_its_municipio_and_an_unpublished_one_is_404(
    client, django_assert_max_num_queries
):
    """The index routes to its spaces itself: one query for the space's page, its Municipio
    and NIL, where Wagtail's own routing reads the page, then its row, then each relation."""
    space = make_space("WeMi Giambellino", municipio=6, slug="giambellino")
    index = space.get_parent().specific
    with django_assert_max_num_queries(1):
        found = index.route(None, ["giambellino"]).page
        assert (found.pk, found.municipio.number) == (space.pk, 6)
    assert client.get("/spazi/giambellino/").status_code == 200
    assert client.get("/spazi/giambellino/altro/").status_code == 404
    space.unpublish()
    assert client.get("/spazi/giambellino/").status_code == 404


def test_a_space_page_in_english(client, clock):
    make_space(
        "WeMi Capuana",
        municipio=8,
        slug="capuana",
        address="Via Capuana 3",
        phone="02 1234 5678",
        email="capuana@wemi.example",
        host_venue="Spazio Agorà",
        slots=[(0, time(9), time(13)), (0, time(14), time(18))],
        closures=[(date(2026, 12, 7), date(2026, 12, 8), "Sant'Ambrogio")],
    )
    with translation.override("en"):
        response = client.get("/en/spazi/capuana/")
    assert response.status_code == 200
    document = soup(response)
    assert document.html["lang"] == "en"
    header = text(document.select_one(".wemi-space-header"))
    assert "Open now · until 13:00" in header
    assert "At Spazio Agorà" in header
    assert document.select_one("a[href='tel:0212345678']") is not None
    assert document.select_one("a[href='mailto:capuana@wemi.example']") is not None
    rows = {
        text(row.select_one("th")): text(row.select_one("td"))
        for row in document.select(".wemi-hours-table tr")
    }
    assert rows["Monday (today)"] == "09:00–13:00 14:00–18:00"
    assert rows["Sunday"] == "Closed"
    closures = text(document.select_one(".wemi-closures"))
    assert "Sant'Ambrogio" in closures
    assert document.select_one(".wemi-closures [lang=it]") is not None
    breadcrumb = [a["href"] for a in document.select("nav.breadcrumb-container a")]
    assert breadcrumb == ["/en/", "/en/spazi/"]


def test_a_closure_today_is_shown_with_its_reason(client, clock):
    make_space(
        "WeMi Capuana",
        slug="capuana",
        closures=[(date(2026, 11, 23), date(2026, 11, 24), "Lavori di manutenzione")],
    )
    with translation.override("en"):
        document = soup(client.get("/en/spazi/capuana/"))
    status = document.select_one(".wemi-space-header .wemi-status")
    assert "wemi-status-closure" in status["class"]
    assert "Closed today" in text(status)
    assert "Lavori di manutenzione" in text(status)
    assert "opens on Wednesday at 09:00" in text(status)


def test_a_space_without_hours_says_they_are_not_published(client, clock):
    make_space("WeMi Senza Orari", slug="senza-orari", slots=[])
    with translation.override("en"):
        document = soup(client.get("/en/spazi/senza-orari/"))
    assert "Opening hours not published" in text(document.select_one(".wemi-space-header"))
    assert document.select_one(".wemi-hours-table") is None


def test_the_opening_hours_include_works_on_its_own(rf, clock):
    space = make_space("WeMi Capuana", slug="capuana", slots=[(0, time(9), time(13))])
    with translation.override("en"):
        html = render_to_string(
            "spaces_pages/includes/opening_hours.html", {"space": space}, request=rf.get("/")
        )
    assert "Open now" in html
    assert 'href="/en/spazi/capuana/"' in html  # on another page, it names and links the space
    assert "spaces_pages/css/spaces.css" in html  # that page has not loaded the styles


def test_a_content_page_can_show_a_space_s_hours(client, clock):
    if "opening_hours" not in BodyBlock().child_blocks:
        pytest.skip("the shared opening-hours block is not in BodyBlock yet")
    space = make_space("WeMi Capuana", slug="capuana", slots=[(0, time(9), time(13))])
    page = StandardPage(title="Orari", slug="orari", body=[("opening_hours", space)])
    i18n.in_default_language(HomePage.objects.all()).get().add_child(instance=page)
    create_aliases_for_new_page(page)
    with translation.override("en"):
        document = soup(client.get("/en/orari/"))
    hours = document.select_one("main .wemi-hours")
    assert "Open now · until 13:00" in text(hours)
    assert hours.select_one("a")["href"] == "/en/spazi/capuana/"


def test_the_space_page_loads_its_styles_once(client):
    space = make_space("WeMi Capuana", slug="capuana")
    html = client.get(space.url).content.decode()
    assert html.count("spaces_pages/css/spaces.css") == 1


def test_the_space_page_reads_its_data_in_a_fixed_number_of_queries(
    client, clock, django_assert_max_num_queries
):
    space = make_space("WeMi Capuana", slug="capuana", nil=Nil.objects.get(name="Quarto Oggiaro"))
    client.get(space.url)
    # The layout's, the space's own, its translations (for the language switch) and one per
    # module section (events, proposals, labs, services, volunteering).
    with django_assert_max_num_queries(26):
        assert client.get(space.url).status_code == 200


# --- Home ------------------------------------------------------------------------------------


def test_the_home_intro_has_an_english_version_with_an_italian_fallback(client):
    # Until someone translates it, the English home mirrors the Italian one, marked Italian.
    fallback = soup(client.get("/en/")).select_one(".wemi-hero-intro")
    assert fallback["lang"] == "it"
    assert "WeMi è la rete" in text(fallback)

    translate_page(i18n.in_default_language(HomePage.objects.all()).get(), HOME)

    english = soup(client.get("/en/")).select_one(".wemi-hero-intro")
    assert not english.has_attr("lang")
    assert "network of welfare services" in text(english)
    italian = soup(client.get("/")).select_one(".wemi-hero-intro")
    assert "WeMi è la rete" in text(italian) and not italian.has_attr("lang")


def test_the_home_leads_to_the_index_even_without_spaces(client):
    document = soup(client.get("/"))
    assert document.select_one(".wemi-hero-actions a[href='/spazi/']") is not None
    assert document.select_one(".wemi-municipi") is None  # no space yet: no empty section
