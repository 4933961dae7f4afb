"""Search engines read each space as a schema.org GovernmentOffice (a Place)."""

import json
from datetime import date, time

import pytest

from tests.cms.helpers import soup

from .helpers import make_space

pytestmark = pytest.mark.django_db


def jsonld(client, url) -> dict:
    script = soup(client.get(url)).select_one('script[type="application/ld+json"]')
    return json.loads(script.string)


def test_a_space_is_a_place_with_address_hours_and_contacts(client):
    make_space(
        "WeMi Capuana",
        slug="capuana",
        municipio=8,
        address="Via Capuana 3",
        phone="02 1234 5678",
        email="capuana@wemi.example",
        slots=[(0, time(9), time(13)), (4, time(20), time(0))],
        closures=[(date(2099, 8, 10), date(2099, 8, 21), "Chiusura estiva")],
    )
    data = jsonld(client, "/spazi/capuana/")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "GovernmentOffice"
    assert data["name"] == "WeMi Capuana"
    assert data["url"].endswith("/spazi/capuana/")
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Via Capuana 3",
        "addressLocality": "Milano",
        "addressRegion": "MI",
        "addressCountry": "IT",
    }
    assert data["telephone"] == "02 1234 5678"
    assert data["email"] == "capuana@wemi.example"
    assert data["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Monday",
            "opens": "09:00",
            "closes": "13:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Friday",
            "opens": "20:00",
            "closes": "23:59",
        },
    ]
    closure = data["specialOpeningHoursSpecification"][0]
    assert (closure["validFrom"], closure["validThrough"]) == ("2099-08-10", "2099-08-21")
    assert closure["opens"] == closure["closes"] == "00:00"
    assert "geo" not in data  # no exact point: the neighbourhood's centre would mislead


def test_an_exact_point_is_given_as_geo(client):
    make_space("WeMi Esatto", slug="esatto", latitude="45.500000", longitude="9.150000")
    assert jsonld(client, "/spazi/esatto/")["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 45.5,
        "longitude": 9.15,
    }


def test_content_cannot_break_out_of_the_script(client):
    make_space("WeMi </script><script>alert(1)</script>", slug="ostile")
    response = client.get("/spazi/ostile/")
    assert b"<script>alert(1)" not in response.content
    assert jsonld(client, "/spazi/ostile/")["name"] == "WeMi </script><script>alert(1)</script>"
