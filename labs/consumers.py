"""The live wall of a lab: one channel group per lab. The consumer only checks who is asking
(the same permission function as the pages), joins the group, forwards what the services
send, and answers a client's "since" with the needs it missed, so a reconnecting page catches
up without showing a need twice (the page keeps the ids it has)."""

from __future__ import annotations

import json
import time

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from . import live, permissions, services
from .models import Lab, Need

MAX_MESSAGE_BYTES = 1024
# Per connection: at most this many messages in this many seconds; the rest are refused.
RATE_LIMIT = (10, 10.0)
CATCH_UP_LIMIT = 200


def guest_keys(session) -> dict:
    """The guest keys this browser holds, by lab id (as the pages store them)."""
    keys = session.get("lab_guest_keys") if session is not None else None
    return keys if isinstance(keys, dict) else {}


@database_sync_to_async
def _viewer(lab_id: int, user, session):
    lab = Lab.objects.select_related("space").filter(pk=lab_id).first()
    if lab is None:
        return None, None
    participant = None
    if getattr(user, "is_authenticated", False):
        participant = lab.participants.filter(user=user).first()
    if participant is None:
        participant = services.guest_participant(lab, guest_keys(session).get(str(lab_id)))
    if not permissions.can_view_lab(user, lab, participant):
        return None, None
    return lab, participant


@database_sync_to_async
def _needs_after(lab_id: int, after: int) -> list[dict]:
    rows = (
        Need.objects.filter(lab_id=lab_id, pk__gt=after, hidden_at__isnull=True)
        .select_related("category", "participant")
        .order_by("pk")[:CATCH_UP_LIMIT]
    )
    return [live.need_event(need, need.participant) for need in rows]


class LabWallConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        lab_id = self.scope["url_route"]["kwargs"]["lab_id"]
        lab, _participant = await _viewer(lab_id, self.scope.get("user"), self.scope.get("session"))
        if lab is None:
            # The same answer for "no such lab" and "not yours": nothing to learn from it.
            await self.close(code=4404)
            return
        self.lab_id = lab.pk
        self.group = live.group_name(lab.pk)
        self.sent_at: list[float] = []
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if bytes_data is not None or text_data is None or len(text_data) > MAX_MESSAGE_BYTES:
            await self.send_json({"type": "error", "error": "too_large"})
            return
        now = time.monotonic()
        limit, window = RATE_LIMIT
        self.sent_at = [moment for moment in self.sent_at if now - moment < window]
        if len(self.sent_at) >= limit:
            await self.send_json({"type": "error", "error": "too_frequent"})
            return
        self.sent_at.append(now)
        try:
            content = json.loads(text_data)
        except ValueError:
            content = None
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        after = content.get("after") if isinstance(content, dict) else None
        if not isinstance(content, dict) or content.get("type") != "since":
            await self.send_json({"type": "error", "error": "malformed"})
            return
        if isinstance(after, bool) or not isinstance(after, int) or after < 0:
            await self.send_json({"type": "error", "error": "malformed"})
            return
        for event in await _needs_after(self.lab_id, after):
            await self.send_json(event)
        await self.send_json({"type": "caught_up"})

    async def wall_event(self, message):
        await self.send_json(message["event"])
