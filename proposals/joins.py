"""Households joining a proposal ("Ci sto"), changing how many would use the service, and
leaving it, while it gathers. The author's household joins when publishing
(``services.proposal_publish``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wemi_community.core.audit import audit_log
from wemi_community.core.errors import StateConflict
from wemi_community.notifications.services import notify
from wemi_community.participation import follows

from . import evidence, kinds, permissions
from .models import MAX_HOUSEHOLD_SIZE, Proposal, Support
from .services import acting, locked_proposal, recount
from .states import GATHERING_STATES

P = Proposal.State


def _check_household_size(household_size) -> int:
    try:
        size = int(household_size)
    except (TypeError, ValueError):
        size = 0
    if size < 1:
        raise ValidationError({"household_size": _("Count at least one person: yourself.")})
    if size > MAX_HOUSEHOLD_SIZE:
        raise ValidationError(
            {
                "household_size": _("A household counts at most %(max)s people.")
                % {"max": MAX_HOUSEHOLD_SIZE}
            }
        )
    return size


def _check_gathering(proposal: Proposal) -> None:
    if proposal.state not in GATHERING_STATES or proposal.is_hidden:
        raise StateConflict(
            _("This proposal is “%(state)s”: households can no longer join or leave it.")
            % {"state": P(proposal.state).label}
        )


@transaction.atomic
def proposal_join(*, actor, proposal: Proposal, household_size, person=None) -> Support:
    """ "Ci sto": ``person``'s household (the actor's, unless the desk joins for them) joins
    with the number of people who would use the service."""
    size = _check_household_size(household_size)
    proposal = locked_proposal(proposal)
    person, on_behalf_of = acting(actor, person, proposal.space)
    if not permissions.can_view_proposal(person, proposal):
        raise PermissionDenied
    _check_gathering(proposal)
    if not permissions.can_join_proposal(person, proposal):
        raise PermissionDenied
    if Support.objects.filter(proposal=proposal, user=person).exists():
        raise StateConflict(
            _("You have already joined this proposal: you can change the number of people.")
        )
    support = Support.objects.create(proposal=proposal, user=person, household_size=size)
    evidence.joined(support, proposal)
    recount(proposal, actor=actor)
    follows.follow_auto(user=person, target=proposal)
    audit_log(
        actor=actor,
        on_behalf_of=on_behalf_of,
        action=kinds.PROPOSAL_JOINED,
        target=proposal,
        data={"people": size},
    )
    notify([proposal.author_id], kinds.NOTIFY_PROPOSAL_JOINED, proposal, person)
    return support


@transaction.atomic
def proposal_support_change(*, actor, proposal: Proposal, household_size, person=None) -> Support:
    """``person``'s household (as in ``proposal_join``) changes how many would use it."""
    size = _check_household_size(household_size)
    proposal = locked_proposal(proposal)
    person, on_behalf_of = acting(actor, person, proposal.space)
    _check_gathering(proposal)
    support = Support.objects.filter(proposal=proposal, user=person).first()
    if support is None:
        raise StateConflict(_("You have not joined this proposal."))
    support.household_size = size
    support.save(update_fields=["household_size", "updated_at"])
    recount(proposal, actor=actor)
    audit_log(
        actor=actor,
        on_behalf_of=on_behalf_of,
        action=kinds.PROPOSAL_SUPPORT_CHANGED,
        target=proposal,
        data={"people": size},
    )
    return support


@transaction.atomic
def proposal_leave(*, actor, proposal: Proposal, person=None) -> None:
    """``person``'s household (as in ``proposal_join``) leaves the proposal."""
    proposal = locked_proposal(proposal)
    person, on_behalf_of = acting(actor, person, proposal.space)
    _check_gathering(proposal)
    if proposal.author_id == person.pk:
        raise StateConflict(
            _("You proposed it: to stop it, withdraw the proposal instead of leaving it.")
        )
    deleted, _rows = Support.objects.filter(proposal=proposal, user=person).delete()
    if not deleted:
        raise StateConflict(_("You have not joined this proposal."))
    recount(proposal, actor=actor)
    audit_log(actor=actor, on_behalf_of=on_behalf_of, action=kinds.PROPOSAL_LEFT, target=proposal)
