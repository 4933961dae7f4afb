"""The cache on Redis: an outage costs speed, never a page, and no stale value survives it."""

import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from wemi_community.core import cache as resilient
from wemi_community.core import ratelimits


def _cache(url):
    return resilient.ResilientRedisCache(
        url,
        {"KEY_PREFIX": "wemi-fault", "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}},
    )


@pytest.fixture
def retry_now(monkeypatch):
    """No wait between two attempts to reach Redis, so the test sees the recovery at once."""
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0.0)


def test_an_unreachable_redis_is_a_miss_logged_once(own_redis, caplog):
    backend = _cache(own_redis.url)
    backend.set("space-card", "cached")
    assert backend.get("space-card") == "cached"
    own_redis.stop()
    with caplog.at_level(logging.WARNING, logger="wemi_community.core.cache"):
        assert backend.get("space-card") is None
        assert backend.get("space-card", "default") == "default"
        backend.set("other", 1)
        assert backend.get("other") == 1
        assert backend.get_many(["other", "missing"]) == {"other": 1}
    outage = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(outage) == 1
    assert not backend.reachable


def test_keys_written_during_the_outage_are_dropped_from_redis_when_it_returns(
    own_redis, retry_now
):
    backend = _cache(own_redis.url)
    backend.set("footer:it", "old footer")
    backend.set("untouched", "kept")
    own_redis.process.send_signal(19)  # SIGSTOP: Redis keeps its data but answers nothing
    try:
        backend.delete("footer:it")  # a service invalidates the fragment during the outage
        assert backend.get("footer:it") is None
    finally:
        own_redis.process.send_signal(18)  # SIGCONT
    # Back: the value deleted during the outage is not served again from Redis.
    assert backend.get("footer:it") is None
    assert backend.get("untouched") == "kept"
    assert backend.reachable


def test_rate_limits_count_locally_while_redis_is_down(own_redis, rf, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "wemi_community.core.cache.ResilientRedisCache",
            "LOCATION": own_redis.url,
            "KEY_PREFIX": "wemi-fault",
        }
    }
    settings.WEMI_RATE_LIMITS = {"comment": "3/h"}
    own_redis.stop()
    request = rf.post("/", REMOTE_ADDR="192.0.2.10")
    request.user = AnonymousUser()
    answers = [ratelimits.count(request, "comment") for _ in range(5)]
    # Neither a crash nor a free pass: the fourth and fifth are refused, counted here.
    assert answers[:3] == [None, None, None]
    assert all(retry and retry > 0 for retry in answers[3:])
    caches["default"].close()


@pytest.mark.django_db
def test_pages_and_sign_in_work_with_redis_stopped(own_redis, client, settings):
    from tests.factories import UserFactory

    user = UserFactory(password="a-long-password-1")
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "wemi_community.core.cache.ResilientRedisCache",
                "LOCATION": own_redis.url,
                "KEY_PREFIX": "wemi-fault",
            }
        }
    ):
        assert client.get("/").status_code == 200
        own_redis.stop()
        for url in ("/", "/proposte/", "/spazi/", "/eventi/"):
            assert client.get(url).status_code == 200, url
        response = client.post(
            reverse("accounts:login"),
            {"username": user.email, "password": "a-long-password-1"},
        )
        assert response.status_code == 302
        assert client.get(reverse("accounts:profile")).status_code == 200
