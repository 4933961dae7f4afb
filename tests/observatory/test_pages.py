"""The observatory's page: tables that work without JavaScript, small counts hidden from the
public and shown to city staff and to a space's own coordinator, the funnel's days, the
shared services by ISEE band, the filters' errors next to their fields."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests.cms.helpers import soup, text
from tests.factories import UserFactory, municipio, nil_in
from tests.factories.roles import CityStaffFactory, CoordinatorFactory
from tests.factories.spaces import SpaceFactory
from tests.language_leaks import ENGLISH_WORDS, ITALIAN_WORDS, leaks, masks_from_database
from wemi_community.evidence.kinds import FactKind
from wemi_community.evidence.services import fact_record

from .helpers import record, record_anonymous

pytestmark = pytest.mark.django_db

URL = "/osservatorio/"


def row_of(document, table: str, label: str) -> list[str]:
    """The cells of the row named `label` in table `table` (its id is tabella-<key>)."""
    for row in document.select(f"#tabella-{table} tbody tr"):
        if text(row.th) == label:
            return [text(td) for td in row.select("td")]
    raise AssertionError(f"no row {label!r} in {table}")


def column(document, table: str, label: str) -> int:
    headers = [text(th) for th in document.select(f"#tabella-{table} thead th")][1:]
    return headers.index(label)


@pytest.fixture
def demand():
    """Municipio 1: 8 residents posted needs (published); Municipio 2: 2 did (hidden), and
    Municipio 3: 6 (enough, but the smallest other cell: hidden with it, so that the 2
    cannot be worked out)."""
    record(FactKind.NEED, persons=8, place=1)
    record(FactKind.NEED, persons=2, place=2)
    record(FactKind.NEED, persons=6, place=3)
    record(FactKind.PROPOSAL_JOIN, persons=5, place=1, people=3, households=1)


def test_the_public_page_hides_small_cells_and_says_how_many(client, demand):
    document = soup(client.get(URL))

    needs = column(document, "municipi", "Bisogni espressi nei laboratori")
    assert row_of(document, "municipi", "Municipio 1")[needs] == "8"
    assert row_of(document, "municipi", "Municipio 2")[needs].startswith("—")
    assert row_of(document, "municipi", "Municipio 3")[needs].startswith("—")
    # Hidden together they are 8 people: enough to show as one row.
    assert row_of(document, "municipi", "Celle nascoste insieme")[needs] == "8"
    joining = column(document, "municipi", "Famiglie che aderiscono alle proposte")
    assert row_of(document, "municipi", "Municipio 1")[joining] == "5"
    note = text(document.select_one("#chi-vede"))
    assert re.search(r"\b\d+ celle sono nascoste", note)
    assert "meno di 5 persone" in note


def test_city_staff_see_every_figure(client, demand):
    client.force_login(CityStaffFactory())
    document = soup(client.get(URL))

    needs = column(document, "municipi", "Bisogni espressi nei laboratori")
    assert row_of(document, "municipi", "Municipio 2")[needs] == "2"
    assert row_of(document, "municipi", "Municipio 3")[needs] == "6"
    assert not document.select(".wemi-obs-hidden")
    assert "Dati completi" in text(document.select_one("#chi-vede"))


def test_a_coordinator_sees_their_space_in_full_and_the_rest_as_the_public(client):
    mine, other = SpaceFactory(municipio=4), SpaceFactory(municipio=4)
    record(FactKind.EVENT_REGISTRATION, persons=2, place=4, space=mine)
    record(FactKind.EVENT_REGISTRATION, persons=3, place=5, space=other)
    record(FactKind.EVENT_REGISTRATION, persons=9, place=6, space=other)
    client.force_login(CoordinatorFactory(space=mine))

    own = soup(client.get(URL, {"spazio": mine.pk}))
    registrations = column(own, "municipi", "Iscrizioni agli eventi (persone)")
    assert row_of(own, "municipi", "Municipio 4")[registrations] == "2"
    assert "Dati completi" in text(own.select_one("#chi-vede"))
    assert own.select_one(f'.wemi-filter-panel a[href$="?spazio={mine.pk}"]')

    others = soup(client.get(URL, {"spazio": other.pk}))
    assert row_of(others, "municipi", "Municipio 5")[registrations].startswith("—")
    assert row_of(others, "municipi", "Municipio 6")[registrations].startswith("—")
    assert "Riservatezza" in text(others.select_one("#chi-vede"))
    everything = soup(client.get(URL))
    assert row_of(everything, "municipi", "Municipio 4")[registrations].startswith("—")
    assert "Riservatezza" in text(everything.select_one("#chi-vede"))


def test_the_funnel_shows_proposals_and_average_days_per_step(client):
    record_anonymous(FactKind.PROPOSAL_PUBLISHED, count=8)
    record_anonymous(FactKind.PROPOSAL_THRESHOLD, count=5, quantity=12)  # 60 days in all
    record_anonymous(FactKind.PROPOSAL_EVALUATED, count=2, quantity=Decimal("1.5"))
    client.force_login(CityStaffFactory())
    document = soup(client.get(URL))

    assert row_of(document, "percorso", "Pubblicate") == ["8", "0,0"]
    assert row_of(document, "percorso", "Soglia raggiunta") == ["5", "12,0"]
    assert row_of(document, "percorso", "Prese in valutazione") == ["2", "1,5"]
    assert row_of(document, "percorso", "Diventate servizio condiviso") == [
        "0",
        "· non disponibile",
    ]

    client.logout()
    public = soup(client.get(URL))
    # 2 is too few, and 5 goes with it (the smallest other step).
    assert row_of(public, "percorso", "Pubblicate") == ["8", "0,0"]
    assert row_of(public, "percorso", "Prese in valutazione")[0].startswith("—")
    assert row_of(public, "percorso", "Soglia raggiunta")[0].startswith("—")


def test_shared_services_by_isee_band(client):
    record(FactKind.SERVICE_MEMBER, persons=5, isee_band="1")
    record(FactKind.SERVICE_PAYMENT, persons=5, isee_band="1", family_cents=1000, city_cents=2550)
    record(FactKind.SERVICE_PAYMENT, persons=6, isee_band="3", family_cents=4000)
    record_anonymous(FactKind.SERVICE_DELIVERY, count=6, quantity=2)
    document = soup(client.get(URL))

    assert row_of(document, "servizi", "Fascia ISEE 1") == ["5", "0", "0", "50,00", "127,50"]
    assert row_of(document, "servizi", "Fascia ISEE 3") == ["0", "0", "0", "240,00", "0,00"]
    assert row_of(document, "servizi", "Nessuna fascia ISEE") == ["0", "6", "12", "0,00", "0,00"]


def test_every_table_is_there_without_javascript(client, demand):
    record(FactKind.SERVICE_MEMBER, persons=5, isee_band="2")
    response = client.get(URL)
    document = soup(response)

    tables = document.select("table.wemi-obs-table")
    assert [t["id"] for t in tables] == [
        "tabella-mesi",
        "tabella-municipi",
        "tabella-nil",
        "tabella-categorie",
        "tabella-percorso",
        "tabella-servizi",
    ]
    for table in tables:
        assert text(table.caption)
        assert {th["scope"] for th in table.select("thead th")} == {"col"}
        assert {th["scope"] for th in table.select("tbody th")} == {"row"}
        assert table.find_next("a", href=re.compile(r"/osservatorio/csv/"))
    # The charts and the map wait for the script; the data ride in JSON blocks, no inline code.
    assert all(figure.has_attr("hidden") for figure in document.select("figure[data-chart]"))
    assert document.select_one("#observatory-map").has_attr("hidden")
    assert document.select_one("script#observatory-charts")["type"] == "application/json"
    assert document.select_one("script#observatory-map-data")["type"] == "application/json"
    assert all(s.has_attr("src") or s.get("type") == "application/json" for s in document("script"))
    # 88 NIL, the months of the default period.
    assert len(document.select("#tabella-nil tbody tr")) >= 88
    assert len(document.select("#tabella-mesi tbody tr")) == 12


def test_the_page_names_no_person(client):
    resident = UserFactory(
        display_name="Ermenegilda Zanzottera", municipio=municipio(6), nil=nil_in(6)
    )
    record(FactKind.NEED, persons=5, place=6)
    fact_record(kind=FactKind.NEED, source="labs.need:named", person=resident)
    client.force_login(CityStaffFactory())
    html = client.get(URL).content.decode()
    assert "Zanzottera" not in html
    assert resident.email not in html


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"dal": "gennaio"}, "dal", "Scrivi il mese come AAAA-MM"),
        ({"al": "2026/03"}, "al", "Scrivi il mese come AAAA-MM"),
        ({"dal": "2016-01", "al": "2026-01"}, "al", "al massimo 36 mesi"),
        ({"dal": "2026-05", "al": "2026-01"}, "al", "finisce prima di cominciare"),
        ({"municipio": "99999999999999999999"}, "municipio", "Non c’è un Municipio"),
        ({"nil": "99999999999999999999"}, "nil", "Non c’è un quartiere"),
        ({"spazio": "99999999999999999999"}, "spazio", "Non c’è uno spazio"),
        ({"spazio": "-3"}, "spazio", "Non c’è uno spazio"),
        ({"categoria": "x" * 5000}, "categoria", "Non c’è una categoria"),
    ],
)
def test_bad_questions_are_answered_with_errors_next_to_the_fields(client, params, field, message):
    response = client.get(URL, params)

    assert response.status_code == 400
    document = soup(response)
    feedback = document.select_one(f"#id_{field}_error")
    assert feedback is not None, field
    assert message in text(feedback)
    assert document.select_one(f"#id_{field}")["aria-invalid"] == "true"
    assert not document.select("table.wemi-obs-table")


def test_a_neighbourhood_outside_the_chosen_municipio_is_refused(client):
    elsewhere = nil_in(7)
    response = client.get(URL, {"municipio": "2", "nil": str(elsewhere.code)})

    assert response.status_code == 400
    assert "non è nel Municipio scelto" in text(soup(response).select_one("#id_nil_error"))


def test_filters_narrow_the_tables(client):
    record(FactKind.NEED, persons=5, place=2)
    record(FactKind.NEED, persons=6, place=8)
    response = client.get(URL, {"municipio": "2", "nil": str(nil_in(2).code)})

    assert response.status_code == 200
    document = soup(response)
    municipi = [text(th) for th in document.select("#tabella-municipi tbody th")]
    assert municipi == ["Municipio 2"]
    nils = [text(th) for th in document.select("#tabella-nil tbody th")]
    assert nils == [nil_in(2).display_name]
    assert row_of(document, "nil", nil_in(2).display_name)[0] == "5"
    # The CSV links keep the filters.
    link = document.select_one('a[href*="/osservatorio/csv/municipi.csv"]')["href"]
    assert "municipio=2" in link


def test_the_english_page(client, demand):
    with translation.override("en"):
        url = reverse("observatory:index")
    assert url == "/en/osservatorio/"
    response = client.get(url)
    document = soup(response)

    assert document.html["lang"] == "en"
    assert text(document.h1) == "Observatory of needs"
    needs = column(document, "municipi", "Needs posted in labs")
    assert row_of(document, "municipi", "Municipio 1")[needs] == "8"
    assert "cells are hidden" in text(document.select_one("#chi-vede"))


def test_each_language_reads_in_its_own_words(client, demand):
    record(FactKind.SERVICE_MEMBER, persons=5, isee_band="2")
    record_anonymous(FactKind.PROPOSAL_PUBLISHED, count=5)
    masks = masks_from_database()
    staff = CityStaffFactory()
    for reader in (None, staff):
        if reader:
            client.force_login(reader)
        english = client.get("/en/osservatorio/").content.decode()
        assert leaks(english, ITALIAN_WORDS, masks) == []
        italian = client.get("/osservatorio/").content.decode()
        assert leaks(italian, ENGLISH_WORDS, masks) == []
    errors = client.get("/en/osservatorio/", {"dal": "gennaio", "nil": "0"}).content.decode()
    assert leaks(errors, ITALIAN_WORDS, masks) == []


def test_the_observatory_is_in_the_navigation_and_the_footer(client):
    document = soup(client.get("/"))
    nav_links = [a["href"] for a in document.select("nav.navbar a.nav-link")]
    assert "/osservatorio/" in nav_links
    assert document.select_one('footer a[href="/osservatorio/"]')
