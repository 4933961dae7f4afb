"""Who may do what in a lab. A lab's facilitators have power over that lab only; the space's
coordinators support every lab of their space. Pages, services, websocket consumers and tests
ask these functions.

A viewer is a person (``user``, maybe anonymous) and, when they take part, their
``Participant`` row: the one of their account, or the guest one whose key their browser
holds. Functions about taking part receive the participant; functions about running the lab
receive the user."""

from __future__ import annotations

from spaces_pages.permissions import can_act_for, can_coordinate_space
from wemi_community.accounts.permissions import is_active_user

from .models import Lab, Participant
from .states import CO_DESIGNING, JOINABLE, LISTENING

Phase = Lab.Phase


def is_facilitator(user, lab: Lab) -> bool:
    """Read once per user object and lab (the services that appoint or remove forget it)."""
    if not is_active_user(user):
        return False
    cache = getattr(user, "_wemi_facilitated_labs", None)
    if cache is None:
        cache = user._wemi_facilitated_labs = {}
    if lab.pk not in cache:
        cache[lab.pk] = user.lab_facilitations.filter(lab_id=lab.pk).exists()
    return cache[lab.pk]


def is_space_coordinator(user, lab: Lab) -> bool:
    return is_active_user(user) and can_coordinate_space(user, lab.space)


def account_participant(user, lab: Lab) -> Participant | None:
    """The membership of this person's account in the lab (read once per user object)."""
    if not is_active_user(user):
        return None
    cache = getattr(user, "_wemi_lab_participants", None)
    if cache is None:
        cache = user._wemi_lab_participants = {}
    if lab.pk not in cache:
        cache[lab.pk] = Participant.objects.filter(lab=lab, user=user).first()
    return cache[lab.pk]


def can_run_lab(user, lab: Lab) -> bool:
    """Move the phases, regenerate the link, group needs into themes: its facilitators and
    the space's coordinators."""
    return is_facilitator(user, lab) or is_space_coordinator(user, lab)


def can_create_lab(user, space) -> bool:
    return is_active_user(user) and can_coordinate_space(user, space)


def can_request_lab(user) -> bool:
    return is_active_user(user)


def can_request_lab_for(actor, person, space) -> bool:
    """Ask a space for a lab: any resident, or that space's desk for them."""
    return can_request_lab(person) and can_act_for(actor, person, space)


def can_decide_request(user, lab: Lab) -> bool:
    return lab.phase == Phase.REQUESTED and is_space_coordinator(user, lab)


def can_appoint_facilitators(user, lab: Lab) -> bool:
    """The space's coordinators choose who facilitates, while the lab is working."""
    return lab.is_open and is_space_coordinator(user, lab)


def can_edit_lab(user, lab: Lab) -> bool:
    """Title, place, description, visibility and the phases' dates."""
    return lab.phase not in (Phase.DECLINED, Phase.CLOSED) and can_run_lab(user, lab)


def can_view_lab(user, lab: Lab, participant: Participant | None = None) -> bool:
    """A public lab shows to everyone; a private one to its members (people or guests), its
    facilitators and the space's coordinators. A request shows to who asked and the space."""
    if lab.phase in (Phase.REQUESTED, Phase.DECLINED):
        asked = is_active_user(user) and lab.requested_by_id == user.pk
        return asked or is_space_coordinator(user, lab)
    if lab.visibility == Lab.Visibility.PUBLIC:
        return True
    return is_member(participant, lab) or can_run_lab(user, lab)


def is_member(participant: Participant | None, lab: Lab) -> bool:
    return participant is not None and participant.lab_id == lab.pk


def can_act_as(actor, participant: Participant, lab: Lab) -> bool:
    """Act in the lab as ``participant`` (a need, a "me too", a vote, a rating): the account
    it belongs to, or the desk of the lab's space for them. A guest's participation is
    reached only with the key its browser holds, which the caller resolved."""
    if participant.user_id is None:
        return True
    if getattr(actor, "pk", None) == participant.user_id:
        return is_active_user(actor)
    return can_act_for(actor, participant.user, lab.space)


def can_join_for(actor, person, lab: Lab) -> bool:
    """Join ``person``'s account to the lab, or attach a guest's participation to it: the
    person, or the desk of the lab's space for them."""
    if getattr(actor, "pk", None) == getattr(person, "pk", None):
        return is_active_user(actor)
    return can_act_for(actor, person, lab.space)


def can_join(lab: Lab) -> bool:
    """Whether the lab takes new participants (with its current invitation link)."""
    return lab.phase in JOINABLE


def can_see_invite(user, lab: Lab) -> bool:
    """The invitation link, its QR code and the poster: who runs the lab."""
    return can_join(lab) and can_run_lab(user, lab)


def can_see_authors(user, lab: Lab) -> bool:
    """Facilitators and coordinators see who wrote an anonymous need; members do not."""
    return can_run_lab(user, lab)


def can_see_members(user, lab: Lab, participant: Participant | None = None) -> bool:
    """The list of who takes part: members, facilitators and coordinators, never the public
    (even of a public lab)."""
    return is_member(participant, lab) or can_run_lab(user, lab)


def can_post_need(participant: Participant | None, lab: Lab) -> bool:
    return is_member(participant, lab) and lab.phase in LISTENING


def can_me_too(participant: Participant | None, lab: Lab) -> bool:
    return is_member(participant, lab) and lab.phase in LISTENING


def can_organise_themes(user, lab: Lab) -> bool:
    return can_run_lab(user, lab) and lab.phase in (Phase.AGGREGATION, Phase.CO_DESIGN)


# --- Co-design and action -----------------------------------------------------------------------


def can_see_drafts(user, lab: Lab) -> bool:
    """A draft of the lab: its members with an account, its facilitators, the space's
    coordinators; for a public lab, everyone signed in or not. (Guests read drafts on the
    lab's pages, which know their participation.)"""
    if lab.phase in (Phase.REQUESTED, Phase.DECLINED):
        return False
    return can_view_lab(user, lab, account_participant(user, lab))


def can_write_drafts(user, lab: Lab) -> bool:
    """Turn a theme into a draft, edit it, open a poll on it: who runs the lab, in co-design
    and, to polish before publishing, in action."""
    return lab.phase in (Phase.CO_DESIGN, Phase.ACTION) and can_run_lab(user, lab)


def can_publish_drafts(user, lab: Lab) -> bool:
    return lab.phase == Phase.ACTION and can_run_lab(user, lab)


def can_vote(participant: Participant | None, lab: Lab) -> bool:
    return is_member(participant, lab) and lab.phase in CO_DESIGNING


# --- Evaluation and summary -----------------------------------------------------------------------


def can_evaluate(participant: Participant | None, lab: Lab) -> bool:
    return is_member(participant, lab) and lab.phase == Phase.EVALUATION


def can_see_evaluations(user, lab: Lab) -> bool:
    """The ratings' summary and comments (without names): who runs the lab."""
    return can_run_lab(user, lab)


def can_see_summary(user, lab: Lab, participant: Participant | None = None) -> bool:
    """The printable summary: anyone who may see the lab, once it has started."""
    return lab.phase not in (Phase.REQUESTED, Phase.DECLINED) and can_view_lab(
        user, lab, participant
    )


def can_export(user, lab: Lab) -> bool:
    """The CSV for the assembly's minutes and the space: who runs the lab."""
    return lab.phase not in (Phase.REQUESTED, Phase.DECLINED) and can_run_lab(user, lab)
