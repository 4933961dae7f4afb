"""The API's limit per address is the site's one rate-limit mechanism (core/ratelimits.py,
the "api" limit): past it, a JSON 429 with Retry-After."""

import pytest

from wemi_community.core import ratelimits

from .helpers import API

pytestmark = pytest.mark.django_db


def test_past_the_limit_the_api_answers_429_with_retry_after(client, settings):
    settings.WEMI_RATE_LIMITS = {"api": "3/m"}
    for path in ("spaces/", "events/", "observatory/demand/"):
        assert client.get(API + path).status_code == 200
    response = client.get(API + "proposals/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["error"].startswith("Too many requests")
    # The documentation page counts too, and answers with the site's 429.
    assert client.get(API + "docs/").status_code == 429
    # Another address has its own count.
    assert client.get(API + "spaces/", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_the_limit_can_be_changed_by_name_in_the_settings(settings):
    settings.WEMI_RATE_LIMITS = {}
    declared = ratelimits.rate_of("api")
    settings.WEMI_RATE_LIMITS = {"api": "7/m"}
    assert ratelimits.rate_of("api") == "7/m" != declared
    with pytest.raises(KeyError):
        ratelimits.rate_of("no-such-limit")
