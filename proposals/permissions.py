"""Who may do what with proposals. Views, templates, services and tests ask these functions;
nothing else decides. Offers and shared services have theirs in ``shared_services``."""

from __future__ import annotations

from spaces_pages.permissions import can_act_for, can_coordinate_space
from wemi_community.accounts.permissions import is_active_user, is_city_staff
from wemi_community.participation.permissions import can_moderate

from . import lab_drafts
from .models import Proposal
from .states import EDITABLE_STATES, GATHERING_STATES, PROPOSAL_TRANSITIONS


def _is_author(user, proposal: Proposal) -> bool:
    return is_active_user(user) and proposal.author_id == user.pk


# --- Proposals --------------------------------------------------------------------------------


def can_answer_proposal(user, proposal: Proposal) -> bool:
    """Answer, change the state, accept, choose the offer: coordinators of its space, once
    the proposal is published."""
    return (
        is_active_user(user)
        and proposal.state != Proposal.State.DRAFT
        and proposal.space_id is not None
        and can_coordinate_space(user, proposal.space)
    )


def _is_lab_draft(proposal: Proposal) -> bool:
    return proposal.state == Proposal.State.DRAFT and proposal.lab_id is not None


def can_view_proposal(user, proposal: Proposal) -> bool:
    """A draft is its author's alone, or, when a lab is co-designing it, the lab's; a hidden
    proposal shows to its author and moderators; the rest is public."""
    if _is_lab_draft(proposal):
        return lab_drafts.can_see(user, proposal.lab)
    if proposal.state == Proposal.State.DRAFT:
        return _is_author(user, proposal)
    if proposal.is_hidden:
        return _is_author(user, proposal) or (is_active_user(user) and can_moderate(user, proposal))
    return True


def can_create_proposal(user) -> bool:
    return is_active_user(user)


def can_edit_proposal(user, proposal: Proposal) -> bool:
    """The author, while drafting or gathering; a lab's draft, whoever runs the lab while it
    co-designs."""
    if _is_lab_draft(proposal):
        return lab_drafts.can_write(user, proposal.lab)
    return _is_author(user, proposal) and proposal.state in EDITABLE_STATES


def can_publish_proposal(user, proposal: Proposal) -> bool:
    """Its author publishes a draft; a lab's draft is published by whoever runs the lab, in
    the action phase."""
    if _is_lab_draft(proposal):
        return lab_drafts.can_publish(user, proposal.lab)
    # Whether it is still a draft is the state machine's answer (a clear conflict).
    return _is_author(user, proposal)


def can_delete_draft(user, proposal: Proposal) -> bool:
    if _is_lab_draft(proposal):
        return can_edit_proposal(user, proposal)
    return _is_author(user, proposal) and proposal.state == Proposal.State.DRAFT


def can_withdraw_proposal(user, proposal: Proposal) -> bool:

    return (
        _is_author(user, proposal)
        and PROPOSAL_TRANSITIONS.get((proposal.state, Proposal.State.WITHDRAWN)) == "author"
    )


def can_join_proposal(user, proposal: Proposal) -> bool:
    """Join, change the household size or leave: any resident while households gather."""
    return is_active_user(user) and proposal.state in GATHERING_STATES and not proposal.is_hidden


def can_take_part_in_proposal(user, proposal: Proposal) -> bool:
    """Comment, follow, report: anyone signed in who can see a published proposal, and the
    members of a lab discussing its draft."""
    return (
        is_active_user(user)
        and (proposal.state != Proposal.State.DRAFT or _is_lab_draft(proposal))
        and can_view_proposal(user, proposal)
    )


def can_act_for_on(actor, person, space) -> bool:
    """``actor`` writes, joins or leaves for ``person`` on a proposal of ``space``: the person
    themselves, or the desk of the space for them (a draft without a space yet is the
    person's own)."""
    if getattr(actor, "pk", None) == getattr(person, "pk", None):
        return is_active_user(actor)
    return space is not None and can_act_for(actor, person, space)


# --- Thresholds ---------------------------------------------------------------------------


def can_set_thresholds(user) -> bool:
    """The households proposals need are the City's decision."""
    return is_active_user(user) and is_city_staff(user)
