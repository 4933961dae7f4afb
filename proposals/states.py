"""The allowed state changes, one table per model. A change not in the table is refused with
``StateConflict`` (HTTP 409) and a message that says why."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wemi_community.core.errors import StateConflict
from wemi_community.participation.seats import PERSON, STAFF, SYSTEM, StateTable

from .models import Membership, Proposal

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

# States in which households may join, change their household size or leave.
GATHERING_STATES = frozenset({P.GATHERING, P.THRESHOLD_REACHED})
# States listed as "open" to residents.
OPEN_STATES = frozenset({P.GATHERING, P.THRESHOLD_REACHED, P.UNDER_EVALUATION})
# States in which an accredited provider may make an offer.
OFFER_STATES = frozenset({P.UNDER_EVALUATION, P.ACCEPTED})
# States the author may still edit the text in.
EDITABLE_STATES = frozenset({P.DRAFT, P.GATHERING})
FINAL_STATES = frozenset({P.ACCEPTED, P.REJECTED, P.WITHDRAWN, P.EXPIRED})


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


M = Membership.State

# (from, to) → who makes the change: the household, staff acting for it (the space's desk),
# the system. A seat asked for the first time (no invitation) starts from None.
MEMBERSHIP_TRANSITIONS: dict[tuple[str | None, str], tuple[str, ...]] = {
    (None, M.MEMBER): (PERSON, STAFF),
    (None, M.WAITLISTED): (PERSON, STAFF),
    (M.INVITED, M.MEMBER): (PERSON, STAFF),
    (M.INVITED, M.WAITLISTED): (PERSON, STAFF),
    (M.INVITED, M.DECLINED): (PERSON, STAFF),
    (M.INVITED, M.EXPIRED): (SYSTEM,),
    (M.WAITLISTED, M.MEMBER): (SYSTEM,),  # a seat freed: the head of the waitlist takes it
    (M.WAITLISTED, M.LEFT): (PERSON, STAFF),
    (M.MEMBER, M.LEFT): (PERSON, STAFF),
    # A household that left, declined or let the invitation lapse may ask for a seat again.
    (M.LEFT, M.MEMBER): (PERSON, STAFF),
    (M.LEFT, M.WAITLISTED): (PERSON, STAFF),
    (M.DECLINED, M.MEMBER): (PERSON, STAFF),
    (M.DECLINED, M.WAITLISTED): (PERSON, STAFF),
    (M.EXPIRED, M.MEMBER): (PERSON, STAFF),
    (M.EXPIRED, M.WAITLISTED): (PERSON, STAFF),
}


def _membership_refusal(current: str | None, target: str) -> str:
    return _("Your place in this service is “%(current)s”: it cannot become “%(target)s”.") % {
        "current": M(current).label if current else "—",
        "target": M(target).label,
    }


MEMBERSHIP_STATES = StateTable(MEMBERSHIP_TRANSITIONS, _membership_refusal)
