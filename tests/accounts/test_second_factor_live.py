"""Websockets see the second factor as the pages do: a session still owing its code is
anonymous to the consumers (here the person's own stream, /ws/me/, which refuses anonymous
visitors)."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from tests.factories import UserFactory
from wemi_community.accounts import mfa
from wemi_community.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)

db = database_sync_to_async


def _session_cookie(*, verified: bool) -> bytes:
    # After another transactional test's flush the cached content types may be gone (the
    # audit entry points at one): see tests/notifications/test_live.py.
    ContentType.objects.clear_cache()
    person = UserFactory(notification_preference="never")
    key = mfa.new_secret()
    device, _codes = mfa.second_factor_enable(user=person, key_hex=key, code=mfa.current_code(key))
    client = Client()
    client.force_login(person)
    if verified:
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def _connects(cookie: bytes) -> bool:
    communicator = WebsocketCommunicator(
        application,
        "/ws/me/",
        headers=[
            (b"origin", b"http://127.0.0.1:8000"),
            (b"host", b"127.0.0.1:8000"),
            (b"cookie", cookie),
        ],
    )
    connected, _ = await communicator.connect()
    await communicator.disconnect()
    return connected


async def test_a_session_owing_its_code_is_anonymous_to_the_websockets():
    assert await _connects(await db(_session_cookie)(verified=False)) is False
    assert await _connects(await db(_session_cookie)(verified=True)) is True
