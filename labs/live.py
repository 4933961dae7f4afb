"""What the live wall receives. Services send after their transaction commits, to the lab's
channel group; a message carries only what every member may see (an anonymous need has no
author in it: facilitators read who wrote it from the page). The author's participation goes
beside the event, never in it: each connection's consumer marks the need as its own for the
person who wrote it (no "me too" on one's own need), and for nobody else."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wemi_community.core.live import group_send_after_commit

from .models import Lab, Need


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
    group_send_after_commit(
        group_name(lab_id), {"type": "wall.event", "event": event, "author": author_id}
    )


CATCH_UP_LIMIT = 200


def catch_up(lab_id: int, after: int, own_ids: frozenset[int]) -> list[dict]:
    """The messages a page that has the needs up to ``after`` missed, in the order the wall
    handles them: the newer needs (the viewer's own marked so), the current "me too" counts
    of the ones it has (the newest ``CATCH_UP_LIMIT``), then "caught_up" with the phase. The
    websocket answers a "since" with them; the page polls them over HTTP while live updates
    are paused."""
    visible = Need.objects.filter(lab_id=lab_id, hidden_at__isnull=True)
    newer = visible.filter(pk__gt=after).select_related("category", "participant")
    messages = [
        for_viewer(need_event(need, need.participant), need.participant_id, own_ids)
        for need in newer.order_by("pk")[:CATCH_UP_LIMIT]
    ]
    counts = dict(
        visible.filter(pk__lte=after)
        .order_by("-pk")
        .values_list("pk", "me_too_count")[:CATCH_UP_LIMIT]
    )
    if counts:
        messages.append({"type": "counts", "counts": {str(pk): n for pk, n in counts.items()}})
    phase = Lab.objects.filter(pk=lab_id).values_list("phase", flat=True).first() or ""
    messages.append({"type": "caught_up", "phase": phase})
    return messages
