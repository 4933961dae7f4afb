"""Each table of the observatory as a CSV file (`core.exports`: UTF-8 with the byte-order
mark a spreadsheet needs), with the reader's own protection of small counts; bad questions
answered 400; the boundaries of the map as one cached GeoJSON file."""

import csv
import io
import json

import pytest
from django.core.cache import cache

from tests.factories.roles import CityStaffFactory
from wemi_community.evidence.kinds import FactKind

from .helpers import record

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


@pytest.fixture
def needs():
    record(FactKind.NEED, persons=7, place=1)
    record(FactKind.NEED, persons=1, place=2)
    record(FactKind.NEED, persons=6, place=3)
    record(FactKind.VOLUNTEER_HOURS, persons=5, place=1, quantity="2.5")


def test_the_csv_of_a_table_opens_in_a_spreadsheet(client, needs):
    response = client.get("/osservatorio/csv/municipi.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="osservatorio-municipi-'
    )
    assert "private" in response["Cache-Control"]
    rows = read_csv(response)
    assert rows[0][:3] == ["Municipio", "Bisogni espressi nei laboratori", "“Anche io” sui bisogni"]
    assert rows[0][-1] == "Ore di volontariato"
    by_name = {row[0]: row[1:] for row in rows[1:]}
    assert len([name for name in by_name if name.startswith("Municipio ")]) == 9
    assert by_name["Municipio 1"][0] == "7"
    assert by_name["Municipio 1"][-1] == "12.5"
    # Hidden for the public: empty cells, their sum in the last row (7 people).
    assert by_name["Municipio 2"][0] == "" and by_name["Municipio 3"][0] == ""
    assert by_name["Celle nascoste insieme"][0] == "7"


def test_city_staff_download_the_full_figures(client, needs):
    client.force_login(CityStaffFactory())
    rows = read_csv(client.get("/osservatorio/csv/municipi.csv"))
    by_name = {row[0]: row[1:] for row in rows[1:]}
    assert by_name["Municipio 2"][0] == "1"
    assert "Celle nascoste insieme" not in by_name


def test_every_table_downloads_in_english_too(client, needs):
    for table in ("mesi", "municipi", "nil", "categorie", "percorso", "servizi"):
        response = client.get(f"/en/osservatorio/csv/{table}.csv")
        assert response.status_code == 200, table
        header = read_csv(response)[0]
        assert header[0] in {"Month", "Municipio", "NIL", "Category", "Step", "ISEE band"}


@pytest.mark.parametrize(
    "params",
    [
        {"dal": "2026-13"},
        {"dal": "2010-01", "al": "2026-01"},
        {"municipio": "12345678901234567890"},
        {"municipio": "1", "nil": "999999"},
    ],
)
def test_a_bad_question_downloads_nothing(client, params):
    response = client.get("/osservatorio/csv/mesi.csv", params)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "Non si può rispondere" in response.content.decode()


def test_an_unknown_table_is_not_found(client):
    assert client.get("/osservatorio/csv/persone.csv").status_code == 404


def test_the_boundaries_are_one_cached_file(client, django_assert_num_queries):
    cache.clear()
    response = client.get("/osservatorio/confini.geojson")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "max-age=86400" in response["Cache-Control"]
    data = json.loads(response.content)
    layers = [feature["properties"]["layer"] for feature in data["features"]]
    assert layers.count("municipi") == 9 and layers.count("nil") == 88
    assert all(feature["geometry"]["type"] for feature in data["features"])
    # Built once: the next request reads the cache (the session middleware asks nothing).
    with django_assert_num_queries(0):
        assert client.get("/osservatorio/confini.geojson").content == response.content
