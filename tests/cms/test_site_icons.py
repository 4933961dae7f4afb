"""/favicon.ico answers with a real icon, and every page names its icons."""

import io

import pytest
from PIL import Image

from .helpers import soup

pytestmark = pytest.mark.django_db


def test_favicon_ico_is_an_icon_in_the_usual_sizes(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age" in response["Cache-Control"]
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32)} <= set(icon.info["sizes"])
    assert client.head("/favicon.ico").status_code == 200
    assert client.post("/favicon.ico").status_code == 405


def test_pages_link_their_icons(client):
    head = soup(client.get("/en/account/accedi/")).select_one("head")
    icons = {link["href"] for link in head.select('link[rel="icon"]')}
    assert "/favicon.ico" in icons
    assert any(href.endswith("favicon.svg") for href in icons)
    touch = head.select_one('link[rel="apple-touch-icon"]')["href"]
    assert client.get(touch).status_code == 200
