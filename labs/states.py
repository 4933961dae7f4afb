"""A lab's phases, in order, and who moves it from one to the next."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wemi_community.core.errors import StateConflict

from .models import Lab

Phase = Lab.Phase

# The working phases, in the order a facilitator moves through them.
SEQUENCE = (
    Phase.LISTENING,
    Phase.AGGREGATION,
    Phase.CO_DESIGN,
    Phase.ACTION,
    Phase.EVALUATION,
    Phase.CLOSED,
)

# (from, to) → who makes the change.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Phase.REQUESTED, Phase.LISTENING): "coordinator",
    (Phase.REQUESTED, Phase.DECLINED): "coordinator",
    **{(SEQUENCE[i], SEQUENCE[i + 1]): "facilitator" for i in range(len(SEQUENCE) - 1)},
}

# Where people may join (with the link) and post needs.
JOINABLE = frozenset(SEQUENCE[:-1])
LISTENING = frozenset({Phase.LISTENING})
# Where the lab's members vote in the polls on its drafts.
CO_DESIGNING = frozenset({Phase.CO_DESIGN})

# What happens in each phase, as the lab's page tells its members.
WHAT_HAPPENS = {
    Phase.REQUESTED: gettext_lazy(
        "A resident asked the space for this lab: its coordinators will approve or decline."
    ),
    Phase.LISTENING: gettext_lazy(
        "Everyone says what they need, in a few words, and adds “me too” to the needs of "
        "others that they share."
    ),
    Phase.AGGREGATION: gettext_lazy(
        "The facilitators group the needs into themes: the shared ones stand out."
    ),
    Phase.CO_DESIGN: gettext_lazy(
        "The main themes become draft proposals of a service: the members discuss them and "
        "answer the polls on days and times."
    ),
    Phase.ACTION: gettext_lazy(
        "The drafts are published as proposals of the space: the households that need the "
        "service join them."
    ),
    Phase.EVALUATION: gettext_lazy(
        "Participants rate the lab and say what worked and what did not."
    ),
    Phase.CLOSED: gettext_lazy("The lab is over: its summary stays available."),
    Phase.DECLINED: gettext_lazy("The space declined the request for this lab."),
}


def next_phase(phase: str) -> str | None:
    for (frm, to), who in TRANSITIONS.items():
        if frm == phase and who == "facilitator":
            return to
    return None


def check_transition(lab: Lab, to_phase: str, *, by: str) -> None:
    if TRANSITIONS.get((lab.phase, to_phase)) == by:
        return
    raise StateConflict(
        _("A lab in “%(current)s” cannot move to “%(target)s”.")
        % {"current": Phase(lab.phase).label, "target": Phase(to_phase).label}
    )
