"""The websocket stack as a browser meets it: session auth, origin check, per-user groups.
Runs over whatever channel layer is configured (Redis under `make test-services`)."""

import os

import pytest
from channels.db import database_sync_to_async as sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.db import transaction
from django.test import Client

from tests.factories import UserFactory
from wemi_community.asgi import application
from wemi_community.notifications.live import push_to_user

# database_sync_to_async closes its thread's connection after each call, as channels does for
# consumers, so no session is left open on PostgreSQL when the test database is dropped.
pytestmark = pytest.mark.django_db(transaction=True)


def _session_cookie(user) -> bytes:
    client = Client()  # one client per person: a second login would end the first session
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


def _communicator(cookie: bytes | None = None, origin: bytes = b"http://127.0.0.1:8000"):
    headers = [(b"origin", origin), (b"host", b"127.0.0.1:8000")]
    if cookie:
        headers.append((b"cookie", cookie))
    return WebsocketCommunicator(application, "/ws/me/", headers=headers)


def test_layer_matches_the_configuration():
    expected = "RedisChannelLayer" if os.environ.get("REDIS_URL") else "InMemoryChannelLayer"
    assert type(get_channel_layer()).__name__ == expected


async def test_anonymous_visitor_is_refused():
    communicator = _communicator()
    connected, code = await communicator.connect()
    assert connected is False
    assert code == 4403


async def test_foreign_origin_is_refused():
    user = await sync_to_async(UserFactory)()
    cookie = await sync_to_async(_session_cookie)(user)
    communicator = _communicator(cookie, origin=b"https://evil.example")
    connected, _ = await communicator.connect()
    assert connected is False


async def test_signed_in_user_receives_only_their_own_pushes():
    alice, bob = await sync_to_async(UserFactory.create_batch)(2)
    alice_ws = _communicator(await sync_to_async(_session_cookie)(alice))
    bob_ws = _communicator(await sync_to_async(_session_cookie)(bob))
    assert (await alice_ws.connect())[0] is True
    assert (await bob_ws.connect())[0] is True

    def push():
        with transaction.atomic():
            push_to_user(alice.pk, {"kind": "toast", "text": "Ciao Alice"})

    await sync_to_async(push)()
    assert await alice_ws.receive_json_from(timeout=3) == {"kind": "toast", "text": "Ciao Alice"}
    assert await bob_ws.receive_nothing(timeout=0.3) is True
    await alice_ws.disconnect()
    await bob_ws.disconnect()


async def test_push_is_not_sent_when_the_transaction_rolls_back():
    user = await sync_to_async(UserFactory)()
    ws = _communicator(await sync_to_async(_session_cookie)(user))
    assert (await ws.connect())[0] is True

    def push_then_fail():
        try:
            with transaction.atomic():
                push_to_user(user.pk, {"kind": "toast"})
                raise RuntimeError("the service failed after queuing the push")
        except RuntimeError:
            pass

    await sync_to_async(push_then_fail)()
    assert await ws.receive_nothing(timeout=0.3) is True
    await ws.disconnect()
