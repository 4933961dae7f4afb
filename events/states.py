"""The states of a registration (and of a course enrolment) and the changes allowed."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wemi_community.core.errors import StateConflict

from .models import RegistrationState

R = RegistrationState

# (from, to): who makes the change. A new registration starts from None.
TRANSITIONS: dict[tuple[str | None, str], str] = {
    (None, R.CONFIRMED): "person",
    (None, R.WAITLISTED): "person",
    (R.WAITLISTED, R.CONFIRMED): "system",  # a seat freed: the first who fits moves up
    (R.CONFIRMED, R.CANCELLED): "person",  # cancelling, or declining a seat one was given
    (R.WAITLISTED, R.CANCELLED): "person",
}


def check_transition(current: str | None, target: str) -> None:
    if (current, target) in TRANSITIONS:
        return
    raise StateConflict(
        _("A registration that is “%(current)s” cannot become “%(target)s”.")
        % {"current": R(current).label if current else "—", "target": R(target).label}
    )
