"""Live updates against a real Redis that goes away and comes back: a need added while it is
down is saved (its push is lost, the service does not raise); the wall's websocket closes
with the "paused" code; once Redis is back on the same port, channels_redis reconnects and a
new socket receives the next need live.

The test starts its own redis-server on a free port (never the shared one), so it runs
wherever /usr/bin/redis-server exists, and is skipped elsewhere."""

from __future__ import annotations

import time

import pytest
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.test import Client

from labs import needs
from labs.models import Need
from tests.labs.helpers import member, need_category, open_lab
from wemi_community.asgi import application
from wemi_community.core import live

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

db = database_sync_to_async
TIMEOUT = 5
ORIGIN = (b"origin", b"http://127.0.0.1:8000")


@pytest.fixture
def own_redis(own_redis, settings):
    """The site's channel layer on a redis-server of the test's own."""
    redis = own_redis
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [redis.url], "prefix": "wemi-fault-test"},
        }
    }
    settings.LIVE_SEND_TIMEOUT = 1
    channel_layers.backends.clear()
    live.layer_answered()
    yield redis
    channel_layers.backends.clear()
    live.layer_answered()


def _world():
    lab, _coordinator, _facilitator = open_lab()
    anna, bruno = member(lab, "Anna"), member(lab, "Bruno")
    client = Client()
    client.force_login(bruno.user)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    return lab, anna, need_category(), cookie


async def _wall(lab, cookie: bytes) -> tuple[WebsocketCommunicator, bool]:
    communicator = WebsocketCommunicator(
        application, f"/ws/laboratori/{lab.pk}/", headers=[ORIGIN, (b"cookie", cookie)]
    )
    connected, _code = await communicator.connect(timeout=TIMEOUT)
    return communicator, connected


async def _post(anna, category, text):
    return await db(needs.need_post)(
        actor=anna.user, participant=anna, category=category, text=text
    )


@pytest.mark.asyncio
async def test_a_wall_survives_redis_going_away_and_reconnects_when_it_is_back(own_redis):
    lab, anna, category, cookie = await db(_world)()

    # Up: live as ever.
    wall, connected = await _wall(lab, cookie)
    assert connected
    first = await _post(anna, category, "Pedibus al mattino")
    assert (await wall.receive_json_from(timeout=TIMEOUT))["id"] == first.pk
    await wall.disconnect()

    # Down: the need is saved all the same; the push fails quietly.
    own_redis.stop()
    started = time.monotonic()
    second = await _post(anna, category, "Qualcuno per i compiti")
    assert time.monotonic() - started < 5  # bounded by LIVE_SEND_TIMEOUT, not hanging
    assert await db(Need.objects.filter(pk=second.pk).exists)()
    assert live.layer_is_down()

    # A socket now is accepted and closed as paused, for the page to poll.
    paused, connected = await _wall(lab, cookie)
    assert connected
    assert await paused.receive_output(timeout=TIMEOUT) == {
        "type": "websocket.close",
        "code": live.PAUSED,
    }
    await paused.disconnect()

    # Back on the same port: the same layer, its pool holding connections to the Redis that
    # went away, reconnects; the first socket is live again, not paused once more.
    own_redis.start()
    back, connected = await _wall(lab, cookie)
    assert connected
    assert await back.receive_nothing(timeout=1)  # not closed as paused
    third = await _post(anna, category, "Un passaggio in farmacia")
    event = await back.receive_json_from(timeout=TIMEOUT)
    assert event["type"] == "need" and event["id"] == third.pk
    assert event["text"] == "Un passaggio in farmacia"
    assert not live.layer_is_down()
    await back.disconnect()
