"""Walking the SPID/CIE sign-in with the test client and the test provider."""

from __future__ import annotations

from urllib.parse import parse_qs, urljoin, urlsplit

import requests

MARIA_CF = "RSSMRA85T50F205V"
MARIA_EMAIL = "maria.rossi@esempio.example"


def to_gateway(client, start: str = "/account/spid/entra/") -> str:
    """The site's start page: the gateway's authorization URL it redirects to."""
    response = client.get(start)
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def through_gateway(url: str) -> str:
    """Follows the gateway (its sign-in of the test person, then the authorization) until it
    sends the browser back to the site; returns the callback's path and query."""
    with requests.Session() as browser:
        for _step in range(10):
            answer = browser.get(url, allow_redirects=False, timeout=10)
            assert answer.status_code == 302, answer.text[:500]
            url = urljoin(url, answer.headers["Location"])
            if url.startswith("http://testserver/"):
                parts = urlsplit(url)
                return f"{parts.path}?{parts.query}"
    raise AssertionError("The gateway never sent the browser back")


def sign_in_round_trip(client, start: str = "/account/spid/entra/"):
    """Start, gateway, callback: the callback's answer."""
    return client.get(through_gateway(to_gateway(client, start)))


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
