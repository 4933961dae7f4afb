"""The live wall over a real websocket (the configured channel layer: in-memory in `make test`,
Redis in `make test-services`): who may subscribe, live needs and counts, catch-up after a
reconnection, and refused messages."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from labs import needs as lab_needs
from labs import services
from tests import failing_layer as layers
from tests.factories import UserFactory
from tests.labs.helpers import member, need_category, open_lab
from wemi_community.asgi import application
from wemi_community.core.live import PAUSED

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

db = database_sync_to_async
TIMEOUT = 5
ORIGIN = (b"origin", b"http://127.0.0.1:8000")

# The fixture, for this module's tests (an assignment: see tests/browser/asgi_server.py).
failing_layer = layers.failing_layer


def _user_cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


def _guest_cookie(lab, raw_key) -> bytes:
    session = SessionStore()
    session["lab_guest_keys"] = {str(lab.pk): raw_key}
    session.create()
    return f"sessionid={session.session_key}".encode()


async def _connect(lab, cookie: bytes | None):
    headers = [ORIGIN] + ([(b"cookie", cookie)] if cookie else [])
    communicator = WebsocketCommunicator(application, f"/ws/laboratori/{lab.pk}/", headers=headers)
    connected, code = await communicator.connect(timeout=TIMEOUT)
    return communicator, connected, code


def _world():
    lab, coordinator, facilitator = open_lab()
    anna, bruno = member(lab, "Anna"), member(lab, "Bruno")
    return lab, facilitator, anna, bruno


@pytest.mark.asyncio
async def test_members_see_needs_and_counts_arrive_live():
    lab, facilitator, anna, bruno = await db(_world)()
    watcher, connected, _code = await _connect(lab, await db(_user_cookie)(bruno.user))
    projector, connected_too, _ = await _connect(lab, await db(_user_cookie)(facilitator))
    assert connected and connected_too
    need = await db(lab_needs.need_post)(
        actor=anna.user,
        participant=anna,
        category=await db(need_category)(),
        text="Pedibus per la scuola",
    )
    for communicator in (watcher, projector):
        event = await communicator.receive_json_from(timeout=TIMEOUT)
        assert event["type"] == "need" and event["id"] == need.pk
        assert event["text"] == "Pedibus per la scuola" and event["author"] == "Anna"
    await db(lab_needs.me_too_add)(actor=bruno.user, participant=bruno, need=need)
    for communicator in (watcher, projector):
        assert await communicator.receive_json_from(timeout=TIMEOUT) == {
            "type": "count",
            "id": need.pk,
            "me_too": 1,
        }
    await watcher.disconnect()
    await projector.disconnect()


@pytest.mark.asyncio
async def test_outsiders_cannot_subscribe_and_guests_with_their_key_can():
    lab, _facilitator, _anna, _bruno = await db(_world)()
    outsider = await db(UserFactory)()
    communicator, connected, code = await _connect(lab, await db(_user_cookie)(outsider))
    assert not connected and code == 4404
    communicator, connected, code = await _connect(lab, None)
    assert not connected and code == 4404
    _guest, raw_key = await db(services.join_as_guest)(token=lab.invite_token, nickname="Gigi")
    communicator, connected, _code = await _connect(lab, await db(_guest_cookie)(lab, raw_key))
    assert connected
    await communicator.disconnect()
    wrong = await db(_guest_cookie)(lab, "not-the-key")
    communicator, connected, code = await _connect(lab, wrong)
    assert not connected and code == 4404


@pytest.mark.asyncio
async def test_a_reconnecting_page_catches_up_on_what_it_missed():
    lab, _facilitator, anna, bruno = await db(_world)()
    category = await db(need_category)()
    needs = [
        await db(lab_needs.need_post)(
            actor=anna.user, participant=anna, category=category, text=f"Bisogno {n}"
        )
        for n in range(4)
    ]
    # While the page was away, a "me too" moved the count of a need it already shows.
    await db(lab_needs.me_too_add)(actor=bruno.user, participant=bruno, need=needs[0])
    communicator, connected, _ = await _connect(lab, await db(_user_cookie)(bruno.user))
    assert connected
    await communicator.send_json_to({"type": "since", "after": needs[1].pk})
    received = [await communicator.receive_json_from(timeout=TIMEOUT) for _ in range(4)]
    assert [event.get("id") for event in received[:2]] == [needs[2].pk, needs[3].pk]
    assert received[2] == {"type": "counts", "counts": {str(needs[0].pk): 1, str(needs[1].pk): 0}}
    assert received[3] == {"type": "caught_up", "phase": "listening"}
    assert await communicator.receive_nothing(timeout=0.2)
    await communicator.disconnect()


@pytest.mark.asyncio
async def test_malformed_large_and_too_frequent_messages_are_refused_and_the_wall_goes_on():
    lab, _facilitator, anna, bruno = await db(_world)()
    communicator, connected, _ = await _connect(lab, await db(_user_cookie)(bruno.user))
    assert connected
    for bad in ("not json", json.dumps({"type": "since", "after": -1}), json.dumps([1, 2])):
        await communicator.send_to(text_data=bad)
        assert await communicator.receive_json_from(timeout=TIMEOUT) == {
            "type": "error",
            "error": "malformed",
        }
    await communicator.send_to(text_data="x" * 5000)
    assert (await communicator.receive_json_from(timeout=TIMEOUT))["error"] == "too_large"
    errors = []
    for _ in range(12):
        await communicator.send_to(text_data=json.dumps({"type": "since", "after": 10**9}))
        event = await communicator.receive_json_from(timeout=TIMEOUT)
        errors.append(event.get("error"))
    assert "too_frequent" in errors
    # The wall still delivers to this connection.
    need = await db(lab_needs.need_post)(
        actor=anna.user, participant=anna, category=await db(need_category)(), text="Ancora qui"
    )
    event = await communicator.receive_json_from(timeout=TIMEOUT)
    assert event["id"] == need.pk
    await communicator.disconnect()


@pytest.mark.asyncio
async def test_the_rate_limit_counts_all_of_a_participants_connections():
    lab, _facilitator, _anna, bruno = await db(_world)()
    cookie = await db(_user_cookie)(bruno.user)
    first, connected, _ = await _connect(lab, cookie)
    second, connected_too, _ = await _connect(lab, cookie)
    assert connected and connected_too
    answers = []
    for n in range(12):
        communicator = first if n % 2 else second
        await communicator.send_to(text_data=json.dumps({"type": "since", "after": 10**9}))
        answers.append(await communicator.receive_json_from(timeout=TIMEOUT))
    # Ten answers in all: five on each connection, then the refusal on both.
    assert [answer["type"] for answer in answers[:10]] == ["caught_up"] * 10
    assert answers[10:] == [{"type": "error", "error": "too_frequent"}] * 2
    await first.disconnect()
    await second.disconnect()


@pytest.mark.asyncio
async def test_a_need_is_marked_own_for_its_author_only_guests_included():
    lab, _facilitator, anna, bruno = await db(_world)()
    guest, raw_key = await db(services.join_as_guest)(token=lab.invite_token, nickname="Gigi")
    guest_wall, _, _ = await _connect(lab, await db(_guest_cookie)(lab, raw_key))
    anna_wall, _, _ = await _connect(lab, await db(_user_cookie)(anna.user))
    bruno_wall, _, _ = await _connect(lab, await db(_user_cookie)(bruno.user))
    category = await db(need_category)()

    guests = await db(lab_needs.need_post)(
        actor=guest.user, participant=guest, category=category, text="Del cane"
    )
    assert (await guest_wall.receive_json_from(timeout=TIMEOUT))["own"] is True
    for other in (anna_wall, bruno_wall):
        event = await other.receive_json_from(timeout=TIMEOUT)
        assert event["id"] == guests.pk and "own" not in event
        # Nothing in what others receive says which participation wrote it.
        assert set(event) == {"type", "id", "text", "category", "author", "me_too"}
    annas = await db(lab_needs.need_post)(
        actor=anna.user, participant=anna, category=category, text="Pedibus", anonymous=True
    )
    assert (await anna_wall.receive_json_from(timeout=TIMEOUT))["own"] is True
    for other in (guest_wall, bruno_wall):
        assert "own" not in await other.receive_json_from(timeout=TIMEOUT)

    # Catching up after a reconnection marks the same.
    await guest_wall.send_json_to({"type": "since", "after": 0})
    caught = [await guest_wall.receive_json_from(timeout=TIMEOUT) for _ in range(3)]
    assert [(event["id"], event.get("own")) for event in caught[:2]] == [
        (guests.pk, True),
        (annas.pk, None),
    ]
    for communicator in (guest_wall, anna_wall, bruno_wall):
        await communicator.disconnect()


@pytest.mark.asyncio
async def test_without_a_channel_layer_the_wall_closes_with_the_paused_code(failing_layer):
    lab, facilitator, anna, bruno = await db(_world)()
    watcher, connected, _code = await _connect(lab, await db(_user_cookie)(bruno.user))
    assert connected  # accepted, then closed: the browser reads the code
    closed = await watcher.receive_output(timeout=TIMEOUT)
    assert closed == {"type": "websocket.close", "code": PAUSED}
    await watcher.disconnect()
