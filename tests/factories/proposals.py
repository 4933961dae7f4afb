"""Proposals in each state, offers and shared services, made through the services (each
state is reached by the transitions the site itself makes, never written directly)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from proposals import joins, services
from proposals.models import Proposal
from shared_services import offers
from shared_services import services as service_ops
from shared_services.models import Offer, SharedService
from shared_services.offers import OfferData
from shared_services.pricing import BandData
from wemi_community.participation.moderation import content_hide

from . import UserFactory, service
from .roles import CityStaffFactory, CoordinatorFactory, provider_staff
from .spaces import SpaceFactory

CATEGORY = "Baby sitter condivisa"
P = Proposal.State


def _answer(proposal, to_state: str) -> Proposal:
    coordinator = CoordinatorFactory(space=proposal.space)
    services.proposal_answer(
        coordinator=coordinator, proposal=proposal, to_state=to_state, text="Risposta."
    )
    proposal.refresh_from_db()
    return proposal


class ProposalFactory(factory.Factory):
    """``state`` is any of ``Proposal.State``; the ``supporters`` join it while it gathers
    (a proposal past the threshold without supporters gets one new household); ``hidden``
    hides it as a moderator would."""

    class Meta:
        model = Proposal

    author = factory.SubFactory(UserFactory, display_name="Autrice")
    space = factory.SubFactory(SpaceFactory)
    title = factory.Sequence(lambda n: f"Baby sitter condivisa {n}")
    state = P.GATHERING
    supporters = ()
    hidden = False

    @classmethod
    def _create(cls, model_class, *, author, space, title, state, supporters, hidden):
        proposal = services.proposal_draft_save(
            actor=author,
            data={
                "category": service(CATEGORY),
                "space": space,
                "title": title,
                "description": "Cerchiamo una baby sitter condivisa per il palazzo.",
                "audience": "children",
                "days": [1, 3],
                "time_slots": ["afternoon"],
                "schedule_notes": "Dalle 16:30 alle 19",
                "pricing_mode": "paid",
            },
        )
        if state != P.DRAFT:
            proposal = _published(author, proposal, state, list(supporters))
        if hidden:
            content_hide(moderator=CityStaffFactory(), content=proposal, reason="Prova")
        proposal.refresh_from_db()
        return proposal


def _published(author, proposal, state, supporters) -> Proposal:
    # An expiring proposal has the nearest deadline there is, so the expiry that follows
    # reaches no other gathering proposal.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    deadline = tomorrow if state == P.EXPIRED else None
    proposal = services.proposal_publish(actor=author, proposal=proposal, deadline=deadline)
    below = state in (P.GATHERING, P.EXPIRED, P.WITHDRAWN)
    if not below and not supporters:
        supporters = [UserFactory()]
    # The author is the first household: the threshold is just out of reach, or just reached.
    threshold = len(supporters) + (2 if below else 1)
    Proposal.objects.filter(pk=proposal.pk).update(threshold=threshold)
    for user in supporters:
        joins.proposal_join(actor=user, proposal=proposal, household_size=2)
    proposal.refresh_from_db()
    if state == P.EXPIRED:
        services.proposals_expire_overdue(today=tomorrow + datetime.timedelta(days=1))
    elif state == P.WITHDRAWN:
        services.proposal_withdraw(actor=author, proposal=proposal, text="Ci ripenso.")
    elif state == P.REJECTED:
        _answer(proposal, P.REJECTED)
    elif state in (P.UNDER_EVALUATION, P.ACCEPTED):
        _answer(proposal, P.UNDER_EVALUATION)
        if state == P.ACCEPTED:
            _answer(proposal, P.ACCEPTED)
    proposal.refresh_from_db()
    return proposal


class OfferFactory(factory.Factory):
    """A submitted offer of an accredited provider (``staff`` is its author), for up to
    ``maximum`` households (3 at least)."""

    class Meta:
        model = Offer

    proposal = factory.SubFactory(ProposalFactory, state=P.ACCEPTED)
    maximum = 6  # households, that is seats of the service made from it

    @classmethod
    def _create(cls, model_class, *, proposal, maximum):
        organisation, staff = provider_staff(proposal.category)
        bands = [BandData(2, 3, Decimal("30.00"))]
        if maximum > 3:
            bands.append(BandData(4, maximum, Decimal("36.00")))
        offer = offers.offer_submit(
            actor=staff,
            proposal=proposal,
            organisation=organisation,
            data=OfferData(
                min_households=2,
                max_households=maximum,
                schedule="Martedì e giovedì 16:30–19:00",
                description="Educatrice qualificata.",
                bands=bands,
            ),
        )
        offer.staff = staff
        return offer


class SharedServiceFactory(factory.Factory):
    """A shared service in ``state`` (starting, running, ended); the households that joined
    the proposal are its members (confirmed before it runs)."""

    class Meta:
        model = SharedService

    offer = factory.SubFactory(OfferFactory)
    state = SharedService.State.RUNNING

    @classmethod
    def _create(cls, model_class, *, offer, state):
        coordinator = CoordinatorFactory(space=offer.proposal.space)
        shared = offers.offer_choose(coordinator=coordinator, offer=offer)
        if state != SharedService.State.STARTING:
            for membership in shared.memberships.select_related("user"):
                service_ops.seat_confirm(actor=membership.user, service=shared)
            shared = service_ops.service_start(actor=coordinator, service=shared)
        if state == SharedService.State.ENDED:
            shared = service_ops.service_end(coordinator=coordinator, service=shared)
        shared.refresh_from_db()
        shared.staff = offer.staff
        return shared
