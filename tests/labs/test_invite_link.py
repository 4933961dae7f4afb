"""The invitation link and its QR code say the address the page was reached at: served as
example.org:8765, the lab's page, the projector and the poster all send people there."""

import pytest
import segno
from bs4 import BeautifulSoup
from django.test import Client, RequestFactory

from labs import qr
from tests.cms.helpers import soup
from tests.labs.helpers import open_lab
from tests.labs.pages import url

pytestmark = pytest.mark.django_db

HOST = "example.org:8765"


@pytest.fixture(autouse=True)
def _served_elsewhere(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "example.org"]
    # What e-mails would say: never what a person in the room must scan.
    settings.SITE_URL = "http://127.0.0.1:8000"


def _qr_modules(url: str) -> str:
    """The drawing of the QR code of ``url`` (its dark modules), whatever the scale."""
    svg = segno.make(url, error="m").svg_inline(omitsize=True)
    return soup_of(svg).select_one("path.qrline")["d"]


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def _facilitator_client(facilitator) -> Client:
    client = Client(HTTP_HOST=HOST)
    client.force_login(facilitator)
    return client


def test_the_link_is_built_from_the_request():
    lab, _coordinator, _facilitator = open_lab()
    request = RequestFactory().get("/", HTTP_HOST=HOST)
    expected = f"http://{HOST}/laboratori/invito/{lab.invite_token}/"
    assert qr.invite_url(request, lab) == expected


def test_behind_a_proxy_the_link_keeps_its_scheme(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    lab, _coordinator, _facilitator = open_lab()
    request = RequestFactory().get("/", HTTP_HOST="example.org", HTTP_X_FORWARDED_PROTO="https")
    assert qr.invite_url(request, lab) == (
        f"https://example.org/laboratori/invito/{lab.invite_token}/"
    )


@pytest.mark.parametrize("page", ["detail", "projector", "poster"])
def test_the_page_shows_the_link_and_the_qr_code_for_the_host_it_was_reached_at(page):
    lab, _coordinator, facilitator = open_lab()
    expected = f"http://{HOST}/laboratori/invito/{lab.invite_token}/"

    response = _facilitator_client(facilitator).get(url(page, lab))

    assert response.status_code == 200
    html = response.content.decode()
    # (The canonical URL for search engines stays on SITE_URL: it is not for this person.)
    assert "127.0.0.1:8000/laboratori/invito" not in html
    document = soup(response)
    drawn = document.select_one(".wemi-qr svg path.qrline")["d"]
    assert drawn == _qr_modules(expected)
    assert drawn != _qr_modules(f"http://127.0.0.1:8000/laboratori/invito/{lab.invite_token}/")
    if page == "detail":
        assert document.select_one("#invite-url")["value"] == expected
    elif page == "poster":
        assert expected in html
