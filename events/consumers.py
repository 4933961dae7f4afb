"""Free seats, live, on an event's page: events are public, so anyone may listen; the consumer
joins the event's group and forwards what the services send. It reads nothing from clients."""

from __future__ import annotations

from channels.db import database_sync_to_async

from wemi_community.core.live import LiveJsonConsumer

from . import live
from .models import Event


@database_sync_to_async
def _seats(event_id: int) -> dict | None:
    event = Event.objects.filter(pk=event_id).first()
    return live.seats_event(event) if event is not None else None


class EventSeatsConsumer(LiveJsonConsumer):
    async def connect(self):
        event_id = self.scope["url_route"]["kwargs"]["event_id"]
        seats = await _seats(event_id)
        if seats is None:
            await self.close(code=4404)
            return
        if not await self.join(live.group_name(event_id)):
            return  # closed with the "paused" code: the page polls until the layer is back
        # What the page may have missed between its rendering and this connection.
        await self.send_json(seats)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        """Nothing to ask: messages from clients are ignored."""

    async def seats_changed(self, message):
        await self.send_json(message["event"])
