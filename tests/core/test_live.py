"""Live pushes survive a channel layer that fails: the write that queued them stands, and the
outage is logged once, not once per push; consumers close with the "paused" code."""

import logging

import pytest
from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, channel_layers
from channels.testing import WebsocketCommunicator
from django.db import transaction

from tests import failing_layer as layers
from tests.factories import UserFactory
from tests.spaces.helpers import make_space
from wemi_community.core import live
from wemi_community.notifications.models import Notification
from wemi_community.notifications.services import notify

# The fixture, for this module's tests (an assignment: see tests/browser/asgi_server.py).
failing_layer = layers.failing_layer


@pytest.mark.django_db
def test_a_failing_push_leaves_the_write_and_is_logged_once(
    failing_layer, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.WARNING, logger="wemi_community.core.live")
    anna = UserFactory(display_name="Anna")
    bruno = UserFactory(display_name="Bruno")
    space = make_space("Spazio Lambrate")
    for _ in range(3):
        # The real service: it saves the notification and pushes it live after the commit.
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            notify([anna.pk], "comment.reply", target=space, actor=bruno)
    assert Notification.objects.filter(recipient=anna).count() == 3
    assert layers.FailingLayer.sends == 3 * live.LAYER_TRIES  # each push was tried...
    paused = [r for r in caplog.records if "Live updates paused" in r.getMessage()]
    assert len(paused) == 1  # ...and the outage said once
    assert "ConnectionError" in paused[0].getMessage()
    assert live.layer_is_down()


def test_a_push_that_works_again_ends_the_outage_once(settings, caplog):
    caplog.set_level(logging.WARNING, logger="wemi_community.core.live")
    channel_layers.backends.clear()
    live.layer_failed(ConnectionError("down"), doing="a test")
    assert live.group_send_now("lab.1", {"type": "wall.event"}) is True
    assert live.group_send_now("lab.1", {"type": "wall.event"}) is True
    resumed = [r for r in caplog.records if "Live updates resumed" in r.getMessage()]
    assert len(resumed) == 1
    assert not live.layer_is_down()


def test_a_push_outside_a_transaction_does_not_raise_either(failing_layer):
    assert live.group_send_now("user.1", {"type": "notify.push", "payload": {}}) is False
    assert layers.FailingLayer.sends == live.LAYER_TRIES


class StaleLayer(InMemoryChannelLayer):
    """A layer whose first calls fail, as the dead pooled connections of a Redis that
    restarted do, then work."""

    failures_left = 0

    async def group_send(self, group, message):
        if StaleLayer.failures_left:
            StaleLayer.failures_left -= 1
            raise ConnectionError("Connection closed by server.")
        await super().group_send(group, message)


def test_a_push_tries_again_past_the_dead_connections_a_restart_leaves(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "tests.core.test_live.StaleLayer"}}
    channel_layers.backends.clear()
    try:
        layer = channel_layers["default"]
        channel = async_to_sync(layer.new_channel)()
        async_to_sync(layer.group_add)("lab.1", channel)
        StaleLayer.failures_left = live.LAYER_TRIES - 1
        assert live.group_send_now("lab.1", {"type": "wall.event", "n": 1}) is True
        assert async_to_sync(layer.receive)(channel) == {"type": "wall.event", "n": 1}
        StaleLayer.failures_left = live.LAYER_TRIES  # more than that is an outage
        assert live.group_send_now("lab.1", {"type": "wall.event", "n": 2}) is False
    finally:
        channel_layers.backends.clear()
        live.layer_answered()


class Joiner(live.LiveJsonConsumer):
    async def connect(self):
        if not await self.join("lab.1"):
            return
        await self.send_json({"type": "hello"})


async def test_a_consumer_whose_layer_fails_closes_with_the_paused_code(failing_layer):
    communicator = WebsocketCommunicator(Joiner.as_asgi(), "/ws/test/")
    connected, _ = await communicator.connect()
    assert connected  # accepted first, so the browser reads the code
    assert await communicator.receive_output(timeout=2) == {
        "type": "websocket.close",
        "code": live.PAUSED,
    }
    await communicator.disconnect()


async def test_a_consumer_whose_layer_works_is_live():
    channel_layers.backends.clear()
    communicator = WebsocketCommunicator(Joiner.as_asgi(), "/ws/test/")
    connected, _ = await communicator.connect()
    assert connected
    assert await communicator.receive_json_from(timeout=2) == {"type": "hello"}
    await communicator.disconnect()
