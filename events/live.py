"""The free seats of an event, pushed to everyone looking at its page. Services send after
their transaction commits, to the event's channel group; the message carries only numbers."""

from __future__ import annotations

from wemi_community.core.live import group_send_after_commit


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
    group_send_after_commit(
        group_name(event.pk), {"type": "seats.changed", "event": seats_event(event)}
    )
