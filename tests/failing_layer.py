"""A channel layer whose Redis is gone, for the tests of live updates that must degrade."""

import pytest
from channels.layers import InMemoryChannelLayer, channel_layers

from wemi_community.core import live


class FailingLayer(InMemoryChannelLayer):
    """Every call that would reach Redis raises, as channels_redis does when it is down."""

    sends = 0

    async def group_send(self, group, message):
        FailingLayer.sends += 1
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    async def group_add(self, group, channel):
        raise OSError("Connection refused")


@pytest.fixture
def failing_layer(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "tests.failing_layer.FailingLayer"}}
    channel_layers.backends.clear()
    FailingLayer.sends = 0
    live.layer_answered()  # no outage left over from another test
    yield FailingLayer
    channel_layers.backends.clear()
    live.layer_answered()
