"""An idle live wall on Redis stays live: channels_redis waits for messages with a blocking
BZPOPMIN of ``brpop_timeout`` seconds, and the connection's read timeout must outlast it, or
an idle wait fails as a read timeout and core/live.py closes the waiting socket as "paused".
(redis-py's default read timeout equals the blocking wait: a race every few seconds, lost
often under load.)"""

from __future__ import annotations

import asyncio
import importlib.util
from pathlib import Path

import pytest
from channels_redis.core import RedisChannelLayer

SETTINGS = Path(__file__).resolve().parents[2] / "wemi_community" / "settings" / "base.py"


def _base_settings_with(monkeypatch, redis_url: str):
    """The base settings as a fresh module, read with REDIS_URL set (as when deployed)."""
    monkeypatch.setenv("REDIS_URL", redis_url)
    spec = importlib.util.spec_from_file_location("wemi_community.settings._probe", SETTINGS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_layers_read_timeout_outlasts_its_blocking_wait(monkeypatch):
    base = _base_settings_with(monkeypatch, "redis://127.0.0.1:6390/3")
    config = base.CHANNEL_LAYERS["default"]["CONFIG"]
    (host,) = config["hosts"]
    assert host["address"] == "redis://127.0.0.1:6390/3"
    assert host["socket_timeout"] >= RedisChannelLayer.brpop_timeout + 5
    layer = RedisChannelLayer(**config)
    pool = layer.create_pool(0)
    assert pool.connection_kwargs["socket_timeout"] == host["socket_timeout"]


def test_an_idle_receive_on_a_real_redis_waits_without_failing(monkeypatch, own_redis):
    config = _base_settings_with(monkeypatch, own_redis.url).CHANNEL_LAYERS["default"]["CONFIG"]
    layer = RedisChannelLayer(**config)

    async def idle_then_message():
        channel = await layer.new_channel()
        # Longer than one blocking wait: the layer must wait again, not raise.
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(layer.receive(channel), RedisChannelLayer.brpop_timeout + 1.5)
        await layer.send(channel, {"type": "wall.event", "n": 1})
        message = await asyncio.wait_for(layer.receive(channel), 5)
        await layer.flush()
        await layer.close_pools()
        return message

    assert asyncio.run(idle_then_message())["n"] == 1
