"""Live pushes over the channel layer (Redis when deployed), which may be down.

A live push is a courtesy on top of a write that has already happened: the services send
after their transaction commits, and a layer that fails (Redis unreachable, slow, full) must
never turn a saved write into an error page. ``group_send_after_commit`` swallows the
failure and logs it once per outage, not once per write, then once more when the layer
answers again.

The consumers (``LiveJsonConsumer``) join their group with ``join``: when the layer cannot be
reached they accept and at once close with ``PAUSED``, a code the pages' scripts read as
"live updates paused": they say so, poll for the same data over HTTP and keep trying to
reconnect. (A socket closed before it is accepted reaches the browser as a refused
handshake, with no code at all: hence the accept first.)"""

from __future__ import annotations

import asyncio
import logging
import threading

from asgiref.sync import async_to_sync
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

# The application close code of a websocket whose live updates are paused (the layer is
# down): the scripts poll and retry; 4403/4404 stay "not for you", which retrying cannot fix.
PAUSED = 4503
DEFAULT_TIMEOUT = 2.0
DEFAULT_POLL_SECONDS = 15
# Tries of one call to the layer (see ``_ask_layer``): enough for the dead connections a
# restarted Redis leaves in a pool of the size a process uses.
LAYER_TRIES = 4

_state_lock = threading.Lock()
_down = False


def poll_seconds() -> int:
    """How often a page whose live updates are paused fetches its data instead."""
    return int(getattr(settings, "LIVE_POLL_SECONDS", DEFAULT_POLL_SECONDS))


def _timeout() -> float:
    return float(getattr(settings, "LIVE_SEND_TIMEOUT", DEFAULT_TIMEOUT))


def layer_failed(error: BaseException, *, doing: str) -> None:
    """Notes a failure of the channel layer: logged at the first failure of an outage only."""
    global _down
    with _state_lock:
        first = not _down
        _down = True
    if first:
        logger.warning(
            "Live updates paused: the channel layer failed while %s (%s: %s). Writes go on; "
            "pages fall back to polling until it answers again.",
            doing,
            type(error).__name__,
            error,
        )


def layer_answered() -> None:
    """Notes that the channel layer worked: ends an outage, saying so once."""
    global _down
    with _state_lock:
        was_down = _down
        _down = False
    if was_down:
        logger.warning("Live updates resumed: the channel layer answers again.")


def layer_is_down() -> bool:
    return _down


async def _ask_layer(call) -> None:
    """Awaits ``call()`` (a layer's method), within LIVE_SEND_TIMEOUT in all, trying again
    right away when it fails: a Redis that restarted leaves dead connections in the layer's
    pool, and each first use of one fails once (redis-py then drops it), so without this the
    first push after an outage would be lost and the first socket told "paused" for nothing.
    A Redis that is really down refuses at once, so the tries cost little."""

    async def tries():
        for attempt in range(LAYER_TRIES):
            try:
                return await call()
            except Exception:
                if attempt == LAYER_TRIES - 1:
                    raise

    await asyncio.wait_for(tries(), timeout=_timeout())


def group_send_now(group: str, message: dict, *, alias: str | None = None) -> bool:
    """Sends to a group at once; False, never an exception, when the layer fails."""
    try:
        layer = get_channel_layer(alias) if alias else get_channel_layer()
        if layer is None:
            return False

        async_to_sync(_ask_layer)(lambda: layer.group_send(group, message))
    except Exception as error:  # noqa: BLE001 - any failure of the layer, whatever its kind
        layer_failed(error, doing=f"sending to {group}")
        return False
    layer_answered()
    return True


def group_send_after_commit(group: str, message: dict, *, alias: str | None = None) -> None:
    """Sends ``message`` to ``group`` once the current transaction commits (at once outside
    one). A failing layer is logged, never raised: the write stands."""
    transaction.on_commit(lambda: group_send_now(group, message, alias=alias))


class LiveJsonConsumer(AsyncJsonWebsocketConsumer):
    """A JSON websocket consumer that joins one group and survives its channel layer.

    ``connect`` calls ``await self.join(group)`` instead of ``group_add`` + ``accept``, and
    returns when it answers False (the socket is then closed with ``PAUSED``). When the layer
    fails later, while the socket is live, the socket is closed with ``PAUSED`` too, instead
    of the consumer dying of the layer's exception."""

    live_group: str | None = None
    _paused = False

    async def join(self, group: str) -> bool:
        """Joins ``group`` and accepts; True when live. When the layer fails, accepts and closes
        with ``PAUSED`` (the page polls and retries) and answers False."""
        try:
            await _ask_layer(lambda: self.channel_layer.group_add(group, self.channel_name))
        except Exception as error:  # noqa: BLE001 - any failure of the layer, whatever its kind
            layer_failed(error, doing=f"joining {group}")
            await self._pause(accepted=False)
            return False
        layer_answered()
        self.live_group = group
        await self.accept()
        return True

    async def disconnect(self, code):
        if self.live_group is None:
            return
        try:
            group = self.live_group
            await _ask_layer(lambda: self.channel_layer.group_discard(group, self.channel_name))
        except Exception as error:  # noqa: BLE001 - the socket is gone either way
            layer_failed(error, doing=f"leaving {self.live_group}")

    async def _pause(self, *, accepted: bool):
        if not self._paused:
            self._paused = True
            if not accepted:
                await self.accept()
            await self.close(code=PAUSED)

    # channels sets ``channel_receive`` to the layer's receive for this consumer's channel,
    # and lets its exception end the consumer: the property puts a guard in between.
    @property
    def channel_receive(self):
        return self._guarded_receive

    @channel_receive.setter
    def channel_receive(self, receive):
        self._layer_receive = receive

    async def _guarded_receive(self):
        if self._paused:
            await asyncio.Event().wait()  # nothing more from the layer; cancelled at the end
        try:
            return await self._layer_receive()
        except Exception as error:  # noqa: BLE001 - any failure of the layer, whatever its kind
            layer_failed(error, doing="receiving")
            return {"type": "live.layer_failed"}

    async def live_layer_failed(self, message):
        # Before the connection is handled, ``join`` meets the same failure and pauses.
        if self.live_group is not None:
            self.live_group = None
            await self._pause(accepted=True)
