"""Who may make, withdraw and choose offers, and who may do what in a shared service. The
proposals' own rules (who coordinates a proposal's space) are in ``proposals/permissions.py``."""

from __future__ import annotations

from proposals.models import Proposal
from proposals.permissions import can_answer_proposal
from proposals.states import OFFER_STATES
from spaces_pages.permissions import can_act_for, can_coordinate_space
from wemi_community.accounts.models import Organisation
from wemi_community.accounts.permissions import is_active_user, is_city_staff

from .models import Membership, Offer, SharedService


def _organisation_ids(user) -> frozenset[int]:
    """The active providers this person works for, read once per request object."""
    if not is_active_user(user):
        return frozenset()
    cached = getattr(user, "_wemi_organisation_ids", None)
    if cached is None:
        cached = frozenset(
            user.organisation_links.filter(organisation__is_active=True).values_list(
                "organisation_id", flat=True
            )
        )
        user._wemi_organisation_ids = cached
    return cached


def _accredited_category_ids(user) -> frozenset[int]:
    cached = getattr(user, "_wemi_accredited_category_ids", None)
    if cached is None:
        cached = frozenset(
            Organisation.accredited_categories.through.objects.filter(
                organisation_id__in=_organisation_ids(user)
            ).values_list("servicecategory_id", flat=True)
        )
        user._wemi_accredited_category_ids = cached
    return cached


# --- Offers -----------------------------------------------------------------------------------


def is_staff_of(user, organisation_id: int | None) -> bool:
    return organisation_id is not None and organisation_id in _organisation_ids(user)


def provider_organisations_for(user, proposal: Proposal) -> list:
    """The providers this person may make an offer for on this proposal."""

    if proposal.category_id not in _accredited_category_ids(user):
        return []
    return list(
        Organisation.objects.filter(
            pk__in=_organisation_ids(user), accredited_categories=proposal.category_id
        ).order_by("name")
    )


def can_offer_on_proposal(user, proposal: Proposal) -> bool:
    """Staff of a provider accredited for the category, once the proposal is evaluated;
    not while a moderator hides it (they cannot see it)."""
    return (
        is_active_user(user)
        and proposal.state in OFFER_STATES
        and not proposal.is_hidden
        and proposal.category_id in _accredited_category_ids(user)
        and not hasattr_service(proposal)
    )


def may_ever_offer_on(user, proposal: Proposal) -> bool:
    """Accredited staff: the page tells them when they will be able to offer."""
    return is_active_user(user) and proposal.category_id in _accredited_category_ids(user)


def hasattr_service(proposal: Proposal) -> bool:
    try:
        return proposal.shared_service is not None
    except SharedService.DoesNotExist:
        return False


def can_withdraw_offer(user, offer: Offer) -> bool:
    return offer.state == Offer.State.SUBMITTED and is_staff_of(user, offer.organisation_id)


def can_choose_offer(user, offer: Offer) -> bool:
    return (
        can_answer_proposal(user, offer.proposal)
        and offer.proposal.state == Proposal.State.ACCEPTED
        and offer.state == Offer.State.SUBMITTED
        and not hasattr_service(offer.proposal)
    )


# --- Shared services --------------------------------------------------------------------------


def _membership_state(user, service: SharedService) -> str | None:
    if not is_active_user(user):
        return None
    cache = getattr(user, "_wemi_membership_states", None)
    if cache is None:
        cache = user._wemi_membership_states = {}
    if service.pk not in cache:
        cache[service.pk] = (
            Membership.objects.filter(service=service, user=user)
            .values_list("state", flat=True)
            .first()
        )
    return cache[service.pk]


def can_take_seat_for(actor, person, service: SharedService) -> bool:
    """Ask for, confirm, decline or give up a seat of the service for ``person``: the
    household itself, or the desk of the service's space for it."""
    return can_act_for(actor, person, service.space)


def forget_membership(user, service: SharedService) -> None:
    """After a membership changes within one request."""
    cache = getattr(user, "_wemi_membership_states", None)
    if cache is not None:
        cache.pop(service.pk, None)


def is_member(user, service: SharedService) -> bool:
    return _membership_state(user, service) == Membership.State.MEMBER


def can_coordinate_service(user, service: SharedService) -> bool:
    """Set the co-payment shares, start and end the service: coordinators of its space."""
    return is_active_user(user) and can_coordinate_space(user, service.space)


def can_view_service_private(user, service: SharedService) -> bool:
    """Schedule details, contacts and the member list: members, the provider, the coordinator."""
    return (
        is_member(user, service)
        or is_staff_of(user, service.provider_id)
        or can_coordinate_service(user, service)
    )


def can_view_service(user, service: SharedService) -> bool:
    return True


def can_request_seat(user, service: SharedService) -> bool:
    """Confirm an invitation or, once the service runs, ask for a seat (or a place on the
    waitlist): while it starts, the seats belong to the invited households."""
    if not is_active_user(user):
        return False
    state = _membership_state(user, service)
    if service.state == SharedService.State.STARTING:
        return state == Membership.State.INVITED
    return service.state == SharedService.State.RUNNING and state not in (
        Membership.State.MEMBER,
        Membership.State.WAITLISTED,
    )


def can_leave_service(user, service: SharedService) -> bool:
    return _membership_state(user, service) in (
        Membership.State.MEMBER,
        Membership.State.WAITLISTED,
    )


def can_log_delivery(user, service: SharedService) -> bool:
    return (
        is_active_user(user)
        and service.state == SharedService.State.RUNNING
        and is_staff_of(user, service.provider_id)
    )


def can_check_delivery(user, service: SharedService) -> bool:
    """Confirm or dispute a delivered session, rate the service: its members."""
    return is_member(user, service)


def can_rate_service(user, service: SharedService) -> bool:
    return is_member(user, service) and service.state != SharedService.State.STARTING


def can_declare_isee(user, service: SharedService) -> bool:
    """Declare the household's ISEE band: invited, waitlisted and member households."""
    return _membership_state(user, service) in (
        Membership.State.INVITED,
        Membership.State.MEMBER,
        Membership.State.WAITLISTED,
    )


def can_declare_isee_for(actor, person, service: SharedService) -> bool:
    return can_declare_isee(person, service) and can_act_for(actor, person, service.space)


def can_check_delivery_for(actor, person, service: SharedService) -> bool:
    """Confirm or dispute a session for ``person``: the member, or the space's desk for it."""
    return can_check_delivery(person, service) and can_act_for(actor, person, service.space)


def can_rate_service_for(actor, person, service: SharedService) -> bool:
    return can_rate_service(person, service) and can_act_for(actor, person, service.space)


def can_see_provider_dashboard(user) -> bool:
    return bool(_organisation_ids(user)) or (is_active_user(user) and is_city_staff(user))
