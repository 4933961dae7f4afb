"""The allowed changes of a household's place in a shared service. A change not in the table is
refused with ``StateConflict`` (HTTP 409) and a message that says why. The proposals' own
table (and the states in which offers are made) are in ``proposals/states.py``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wemi_community.participation.seats import PERSON, STAFF, SYSTEM, StateTable

from .models import Membership

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
