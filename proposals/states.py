"""The allowed state changes, one table per model. A change not in the table is refused with
``StateConflict`` (HTTP 409) and a message that says why."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wemi_community.core.errors import StateConflict

from .models import Proposal

P = Proposal.State

# (from, to) → who makes the change: "author", "coordinator" or "system".
PROPOSAL_TRANSITIONS: dict[tuple[str, str], str] = {
    (P.DRAFT, P.GATHERING): "author",
    (P.GATHERING, P.THRESHOLD_REACHED): "system",
    (P.THRESHOLD_REACHED, P.GATHERING): "system",
    (P.GATHERING, P.EXPIRED): "system",
    (P.THRESHOLD_REACHED, P.UNDER_EVALUATION): "coordinator",
    (P.GATHERING, P.REJECTED): "coordinator",
    (P.THRESHOLD_REACHED, P.REJECTED): "coordinator",
    (P.UNDER_EVALUATION, P.ACCEPTED): "coordinator",
    (P.UNDER_EVALUATION, P.REJECTED): "coordinator",
    (P.DRAFT, P.WITHDRAWN): "author",
    (P.GATHERING, P.WITHDRAWN): "author",
    (P.THRESHOLD_REACHED, P.WITHDRAWN): "author",
    (P.UNDER_EVALUATION, P.WITHDRAWN): "author",
}

# Tuples, not sets: a set of strings comes out in another order in each process (its hash
# seed), and so would the SQL of every query filtered by it, which keys the cached counts.
# States in which households may join, change their household size or leave.
GATHERING_STATES = (P.GATHERING, P.THRESHOLD_REACHED)
# States listed as "open" to residents.
OPEN_STATES = (P.GATHERING, P.THRESHOLD_REACHED, P.UNDER_EVALUATION)
# States in which an accredited provider may make an offer.
OFFER_STATES = (P.UNDER_EVALUATION, P.ACCEPTED)
# States the author may still edit the text in.
EDITABLE_STATES = (P.DRAFT, P.GATHERING)
FINAL_STATES = (P.ACCEPTED, P.REJECTED, P.WITHDRAWN, P.EXPIRED)


def coordinator_targets(state: str) -> list[str]:
    """The states a coordinator may move a proposal in ``state`` to."""
    return [
        to
        for (frm, to), who in PROPOSAL_TRANSITIONS.items()
        if frm == state and who == "coordinator"
    ]


def check_proposal_transition(proposal: Proposal, to_state: str, *, by: str) -> None:
    allowed_by = PROPOSAL_TRANSITIONS.get((proposal.state, to_state))
    if allowed_by == by:
        return
    raise StateConflict(
        _("A proposal that is “%(current)s” cannot become “%(target)s”.")
        % {
            "current": P(proposal.state).label,
            "target": P(to_state).label,
        }
    )
