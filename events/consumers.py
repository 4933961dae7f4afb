"""Free seats, live, on an event's page: events are public, so anyone may listen; the consumer
joins the event's group and forwards what the services send. It reads nothing from clients."""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from . import live
from .models import Event


@database_sync_to_async
def _seats(event_id: int) -> dict | None:
    event = Event.objects.filter(pk=event_id).first()
    return live.seats_event(event) if event is not None else None


class EventSeatsConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        event_id = self.scope["url_route"]["kwargs"]["event_id"]
        seats = await _seats(event_id)
        if seats is None:
            await self.close(code=4404)
            return
        self.group = live.group_name(event_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        # What the page may have missed between its rendering and this connection.
        await self.send_json(seats)

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        """Nothing to ask: messages from clients are ignored."""

    async def seats_changed(self, message):
        await self.send_json(message["event"])
