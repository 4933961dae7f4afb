"""What the API refuses and how: unknown parameters, values that are not valid, hostile
numbers, page sizes, methods that write. Always JSON with a message, never a 500."""

from __future__ import annotations

import pytest

from .helpers import API

pytestmark = pytest.mark.django_db

LISTS = [
    "spaces/",
    "events/",
    "courses/",
    "volunteer-opportunities/",
    "proposals/",
    "shared-services/",
]
OBSERVATORY = ["observatory/demand/", "observatory/funnel/", "observatory/services/"]
HOSTILE = "99999999999999999999"
# Each list's filters that take a number.
NUMBER_FILTERS = {
    "spaces/": ["municipio", "nil"],
    "events/": ["space", "municipio", "nil", "course"],
    "courses/": ["space", "municipio", "nil"],
    "volunteer-opportunities/": ["space", "municipio", "nil"],
    "proposals/": ["space", "municipio", "nil"],
    "shared-services/": ["space", "municipio", "nil"],
}


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["error"]
    return body


@pytest.mark.parametrize("path", [*LISTS, *OBSERVATORY, ""])
def test_unknown_parameters_are_refused_by_name(client, path):
    body = _error(client.get(API + path, {"spazzio": "1", "colour": "red"}), 400)
    unknown = body["errors"]["unknown_parameters"]
    assert any("spazzio" in text for text in unknown) and any("colour" in text for text in unknown)


@pytest.mark.parametrize("path", LISTS)
def test_an_object_takes_no_parameters(client, path):
    _error(client.get(f"{API}{path}1/", {"page": "2"}), 400)


@pytest.mark.parametrize("path", LISTS)
def test_hostile_numbers_never_break_an_endpoint(client, path):
    for name in NUMBER_FILTERS[path]:
        for value in (HOSTILE, "-1", "0", "1.5", "1e3", "abc", "²", "1\x00"):
            body = _error(client.get(API + path, {name: value}), 400)
            assert name in body["errors"], (name, value)
    for value in (HOSTILE, "0"):
        _error(client.get(f"{API}{path}{value}/"), 404)
    _error(client.get(f"{API}{path}abc/"), 404)
    _error(client.get(f"{API}{path}-1/"), 404)
    body = _error(client.get(API + path, {"page": "999"}), 404)
    assert "999" in body["error"]
    for value in ("0", "-1", "abc", "1.5", "²", HOSTILE):
        _error(client.get(API + path, {"page": value}), 400)
    for value in ("²", "0x10"):
        _error(client.get(API + path, {"page_size": value}), 400)


@pytest.mark.parametrize("path", OBSERVATORY)
def test_hostile_numbers_never_break_the_observatory(client, path):
    for name in ("municipio", "nil", "spazio"):
        for value in (HOSTILE, "-1", "abc", "²"):
            body = _error(client.get(API + path, {name: value}), 400)
            assert name in body["errors"]
    for name, value in (("dal", "99999-01"), ("al", "2026-00"), ("categoria", "x" * 500)):
        _error(client.get(API + path, {name: value}), 400)
    body = _error(client.get(API + path, {"dal": "2020-01", "al": "2026-12"}), 400)
    assert "al" in body["errors"]  # longer than OBSERVATORY_MAX_MONTHS


@pytest.mark.parametrize("path", LISTS)
def test_page_sizes_are_bounded(client, path):
    assert client.get(API + path, {"page_size": "100"}).status_code == 200
    for value in ("1000000", "101", "0", HOSTILE, "ten"):
        body = _error(client.get(API + path, {"page_size": value}), 400)
        assert "1" in body["errors"]["page_size"][0] and "100" in body["errors"]["page_size"][0]


@pytest.mark.parametrize("path", LISTS)
def test_ordering_refuses_what_it_does_not_know(client, path):
    body = _error(client.get(API + path, {"ordering": "password"}), 400)
    assert "ordering" in body["errors"]


def test_filters_refuse_values_they_cannot_read(client):
    for params in (
        {"free_seats": "maybe"},
        {"date_from": "2026-02-30"},
        {"date_to": "99999-01-01"},
        {"date_from": "1800-01-01"},
        {"category": "nonsense"},
    ):
        body = _error(client.get(API + "events/", params), 400)
        assert set(body["errors"]) == set(params)
    _error(client.get(API + "proposals/", {"state": "draft"}), 400)
    _error(client.get(API + "shared-services/", {"free_seats": "2"}), 400)


@pytest.mark.parametrize("path", [*LISTS, *OBSERVATORY, ""])
def test_the_api_is_read_only(client, path):
    for method in (client.post, client.put, client.patch, client.delete):
        body = _error(method(API + path), 405)
        assert "read-only" in body["error"] or "sola lettura" in body["error"]
    assert client.options(API + path).status_code == 200
    assert client.head(API + path).status_code == 200


def test_unknown_paths_are_json_404(client):
    body = _error(client.get(API + "members/"), 404)
    assert "/api/v1/docs/" in body["error"]


def test_errors_speak_the_language_asked(client):
    english = _error(client.get(API + "events/", {"x": "1"}, HTTP_ACCEPT_LANGUAGE="en"), 400)
    italian = _error(client.get(API + "events/", {"x": "1"}, HTTP_ACCEPT_LANGUAGE="it"), 400)
    assert english["error"] == "Some parameters are not valid: see errors."
    assert italian["error"] == "Alcuni parametri non sono validi: vedi errors."
    # A client that names no language we speak reads English, the API's own language.
    for header in ({}, {"HTTP_ACCEPT_LANGUAGE": "*"}, {"HTTP_ACCEPT_LANGUAGE": "de-DE,fr"}):
        assert _error(client.get(API + "events/", {"x": "1"}, **header), 400) == english
    first = client.get(API + "events/", HTTP_ACCEPT_LANGUAGE="de, it-IT;q=0.8")
    assert first["Content-Language"] == "it"
    assert "Accept-Language" in first["Vary"]


def test_an_unchanged_answer_is_a_304(client):
    first = client.get(API + "spaces/")
    assert first.status_code == 200 and first["ETag"]
    again = client.get(API + "spaces/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content
    assert "max-age=60" in first["Cache-Control"]
