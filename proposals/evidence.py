"""What the proposals tell the observatory: each household joining (the author's too, when
publishing) and the funnel, each step once per proposal with the days it took: published,
threshold reached (days since published), taken into evaluation (since the threshold, or
since published), accepted (since the evaluation began). The shared service's start closes
the funnel (``shared_services.evidence``). The funnel's facts count at the proposal's space
and category, so its steps stay comparable in any place; a join counts where the household
lives. Called by the services inside their transactions; ``backfill`` for the rows already
there (``apps.ProposalsConfig.evidence_backfill``).

A household that leaves, a threshold lost again, a proposal withdrawn later: the facts stay,
as the demand and the steps were there."""

from __future__ import annotations

import datetime

from wemi_community.evidence.kinds import FactKind
from wemi_community.evidence.services import days_between, fact_backfill, fact_record

from .models import Answer, Proposal, Support

P = Proposal.State

# The state a step reaches → its fact, and the state whose first reaching it is timed from
# (else publication).
STEPS = {
    P.THRESHOLD_REACHED: (FactKind.PROPOSAL_THRESHOLD, None),
    P.UNDER_EVALUATION: (FactKind.PROPOSAL_EVALUATED, P.THRESHOLD_REACHED),
    P.ACCEPTED: (FactKind.PROPOSAL_ACCEPTED, P.UNDER_EVALUATION),
}


def funnel_source(proposal_id: int) -> str:
    return f"proposals.proposal:{proposal_id}"


def reached_at(proposal: Proposal, state: str) -> datetime.datetime | None:
    """When the proposal first reached ``state`` (its first answer to it)."""
    return (
        Answer.objects.filter(proposal=proposal, to_state=state)
        .order_by("created_at", "pk")
        .values_list("created_at", flat=True)
        .first()
    )


def funnel_fact(proposal: Proposal, kind: str, *, when, since) -> dict:
    return {
        "kind": kind,
        "source": funnel_source(proposal.pk),
        "when": when,
        "space": proposal.space,
        "category": proposal.category_id,
        "people": 0,
        "quantity": days_between(since, when) if since is not None else 0,
    }


def _published(proposal: Proposal) -> dict:
    return funnel_fact(
        proposal, FactKind.PROPOSAL_PUBLISHED, when=proposal.published_at, since=None
    )


def _step(proposal: Proposal, answer: Answer) -> dict | None:
    if answer.to_state not in STEPS:
        return None
    kind, after = STEPS[answer.to_state]
    since = (reached_at(proposal, after) if after else None) or proposal.published_at
    return funnel_fact(proposal, kind, when=answer.created_at, since=since)


def _support(support: Support, proposal: Proposal) -> dict:
    return {
        "kind": FactKind.PROPOSAL_JOIN,
        # Once per household and proposal: leaving and joining again is the same demand.
        "source": f"proposals.support:{proposal.pk}-{support.user_id}",
        "when": support.created_at,
        "person": support.user,
        "space": proposal.space,
        "category": proposal.category_id,
        "households": 1,
        "people": support.household_size,
    }


def published(proposal: Proposal) -> None:
    fact_record(**_published(proposal))


def joined(support: Support, proposal: Proposal) -> None:
    fact_record(**_support(support, proposal))


def state_changed(proposal: Proposal, answer: Answer) -> None:
    """A step of the funnel, the first time the proposal takes it."""
    fields = _step(proposal, answer)
    if fields is not None:
        fact_record(**fields)


def backfill(*, refresh: bool = False) -> int:
    written = 0
    proposals = Proposal.objects.filter(published_at__isnull=False).select_related("space")
    for proposal in proposals.order_by("pk").iterator():
        written += fact_backfill(refresh=refresh, **_published(proposal))
        seen = set()
        for answer in proposal.answers.filter(to_state__in=list(STEPS)).order_by("created_at"):
            if answer.to_state not in seen:
                seen.add(answer.to_state)
                written += fact_backfill(refresh=refresh, **_step(proposal, answer))
    supports = Support.objects.select_related("user", "proposal__space")
    for support in supports.order_by("pk").iterator():
        written += fact_backfill(refresh=refresh, **_support(support, support.proposal))
    return written
