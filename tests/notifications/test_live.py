"""Live notifications over /ws/me/: notify() and the mark-read services push to the person's
own stream once their transaction commits. Runs over the configured channel layer (Redis under
`make test-services`)."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy
from wagtail.models import Locale, Page, Site

from spaces_pages.models import HomePage, SpaceIndexPage, SpacePage
from tests import failing_layer as layers
from tests.factories import UserFactory
from wemi_community.asgi import application
from wemi_community.catalogue.models import Municipio
from wemi_community.core.live import PAUSED
from wemi_community.notifications import kinds, services
from wemi_community.notifications.models import Notification

# Transactional: pushes leave after a real commit. database_sync_to_async closes its
# connection after each call, so no session is left open on PostgreSQL. No serialized
# rollback: after a flush by an earlier transactional test without it, reloading the saved
# content types fails; _space_page rebuilds instead the little of the page tree it needs.
pytestmark = pytest.mark.django_db(transaction=True)

db = database_sync_to_async
TIMEOUT = 5

# The fixture, for this module's tests (an assignment: see tests/browser/asgi_server.py).
failing_layer = layers.failing_layer


def _person(name: str, **fields):
    # No e-mail: these tests are about the live stream, not the e-mail channel.
    return UserFactory(display_name=name, notification_preference="never", **fields)


def _space_page() -> SpacePage:
    """A live space's page. A transactional test finds the whole database (page tree,
    reference data) when it runs first, an empty one after another's flush."""
    # A flush that skips post_migrate (after a serialized-rollback test) leaves no content
    # types, while the process's cache still knows the old ones.
    ContentType.objects.clear_cache()
    Locale.objects.get_or_create(language_code="it")
    municipio, _ = Municipio.objects.get_or_create(
        number=1,
        defaults={"name": "Municipio 1", "centroid_lat": "45.464", "centroid_lon": "9.190"},
    )
    index = SpaceIndexPage.objects.first()
    if index is None:
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root"))
        home = root.add_child(instance=HomePage(title="WeMi Community", slug="home"))
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
        index = home.add_child(instance=SpaceIndexPage(title="Spazi WeMi", slug="spazi"))
    space = SpacePage(
        title="Spazio Lambrate",
        slug="spazio-lambrate",
        municipio=municipio,
        address="Via Conte Rosso 1",
    )
    index.add_child(instance=space)
    return space


def _people_and_space():
    return _person("Anna"), _person("Bruno"), _space_page()


def _session_cookie(user) -> bytes:
    client = Client()  # one client per person: a second login would end the first session
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def _connect(user) -> WebsocketCommunicator:
    cookie = await db(_session_cookie)(user)
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
    assert connected is True
    return communicator


def _expected_message(kind: str, *, actor: str, target: str, language: str = "it") -> str:
    with translation.override(language):
        return kinds.render_message(kind, actor_name=actor, target_title=target)


async def test_the_recipient_receives_the_notification_and_the_actor_nothing():
    anna, bruno, space = await db(_people_and_space)()
    anna_ws = await _connect(anna)
    bruno_ws = await _connect(bruno)

    # Bruno among the recipients too: the actor is never told of their own action.
    await db(services.notify)([anna, bruno], "comment.reply", target=space, actor=bruno)

    row = await db(Notification.objects.get)(recipient=anna)
    space_url = await db(lambda: space.url)()
    payload = await anna_ws.receive_json_from(timeout=TIMEOUT)
    assert payload == {
        "type": "notification",
        "unread": 1,
        "message": _expected_message("comment.reply", actor="Bruno", target="Spazio Lambrate"),
        "url": row.url,
        "id": row.pk,
    }
    assert row.url == space_url and row.url  # the space's own page
    assert await bruno_ws.receive_nothing(timeout=0.3) is True
    assert await db(Notification.objects.filter(recipient=bruno).exists)() is False

    # A second one: the count it carries is the person's unread total.
    await db(services.notify)([anna], "comment.new", target=space, actor=bruno)
    second = await anna_ws.receive_json_from(timeout=TIMEOUT)
    assert second["type"] == "notification"
    assert second["unread"] == 2
    assert second["id"] != row.pk
    assert await bruno_ws.receive_nothing(timeout=0.3) is True
    await anna_ws.disconnect()
    await bruno_ws.disconnect()


async def test_marking_read_pushes_the_new_count():
    anna, bruno, space = await db(_people_and_space)()

    def three_notifications():
        kinds_sent = ("comment.reply", "comment.new", "comment.mention")
        return [services.notify([anna], k, target=space, actor=bruno)[0] for k in kinds_sent]

    first, _second, _third = await db(three_notifications)()
    anna_ws = await _connect(anna)  # connected after: only the reads' pushes arrive

    await db(services.notification_mark_read)(user=anna, notification_id=first.pk)
    assert await anna_ws.receive_json_from(timeout=TIMEOUT) == {"type": "unread", "unread": 2}

    # Reading it again changes nothing and pushes nothing.
    await db(services.notification_mark_read)(user=anna, notification_id=first.pk)
    assert await anna_ws.receive_nothing(timeout=0.3) is True

    assert await db(services.notifications_mark_all_read)(user=anna) == 2
    assert await anna_ws.receive_json_from(timeout=TIMEOUT) == {"type": "unread", "unread": 0}

    # Nothing left to read: no push.
    assert await db(services.notifications_mark_all_read)(user=anna) == 0
    assert await anna_ws.receive_nothing(timeout=0.3) is True
    await anna_ws.disconnect()


async def test_marking_read_is_pushed_to_the_reader_only():
    anna, bruno, space = await db(_people_and_space)()
    carla = await db(_person)("Carla")
    await db(services.notify)([anna, carla], "comment.new", target=space, actor=bruno)
    anna_ws = await _connect(anna)
    carla_ws = await _connect(carla)

    await db(services.notifications_mark_all_read)(user=anna)
    assert await anna_ws.receive_json_from(timeout=TIMEOUT) == {"type": "unread", "unread": 0}
    assert await carla_ws.receive_nothing(timeout=0.3) is True
    await anna_ws.disconnect()
    await carla_ws.disconnect()


async def test_nothing_is_pushed_when_the_transaction_rolls_back():
    anna, bruno, space = await db(_people_and_space)()
    anna_ws = await _connect(anna)

    def notify_then_fail():
        try:
            with transaction.atomic():
                services.notify([anna], "comment.reply", target=space, actor=bruno)
                raise RuntimeError("the calling service failed after notify()")
        except RuntimeError:
            pass

    await db(notify_then_fail)()
    assert await anna_ws.receive_nothing(timeout=0.3) is True
    assert await db(Notification.objects.filter(recipient=anna).exists)() is False
    await anna_ws.disconnect()


async def test_the_message_is_in_each_recipients_language(monkeypatch):
    # A kind whose sentence is already in the Italian catalogue, so the two languages differ.
    monkeypatch.setitem(
        kinds._kinds,
        "test.profile",
        kinds.Kind("test.profile", label="Test", message=gettext_lazy("Your profile")),
    )
    anna, bruno, space = await db(_people_and_space)()
    john = await db(_person)("John", preferred_language="en")
    anna_ws = await _connect(anna)
    john_ws = await _connect(john)

    await db(services.notify)([anna, john], "test.profile", target=space, actor=bruno)
    italian = await anna_ws.receive_json_from(timeout=TIMEOUT)
    english = await john_ws.receive_json_from(timeout=TIMEOUT)
    assert english["message"] == "Your profile"
    with translation.override("it"):
        assert italian["message"] == gettext("Your profile")
    assert italian["message"] != english["message"]
    await anna_ws.disconnect()
    await john_ws.disconnect()


@pytest.mark.asyncio
async def test_without_a_channel_layer_the_stream_closes_with_the_paused_code(failing_layer):
    anna, bruno, space = await db(_people_and_space)()
    stream = await _connect(anna)
    closed = await stream.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": PAUSED}
    # The notification is saved all the same; only its live push is lost.
    await db(services.notify)([anna.pk], "comment.reply", target=space, actor=bruno)
    assert await db(Notification.objects.filter(recipient=anna).count)() == 1
    await stream.disconnect()
