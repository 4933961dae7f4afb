"""What the labs tell the observatory: each need posted and each "me too", recorded with the
need's category at the lab's space, where the participant's account lives (a guest counts at
the space). Called by ``needs.py`` inside its transactions; ``backfill`` for the rows already
there (``apps.LabsConfig.evidence_backfill``).

A "me too" taken back, or a need later hidden, keeps its fact: it was demand expressed."""

from __future__ import annotations

from wemi_community.evidence.kinds import FactKind
from wemi_community.evidence.services import fact_backfill, fact_record

from .models import MeToo, Need


def _need(need: Need) -> dict:
    return {
        "kind": FactKind.NEED,
        "source": f"labs.need:{need.pk}",
        "when": need.created_at,
        "person": need.author,
        "space": need.lab.space,
        "category": need.category_id,
    }


def _me_too(me_too: MeToo) -> dict:
    need = me_too.need
    return {
        "kind": FactKind.ME_TOO,
        # Once per participant and need: taken back and said again, it is the same demand.
        "source": f"labs.metoo:{need.pk}-{me_too.participant_id}",
        "when": me_too.created_at,
        "person": me_too.participant.user,
        "space": need.lab.space,
        "category": need.category_id,
    }


def need_posted(need: Need) -> None:
    fact_record(**_need(need))


def me_too_added(me_too: MeToo) -> None:
    fact_record(**_me_too(me_too))


def backfill(*, refresh: bool = False) -> int:
    written = 0
    for need in Need.objects.select_related("author", "lab__space").order_by("pk").iterator():
        written += fact_backfill(refresh=refresh, **_need(need))
    me_toos = MeToo.objects.select_related("need__lab__space", "participant__user")
    for me_too in me_toos.order_by("pk").iterator():
        written += fact_backfill(refresh=refresh, **_me_too(me_too))
    return written
