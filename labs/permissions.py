"""Who may do what in a lab. A lab's facilitators have power over that lab only; the space's
coordinators support every lab of their space. Pages, services, websocket consumers and tests
ask these functions."""

from __future__ import annotations

from spaces_pages.permissions import can_coordinate_space
from wemi_community.accounts.permissions import is_active_user

from .models import Lab, Participant
from .states import LISTENING


def is_facilitator(user, lab: Lab) -> bool:
    if not is_active_user(user):
        return False
    cache = getattr(user, "_wemi_facilitated_labs", None)
    if cache is None:
        cache = user._wemi_facilitated_labs = set(
            user.lab_facilitations.values_list("lab_id", flat=True)
        )
    return lab.pk in cache


def is_space_coordinator(user, lab: Lab) -> bool:
    return is_active_user(user) and can_coordinate_space(user, lab.space)


def can_run_lab(user, lab: Lab) -> bool:
    """Move the phases, regenerate the link, group needs into themes: its facilitators and
    the space's coordinators."""
    return is_facilitator(user, lab) or is_space_coordinator(user, lab)


def can_create_lab(user, space) -> bool:
    return is_active_user(user) and can_coordinate_space(user, space)


def can_request_lab(user) -> bool:
    return is_active_user(user)


def can_decide_request(user, lab: Lab) -> bool:
    return lab.phase == Lab.Phase.REQUESTED and is_space_coordinator(user, lab)


def can_view_lab(user, lab: Lab, participant: Participant | None = None) -> bool:
    """A public lab shows to everyone; a private one to its members (people or guests), its
    facilitators and the space's coordinators. A request shows to who asked and the space."""
    if lab.phase in (Lab.Phase.REQUESTED, Lab.Phase.DECLINED):
        asked = is_active_user(user) and lab.requested_by_id == user.pk
        return asked or is_space_coordinator(user, lab)
    if lab.visibility == Lab.Visibility.PUBLIC:
        return True
    return is_member(participant, lab) or can_run_lab(user, lab)


def is_member(participant: Participant | None, lab: Lab) -> bool:
    return participant is not None and participant.lab_id == lab.pk


def can_see_authors(user, lab: Lab) -> bool:
    """Facilitators and coordinators see who wrote an anonymous need; members do not."""
    return can_run_lab(user, lab)


def can_post_need(participant: Participant | None, lab: Lab) -> bool:
    return is_member(participant, lab) and lab.phase in LISTENING


def can_me_too(participant: Participant | None, lab: Lab) -> bool:
    return is_member(participant, lab) and lab.phase in LISTENING


def can_organise_themes(user, lab: Lab) -> bool:
    return can_run_lab(user, lab) and lab.phase in (Lab.Phase.AGGREGATION, Lab.Phase.CO_DESIGN)
