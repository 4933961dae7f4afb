"""A lab's phases, in order, and who moves it from one to the next."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wemi_community.participation.errors import StateConflict

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
