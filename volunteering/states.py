"""The states of a sign-up for a shift and the changes allowed, with who may make each: the
volunteer, staff acting for them (the space's desk), the system."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wemi_community.participation.seats import PERSON, STAFF, SYSTEM, StateTable

from .models import SignupState

S = SignupState

# (from, to): who makes the change. A new sign-up starts from None.
SIGNUP_TRANSITIONS: dict[tuple[str | None, str], tuple[str, ...]] = {
    (None, S.CONFIRMED): (PERSON, STAFF),
    (None, S.WAITLISTED): (PERSON, STAFF),
    (S.WAITLISTED, S.CONFIRMED): (SYSTEM,),  # a place freed: the first waiting moves up
    (S.CONFIRMED, S.CANCELLED): (PERSON, STAFF),
    (S.WAITLISTED, S.CANCELLED): (PERSON, STAFF),
}


def _refusal(current: str | None, target: str) -> str:
    return _("A sign-up that is “%(current)s” cannot become “%(target)s”.") % {
        "current": S(current).label if current else "—",
        "target": S(target).label,
    }


SIGNUP_STATES = StateTable(SIGNUP_TRANSITIONS, _refusal)
