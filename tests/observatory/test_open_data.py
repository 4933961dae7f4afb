"""The open data: documented files built from the figures with small cells hidden, a ZIP, a
DCAT-AP_IT catalogue with every mandatory property, stable URLs, the nightly rebuild."""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

# DCAT only through its module: pytest looks at a test module's names, and rdflib's DCAT
# warns about every attribute it does not define.
from rdflib import Graph, URIRef, namespace

from observatory import open_data_files, open_data_tasks
from observatory.dcat import DCATAPIT, VCARD
from observatory.open_data import DATASETS
from tests.factories import UserFactory, municipio, nil_in, service
from tests.factories.spaces import SpaceFactory
from tests.queries import page_text, queries_for
from wemi_community.core import schedules
from wemi_community.core.milan import ROME
from wemi_community.evidence.kinds import FactKind
from wemi_community.evidence.services import fact_record

pytestmark = pytest.mark.django_db

DCTERMS, FOAF, RDF = namespace.DCTERMS, namespace.FOAF, namespace.RDF

JANUARY = datetime.datetime(2026, 1, 15, 10, tzinfo=ROME)
FEBRUARY = datetime.datetime(2026, 2, 10, 10, tzinfo=ROME)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://wemi.example.it"
    return tmp_path


def _people(n: int, number: int):
    return [UserFactory(municipio=municipio(number), nil=nil_in(number)) for _ in range(n)]


def _record_demand(prefix: str = "d", *, big: int = 6, small: int = 2):
    """Needs in January: two big cells (Municipi 1 and 3) and a small one (Municipio 2)."""
    for number, count in ((1, big), (2, small), (3, big + 1)):
        for n, person in enumerate(_people(count, number)):
            fact_record(
                kind=FactKind.NEED,
                source=f"labs.need:{prefix}{number}-{n}",
                person=person,
                category=service(),
                when=JANUARY,
            )


def _record_funnel(count: int = 6):
    for n in range(count):
        fact_record(
            kind=FactKind.PROPOSAL_PUBLISHED,
            source=f"proposals.proposal:{n}",
            municipio=municipio(3),
            category=service(),
            quantity=n,
            when=FEBRUARY,
        )


def _record_delivery(count: int = 6):
    for n, person in enumerate(_people(count, 4)):
        for kind, extra in (
            (FactKind.SERVICE_MEMBER, {"households": 1}),
            (FactKind.SERVICE_PAYMENT, {"family_cents": 1250, "city_cents": 500}),
        ):
            fact_record(
                kind=kind,
                source=f"shared_services.{kind}:{n}",
                person=person,
                category=service(),
                isee_band="b2",
                when=FEBRUARY,
                **extra,
            )
        fact_record(
            kind=FactKind.SERVICE_DELIVERY,
            source=f"shared_services.session:{n}",
            municipio=municipio(4),
            category=service(),
            isee_band="b2",
            quantity=Decimal("1.5"),
            when=FEBRUARY,
        )


def _csv_rows(client, slug: str) -> tuple[list[str], list[dict]]:
    response = client.get(reverse("open_data:file", args=[slug, "csv"]))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    return reader.fieldnames, list(reader)


def test_each_csv_has_its_documented_columns_and_small_cells_are_hidden(client):
    _record_demand()
    _record_funnel()
    _record_delivery()
    SpaceFactory(municipio=5)
    for slug, dataset in DATASETS.items():
        header, rows = _csv_rows(client, slug)
        assert header == dataset.column_names
        assert rows, slug

    _header, demand = _csv_rows(client, "bisogni-e-domanda")
    by_municipio = {row["municipio_numero"]: row for row in demand}
    shown, hidden, also_hidden = by_municipio["3"], by_municipio["2"], by_municipio["1"]
    assert shown["mese"] == "2026-01" and shown["oscurato"] == "0"
    assert shown["persone"] == "7" and shown["eventi"] == "7"
    assert shown["categoria_nome"] == service().name and shown["area_slug"]
    assert shown["nil_codice"] == str(nil_in(3).code)
    # The small cell keeps its place but not its figures; the next smallest of its month is
    # hidden too, or subtracting the others from a total would reveal the small one.
    assert hidden["oscurato"] == "1" and hidden["persone"] == hidden["eventi"] == ""
    assert hidden["municipio_nome"] == municipio(2).name
    assert also_hidden["oscurato"] == "1" and also_hidden["persone"] == ""

    _header, funnel = _csv_rows(client, "percorso-proposte")
    [published] = funnel
    assert published["passo"] == "proposal_published" and published["proposte"] == "6"
    assert published["giorni_medi"] == "2.5"  # (0 + 1 + … + 5) / 6

    _header, delivery = _csv_rows(client, "servizi-condivisi")
    [served] = delivery
    assert served["famiglie_servite"] == "6" and served["sessioni"] == "6"
    assert served["ore"] == "9.00" and served["fascia_isee"] == "b2"
    assert served["quote_famiglie_euro"] == "75.00" and served["copertura_comune_euro"] == "30.00"

    _header, spaces = _csv_rows(client, "spazi-wemi")
    assert any(row["municipio_numero"] == "5" for row in spaces)


def test_a_small_demand_alone_is_hidden_everywhere(client):
    _record_demand(big=0, small=3)  # three people in one Municipio, one in another
    _header, rows = _csv_rows(client, "bisogni-e-domanda")
    assert [row["oscurato"] for row in rows] == ["1", "1"]
    assert {row["persone"] for row in rows} == {""}


def test_the_csv_is_safe_and_has_the_byte_order_mark_as_every_export(client):
    response = client.get(reverse("open_data:file", args=["spazi-wemi", "csv"]))
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="spazi-wemi.csv"' in response["Content-Disposition"]
    assert response["ETag"] and response["Last-Modified"]


def test_json_parses_with_columns_and_rows(client):
    _record_demand()
    response = client.get(reverse("open_data:file", args=["bisogni-e-domanda", "json"]))
    assert response["Content-Type"] == "application/json"
    document = json.loads(b"".join(response.streaming_content))
    assert [c["nome"] for c in document["colonne"]] == DATASETS["bisogni-e-domanda"].column_names
    assert document["licenza"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    hidden = [row for row in document["righe"] if row["oscurato"]]
    assert hidden and all(row["persone"] is None for row in hidden)
    assert any(row["persone"] == 7 for row in document["righe"])


def test_the_zip_holds_every_csv_and_the_readme(client):
    response = client.get(reverse("open_data:archive"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    assert names == {f"{slug}.csv" for slug in DATASETS} | {"README.md"}
    readme = archive.read("README.md").decode()
    for dataset in DATASETS.values():
        for column in dataset.column_names:
            assert f"| {column} |" in readme
    assert "CC BY 4.0" in readme and "oscurato" in readme


def test_each_dataset_has_a_readme_in_italian_and_english(client):
    response = client.get(reverse("open_data:file", args=["servizi-condivisi", "md"]))
    text = b"".join(response.streaming_content).decode()
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    with translation.override("it"):
        assert str(DATASETS["servizi-condivisi"].title) in text
    assert "Shared services delivered" in text
    assert "| copertura_comune_euro |" in text


def test_unknown_dataset_or_format_is_404(client):
    assert client.get("/dati-aperti/non-esiste.csv").status_code == 404
    assert client.get("/dati-aperti/spazi-wemi.xlsx").status_code == 404
    assert client.get("/dati-aperti/catalogo.xml").status_code == 404


def test_a_file_unchanged_answers_not_modified(client):
    url = reverse("open_data:file", args=["spazi-wemi", "json"])
    first = client.get(url)
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


REQUIRED = {
    DCATAPIT.Catalog: [
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.publisher,
        DCTERMS.modified,
        DCTERMS.issued,
        namespace.DCAT.dataset,
    ],
    DCATAPIT.Dataset: [
        DCTERMS.identifier,
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.modified,
        DCTERMS.issued,
        namespace.DCAT.theme,
        DCTERMS.publisher,
        DCTERMS.rightsHolder,
        DCTERMS.accrualPeriodicity,
        namespace.DCAT.contactPoint,
        namespace.DCAT.keyword,
        DCTERMS.spatial,
        DCTERMS.language,
        namespace.DCAT.distribution,
    ],
    DCATAPIT.Distribution: [
        DCTERMS.format,
        namespace.DCAT.accessURL,
        namespace.DCAT.downloadURL,
        DCTERMS.license,
        DCTERMS.title,
    ],
    DCATAPIT.Agent: [DCTERMS.identifier, FOAF.name],
    DCATAPIT.LicenseDocument: [DCTERMS.type, FOAF.name],
    VCARD.Organization: [VCARD.fn, VCARD.hasEmail],
}


@pytest.mark.parametrize(
    ("syntax", "rdflib_format", "content_type"),
    [
        ("rdf", "xml", "application/rdf+xml"),
        ("ttl", "turtle", "text/turtle; charset=utf-8"),
        ("jsonld", "json-ld", "application/ld+json"),
    ],
)
def test_the_catalogue_has_every_required_property(
    client, settings, syntax, rdflib_format, content_type
):
    response = client.get(reverse("open_data:catalogue", args=[syntax]))
    assert response.status_code == 200 and response["Content-Type"] == content_type
    graph = Graph().parse(data=response.content, format=rdflib_format)
    for rdf_class, properties in REQUIRED.items():
        subjects = set(graph.subjects(RDF.type, rdf_class))
        assert subjects, rdf_class
        for subject in subjects:
            for predicate in properties:
                assert graph.value(subject, predicate) is not None, (subject, predicate)
    datasets = set(graph.subjects(RDF.type, DCATAPIT.Dataset))
    assert len(datasets) == len(DATASETS)
    assert len(set(graph.subjects(RDF.type, DCATAPIT.Distribution))) == 2 * len(DATASETS)
    identifiers = {str(graph.value(d, DCTERMS.identifier)) for d in datasets}
    assert identifiers == {f"{settings.OPEN_DATA_PUBLISHER_IPA}:{slug}" for slug in DATASETS}
    for dataset in datasets:
        languages = {title.language for title in graph.objects(dataset, DCTERMS.title)}
        assert languages == {"it", "en"}
        assert graph.value(dataset, DCTERMS.accrualPeriodicity) == URIRef(
            "http://publications.europa.eu/resource/authority/frequency/DAILY"
        )
        assert str(graph.value(dataset, namespace.DCAT.theme)).startswith(
            "http://publications.europa.eu/resource/authority/data-theme/"
        )
        publisher = graph.value(dataset, DCTERMS.rightsHolder)
        assert str(graph.value(publisher, DCTERMS.identifier)) == settings.OPEN_DATA_PUBLISHER_IPA
    formats = {str(o) for o in graph.objects(None, DCTERMS.format)}
    assert formats == {
        "http://publications.europa.eu/resource/authority/file-type/CSV",
        "http://publications.europa.eu/resource/authority/file-type/JSON",
    }
    for url in graph.objects(None, namespace.DCAT.downloadURL):
        assert str(url).startswith("https://wemi.example.it/dati-aperti/")
    licence = URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert graph.value(licence, DCTERMS.type) == URIRef(
        "http://purl.org/adms/licencetype/Attribution"
    )


def test_the_nightly_rebuild_is_idempotent(media):
    _record_demand()
    with time_machine.travel(datetime.datetime(2026, 3, 1, 4, tzinfo=ROME), tick=False):
        changed = open_data_tasks.open_data_rebuild()
    assert set(changed) == set(open_data_files.expected_names()) - {
        open_data_files.STAMP_NAME,
        open_data_files.FIRST_NAME,
    }
    dates = {path.name: path.stat().st_mtime_ns for path in media.glob("open-data/*")}
    with time_machine.travel(datetime.datetime(2026, 3, 2, 4, tzinfo=ROME), tick=False):
        assert open_data_tasks.open_data_rebuild() == []
    after = {path.name: path.stat().st_mtime_ns for path in media.glob("open-data/*")}
    assert {k: v for k, v in after.items() if k != open_data_files.STAMP_NAME} == {
        k: v for k, v in dates.items() if k != open_data_files.STAMP_NAME
    }
    assert open_data_files.last_built().date() == datetime.date(2026, 3, 2)
    # A new fact in a cell that shows changes the files that hold it, and only those.
    fact_record(
        kind=FactKind.NEED,
        source="labs.need:late",
        person=_people(1, 3)[0],
        category=service(),
        when=JANUARY,
    )
    changed = open_data_tasks.open_data_rebuild()
    assert set(changed) == {
        "bisogni-e-domanda.csv",
        "bisogni-e-domanda.json",
        open_data_files.ZIP_NAME,
    }


def test_the_rebuild_is_declared_nightly():
    [periodic] = open_data_tasks.SCHEDULES
    assert periodic.name == "observatory.open_data_rebuild"
    assert periodic.schedule_type == schedules.DAILY
    first = periodic.first_run(datetime.datetime(2026, 3, 1, 12, tzinfo=ROME))
    assert first == datetime.datetime(2026, 3, 2, 4, tzinfo=ROME)


def test_the_page_lists_every_dataset_in_both_languages(client):
    text = page_text(client, reverse("open_data:index"))
    for slug, dataset in DATASETS.items():
        assert f'href="/dati-aperti/{slug}.csv"' in text
        with translation.override("it"):
            assert str(dataset.title) in text
        for column in dataset.column_names:
            assert f"<code>{column}</code>" in text
    assert "CC BY 4.0" in text and 'href="/dati-aperti/catalogo.rdf"' in text
    english = page_text(client, "/en/dati-aperti/")
    assert "Shared services delivered" in english and "Open data" in english


def test_the_page_costs_the_same_queries_with_more_data(client, django_assert_num_queries):
    url = reverse("open_data:index")
    _record_demand("few")
    few = queries_for(client, url)
    _record_demand("many", big=30, small=12)
    _record_funnel(20)
    _record_delivery(20)
    SpaceFactory(municipio=6)
    open_data_tasks.open_data_rebuild()
    page_text(client, url)
    with django_assert_num_queries(few):
        client.get(url)
