"""What the live wall receives. Services send after their transaction commits, to the lab's
channel group; a message carries only what every member may see (an anonymous need has no
author in it: facilitators read who wrote it from the page). The author's participation goes
beside the event, never in it: each connection's consumer marks the need as its own for the
person who wrote it (no "me too" on one's own need), and for nobody else."""

from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.utils.translation import gettext as _


def group_name(lab_id: int) -> str:
    return f"lab.{lab_id}"


def need_event(need, participant) -> dict:
    return {
        "type": "need",
        "id": need.pk,
        "text": need.text,
        "category": str(need.category),
        "author": _("Anonymous") if need.anonymous else participant.nickname,
        "me_too": need.me_too_count,
    }


def phase_event(lab) -> dict:
    return {"type": "phase", "phase": lab.phase, "label": str(lab.get_phase_display())}


def hidden_event(need) -> dict:
    return {"type": "hidden", "id": need.pk}


def count_event(need) -> dict:
    return {"type": "count", "id": need.pk, "me_too": need.me_too_count}


def for_viewer(event: dict, author_id: int | None, own_ids: frozenset[int]) -> dict:
    """The event as one viewer receives it: a need they wrote (with any of ``own_ids``, their
    participations) carries ``"own": true``."""
    if event.get("type") == "need" and author_id is not None and author_id in own_ids:
        return {**event, "own": True}
    return event


def send_after_commit(lab_id: int, event: dict, *, author_id: int | None = None) -> None:
    def send():
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(
                group_name(lab_id), {"type": "wall.event", "event": event, "author": author_id}
            )

    transaction.on_commit(send)
