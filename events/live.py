"""The free seats of an event, pushed to everyone looking at its page. Services send after
their transaction commits, to the event's channel group; the message carries only numbers."""

from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def group_name(event_id: int) -> str:
    return f"event.{event_id}"


def seats_event(event) -> dict:
    return {
        "type": "seats",
        "free": event.free_seats,
        "taken": event.seats_taken,
        "waitlist": event.waitlist_seats,
        "cancelled": event.is_cancelled,
    }


def send_seats_after_commit(event) -> None:
    payload = seats_event(event)
    event_id = event.pk

    def send():
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(
                group_name(event_id), {"type": "seats.changed", "event": payload}
            )

    transaction.on_commit(send)
