"""The states of a registration (and of a course enrolment) and the changes allowed, with who
may make each: the person, staff acting for them (a desk operator), the system."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wemi_community.participation.seats import PERSON, STAFF, SYSTEM, StateTable

from .models import RegistrationState

R = RegistrationState

# (from, to): who makes the change. A new registration starts from None.
TRANSITIONS: dict[tuple[str | None, str], tuple[str, ...]] = {
    (None, R.CONFIRMED): (PERSON, STAFF),
    (None, R.WAITLISTED): (PERSON, STAFF),
    (R.WAITLISTED, R.CONFIRMED): (SYSTEM,),  # a seat freed: the first who fits moves up
    (R.CONFIRMED, R.CANCELLED): (PERSON, STAFF),  # cancelling, or declining a given seat
    (R.WAITLISTED, R.CANCELLED): (PERSON, STAFF),
}


def _refusal(current: str | None, target: str) -> str:
    return _("A registration that is “%(current)s” cannot become “%(target)s”.") % {
        "current": R(current).label if current else "—",
        "target": R(target).label,
    }


REGISTRATION_STATES = StateTable(TRANSITIONS, _refusal)
