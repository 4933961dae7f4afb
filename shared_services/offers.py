"""Writes on offers: a provider's offer with its price list, withdrawn by its provider or chosen
by the space's coordinator, which creates the shared service and invites the households."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from proposals.models import Proposal, Support
from proposals.services import locked_proposal
from proposals.states import OFFER_STATES
from spaces_pages.selectors import coordinator_ids
from wemi_community.accounts.models import OrganisationStaff
from wemi_community.core.audit import audit_log
from wemi_community.core.errors import StateConflict
from wemi_community.notifications.services import notify

from . import kinds, permissions, pricing
from .models import Membership, Offer, PriceBand, PricingMode, SharedService

P = Proposal.State


@dataclass(frozen=True)
class OfferData:
    min_households: int
    max_households: int
    schedule: str
    description: str
    bands: Sequence[pricing.BandData]


@transaction.atomic
def offer_submit(*, actor, proposal: Proposal, organisation, data: OfferData) -> Offer:
    proposal = locked_proposal(proposal)
    if proposal.state not in OFFER_STATES:
        raise StateConflict(
            _("Offers are made once the coordinator evaluates the proposal; it is now “%(state)s”.")
            % {"state": P(proposal.state).label}
        )
    allowed = {org.pk for org in permissions.provider_organisations_for(actor, proposal)}
    if organisation.pk not in allowed or not permissions.can_offer_on_proposal(actor, proposal):
        raise PermissionDenied
    if Offer.objects.filter(
        proposal=proposal, organisation=organisation, state=Offer.State.SUBMITTED
    ).exists():
        raise StateConflict(
            _("%(provider)s already has an offer on this proposal: withdraw it to make a new one.")
            % {"provider": organisation}
        )
    errors = pricing.validate_bands(
        data.bands, min_households=data.min_households, max_households=data.max_households
    )
    if errors:
        raise ValidationError(errors)
    schedule = " ".join((data.schedule or "").split())[:200]
    if not schedule:
        raise ValidationError({"schedule": _("Say when the service would run.")})
    offer = Offer.objects.create(
        proposal=proposal,
        organisation=organisation,
        submitted_by=actor,
        min_households=data.min_households,
        max_households=data.max_households,
        schedule=schedule,
        description=(data.description or "").replace("\x00", "")[:4000],
    )
    PriceBand.objects.bulk_create(
        PriceBand(
            offer=offer,
            min_households=band.min_households,
            max_households=band.max_households,
            group_price_per_hour=Decimal(band.group_price_per_hour),
        )
        for band in data.bands
    )
    audit_log(
        actor=actor,
        action=kinds.OFFER_SUBMITTED,
        target=proposal,
        data={"offer": offer.pk, "provider": organisation.name},
    )
    notify(
        coordinator_ids(proposal.space_id) | {proposal.author_id},
        kinds.NOTIFY_PROPOSAL_OFFER_SUBMITTED,
        proposal,
        actor,
        excerpt=str(organisation),
    )
    return offer


@transaction.atomic
def offer_withdraw(*, actor, offer: Offer) -> Offer:
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if not permissions.can_withdraw_offer(actor, offer):
        if permissions.is_staff_of(actor, offer.organisation_id):
            raise StateConflict(_("Only a submitted offer can be withdrawn."))
        raise PermissionDenied
    offer.state = Offer.State.WITHDRAWN
    offer.save(update_fields=["state"])
    audit_log(
        actor=actor, action=kinds.OFFER_WITHDRAWN, target=offer.proposal, data={"offer": offer.pk}
    )
    return offer


@transaction.atomic
def offer_choose(
    *, coordinator, offer: Offer, confirm_days: int | None = None, contact: str = ""
) -> SharedService:
    """The coordinator picks the offer of an accepted proposal: the shared service is born and
    every household that joined is invited to confirm its seat within ``confirm_days``."""
    proposal = locked_proposal(offer.proposal)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if not permissions.can_answer_proposal(coordinator, proposal):
        raise PermissionDenied
    if proposal.state != P.ACCEPTED:
        raise StateConflict(_("Accept the proposal before choosing an offer."))
    if SharedService.objects.filter(proposal=proposal).exists():
        raise StateConflict(_("An offer was already chosen for this proposal."))
    if offer.state != Offer.State.SUBMITTED:
        raise StateConflict(_("This offer was withdrawn or already decided."))
    days = confirm_days or settings.WEMI_SERVICE_CONFIRM_DAYS
    if not 1 <= days <= 60:
        raise ValidationError({"confirm_days": _("Give households from 1 to 60 days to confirm.")})
    now = timezone.now()
    service = SharedService.objects.create(
        proposal=proposal,
        offer=offer,
        provider_id=offer.organisation_id,
        space_id=proposal.space_id,
        category_id=proposal.category_id,
        title=proposal.title,
        schedule=offer.schedule,
        pricing_mode=proposal.pricing_mode or PricingMode.PAID,
        seats=offer.max_households,
        min_households=offer.min_households,
        confirm_by=now + datetime.timedelta(days=days),
        contact=" ".join(contact.split())[:300],
    )
    offer.state = Offer.State.CHOSEN
    offer.save(update_fields=["state"])
    Offer.objects.filter(proposal=proposal, state=Offer.State.SUBMITTED).exclude(
        pk=offer.pk
    ).update(state=Offer.State.NOT_CHOSEN)
    supports = list(Support.objects.filter(proposal=proposal).order_by("created_at", "pk"))
    Membership.objects.bulk_create(
        Membership(
            service=service,
            user_id=support.user_id,
            household_size=support.household_size,
            state=Membership.State.INVITED,
            invited_at=now,
        )
        for support in supports
    )
    audit_log(
        actor=coordinator,
        action=kinds.OFFER_CHOSEN,
        target=proposal,
        data={"offer": offer.pk, "service": service.pk, "confirm_days": days},
    )
    notify(
        [support.user_id for support in supports],
        kinds.NOTIFY_SERVICE_INVITATION,
        service,
        coordinator,
        excerpt=_("Confirm your seat by %(date)s.")
        % {"date": timezone.localtime(service.confirm_by).strftime("%d/%m/%Y")},
    )
    notify(
        staff_ids(offer.organisation_id), kinds.NOTIFY_SERVICE_OFFER_CHOSEN, service, coordinator
    )
    return service


def staff_ids(organisation_id: int) -> set[int]:

    return set(
        OrganisationStaff.objects.filter(organisation_id=organisation_id).values_list(
            "user_id", flat=True
        )
    )


def offers_close(proposal: Proposal) -> None:
    """A proposal withdrawn or rejected takes no offer: the submitted ones are not chosen.
    Runs in the proposal's transaction (``proposals.extensions.on_closed``)."""
    Offer.objects.filter(proposal=proposal, state=Offer.State.SUBMITTED).update(
        state=Offer.State.NOT_CHOSEN
    )
