"""Free seats live over the event's websocket (the configured channel layer: in-memory in
`make test`, Redis in `make test-services`)."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from events import services
from tests import failing_layer as layers
from tests.events.helpers import publish
from tests.factories import UserFactory
from wemi_community.asgi import application
from wemi_community.core.live import PAUSED

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

db = database_sync_to_async
TIMEOUT = 5
ORIGIN = (b"origin", b"http://127.0.0.1:8000")

# The fixture, for this module's tests (an assignment: see tests/browser/asgi_server.py).
failing_layer = layers.failing_layer


@pytest.mark.asyncio
async def test_anyone_sees_the_free_seats_move():
    event, _coordinator = await db(publish)(capacity=3, max_seats_per_registration=2)
    communicator = WebsocketCommunicator(application, f"/ws/eventi/{event.pk}/", headers=[ORIGIN])
    connected, _code = await communicator.connect(timeout=TIMEOUT)
    assert connected
    first = await communicator.receive_json_from(timeout=TIMEOUT)
    assert first == {"type": "seats", "free": 3, "taken": 0, "waitlist": 0, "cancelled": False}
    person = await db(UserFactory)()
    registration = await db(services.registration_create)(actor=person, event=event, seats=2)
    assert (await communicator.receive_json_from(timeout=TIMEOUT))["free"] == 1
    await db(services.registration_cancel)(actor=person, registration=registration)
    assert (await communicator.receive_json_from(timeout=TIMEOUT))["free"] == 3
    await communicator.send_to(text_data="anything")
    assert await communicator.receive_nothing(timeout=0.2)
    await communicator.disconnect()


@pytest.mark.asyncio
async def test_an_unknown_event_is_refused():
    communicator = WebsocketCommunicator(application, "/ws/eventi/999999/", headers=[ORIGIN])
    connected, code = await communicator.connect(timeout=TIMEOUT)
    assert not connected and code == 4404


@pytest.mark.asyncio
async def test_without_a_channel_layer_a_registration_stands_and_the_socket_pauses(
    failing_layer,
):
    event, _coordinator = await db(publish)(capacity=3, max_seats_per_registration=2)
    communicator = WebsocketCommunicator(application, f"/ws/eventi/{event.pk}/", headers=[ORIGIN])
    connected, _code = await communicator.connect(timeout=TIMEOUT)
    assert connected
    closed = await communicator.receive_output(timeout=TIMEOUT)
    assert closed == {"type": "websocket.close", "code": PAUSED}
    person = await db(UserFactory)()
    registration = await db(services.registration_create)(actor=person, event=event, seats=2)
    assert registration.pk and failing_layer.sends >= 1
    await communicator.disconnect()
