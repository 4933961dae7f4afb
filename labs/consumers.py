"""The live wall of a lab: one channel group per lab. The consumer only checks who is asking
(the same permission function as the pages), joins the group, forwards what the services
send, and answers a client's "since" with the needs it missed, so a reconnecting page catches
up without showing a need twice (the page keeps the ids it has). Messages from clients are
limited in size and, per participant, in frequency."""

from __future__ import annotations

import json

from channels.db import database_sync_to_async
from django.core.cache import cache

from wemi_community.core.live import LiveJsonConsumer

from . import live, permissions
from .models import Lab
from .viewer import participation

MAX_MESSAGE_BYTES = 1024
# Per participant (all their connections together): at most this many messages in this many
# seconds; the rest are refused.
RATE_LIMIT = (10, 10)


@database_sync_to_async
def _viewer(lab_id: int, user, session):
    """(lab, participant or None, the ids of the viewer's participations) when this viewer may
    see the lab's wall, else (None, None, none)."""
    lab = Lab.objects.select_related("space").filter(pk=lab_id).first()
    if lab is None:
        return None, None, frozenset()
    participant, claimable = participation(user, session, lab)
    if not permissions.can_view_lab(user, lab, participant):
        return None, None, frozenset()
    return lab, participant, frozenset(p.pk for p in (participant, claimable) if p is not None)


@database_sync_to_async
def _allowed(sender: str) -> bool:
    """A fixed window per sender, in the shared cache (Redis when scaled out)."""
    limit, window = RATE_LIMIT
    key = f"labs:wall:{sender}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the window ended between the two calls
        cache.set(key, 1, timeout=window)
        return True


@database_sync_to_async
def _catch_up(lab_id: int, after: int, own_ids: frozenset[int]) -> list[dict]:
    return live.catch_up(lab_id, after, own_ids)


class LabWallConsumer(LiveJsonConsumer):
    async def connect(self):
        lab_id = self.scope["url_route"]["kwargs"]["lab_id"]
        user = self.scope.get("user")
        lab, participant, own_ids = await _viewer(lab_id, user, self.scope.get("session"))
        if lab is None:
            # The same answer for "no such lab" and "not yours": nothing to learn from it.
            await self.close(code=4404)
            return
        self.lab_id = lab.pk
        self.own_ids = own_ids
        if participant is not None:
            self.sender = f"participant.{participant.pk}"
        elif getattr(user, "is_authenticated", False):
            self.sender = f"user.{user.pk}"
        else:
            self.sender = f"channel.{self.channel_name}"
        if not await self.join(live.group_name(lab.pk)):
            return  # closed with the "paused" code: the page polls until the layer is back

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if bytes_data is not None or text_data is None or len(text_data) > MAX_MESSAGE_BYTES:
            await self.send_json({"type": "error", "error": "too_large"})
            return
        if not await _allowed(self.sender):
            await self.send_json({"type": "error", "error": "too_frequent"})
            return
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
        for message in await _catch_up(self.lab_id, after, self.own_ids):
            await self.send_json(message)

    async def wall_event(self, message):
        await self.send_json(live.for_viewer(message["event"], message.get("author"), self.own_ids))
