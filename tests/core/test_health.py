import asyncio
import json

import pytest

from wemi_community import health


@pytest.mark.django_db
def test_healthz_reports_every_part_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "up"
    assert set(body["checks"]) == {"database", "channel_layer", "task_queue"}
    for part in body["checks"].values():
        assert part["status"] == "up"
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_healthz_503_when_the_database_fails(client, monkeypatch):
    def broken():
        raise ConnectionError("database unreachable")

    monkeypatch.setattr(health, "_check_database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "down"
    assert body["checks"]["database"]["status"] == "down"
    assert "database unreachable" in body["checks"]["database"]["error"]
    assert body["checks"]["channel_layer"]["status"] == "up"


class _SilentLayer:
    """A channel layer that accepts messages but never delivers them."""

    async def new_channel(self, prefix="x"):
        return prefix + "silent"

    async def send(self, channel, message):
        return None

    async def receive(self, channel):
        await asyncio.sleep(60)


@pytest.mark.django_db
def test_healthz_503_when_the_channel_layer_loses_messages(client, monkeypatch):
    monkeypatch.setattr(health, "get_channel_layer", lambda: _SilentLayer())
    monkeypatch.setattr(health, "CHECK_TIMEOUT", 0.2)
    response = client.get("/healthz")
    assert response.status_code == 503
    checks = json.loads(response.content)["checks"]
    assert checks["channel_layer"]["status"] == "down"
    assert checks["database"]["status"] == "up"


@pytest.mark.django_db
def test_healthz_503_when_the_broker_does_not_answer(client, monkeypatch):
    class DeadBroker:
        def ping(self):
            return False

    monkeypatch.setattr(health, "get_broker", lambda *a, **k: DeadBroker())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["task_queue"]["status"] == "down"
