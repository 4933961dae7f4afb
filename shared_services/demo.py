"""Demo proposals with their offers and shared services, written through the services
(``proposals.services``, ``offers.py`` and ``services.py``) so that counters, answers, follows,
the audit trail and notifications are what the site itself would write. The plan and the
texts are in ``demo_data.py`` (people, providers, services) and ``demo_proposals.py``.

It lives with the shared services because a demo proposal's story goes on in them, and only
this app may use both. Runs after the accounts and spaces demos (settings.PROJECT_APPS order).
Idempotent: once the demo proposals exist, a new seed leaves everything as it is. The timeline
(published weeks ago, sessions delivered on past days) is set by back-dating the rows the
services wrote, as the services themselves only write "now"."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TextIO

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from proposals import joins as proposal_joins
from proposals import services as proposal_services
from proposals.models import Answer, Proposal, ProposalThreshold, Support
from proposals.states import GATHERING_STATES
from spaces_pages.demo import DEMO_STAFF_SPACE, demo_spaces
from spaces_pages.models import SpacePage
from spaces_pages.services import space_groups_ensure
from wemi_community.accounts.demo import DEMO_DOMAIN, DEMO_ORGANISATION, demo_email
from wemi_community.accounts.models import (
    NotificationPreference,
    Organisation,
    OrganisationStaff,
    User,
)
from wemi_community.accounts.roles import Role
from wemi_community.catalogue.models import Municipio, Nil, ServiceCategory
from wemi_community.core.models import AuditEntry
from wemi_community.participation import comments

from . import deliveries, kinds, offers, services
from .demo_data import (
    ESEMPIO,
    ESEMPIO_MORE_CATEGORIES,
    EXTRA_COORDINATORS,
    FAMILIES,
    GIROTONDO,
    SECOND_PROVIDER,
    SERVICES,
    THRESHOLDS,
    ProposalSpec,
    ServiceSpec,
)
from .demo_proposals import PROPOSALS
from .models import DeliveryCheck, DeliveryEntry, Membership, Offer, SharedService
from .pricing import BandData

P = Proposal.State


def _write(stdout, text: str) -> None:
    if stdout:
        stdout.write(text + "\n")


def already_seeded() -> bool:
    """The marker: a proposal by a demo account."""
    return Proposal.objects.filter(author__email__endswith=f"@{DEMO_DOMAIN}").exists()


def seed(*, size: int = 1, stdout: TextIO | None = None) -> None:
    """Creates the demo proposals and services, unless they are already there. ``size`` is not
    used: the synthetic spaces of a load test get no proposals."""
    # Every time: the accounts demo sets the provider's categories back to its own list.
    accredit_demo_provider()
    if already_seeded():
        _write(stdout, "Proposals: the demo proposals are already there, left as they are.")
        return
    slugs = {spec.space for spec in PROPOSALS}
    spaces = demo_spaces(slugs)
    coordinator = User.objects.filter(email=demo_email("coordinatrice")).first()
    missing = sorted(slugs - spaces.keys())
    if missing or coordinator is None or DEMO_STAFF_SPACE not in spaces:
        _write(stdout, f"Proposals: demo skipped, missing spaces or accounts ({missing}).")
        return
    with transaction.atomic():
        summary = DemoBuilder(spaces, coordinator).run()
    _write(stdout, summary)


def accredit_demo_provider() -> None:
    """Accredits the demo provider for the categories of the proposals it can offer on."""
    esempio = Organisation.objects.filter(name=DEMO_ORGANISATION).first()
    if esempio is not None:
        esempio.accredited_categories.add(
            *ServiceCategory.objects.filter(
                level=ServiceCategory.Level.LEVEL2, name__in=ESEMPIO_MORE_CATEGORIES
            )
        )


class DemoBuilder:
    def __init__(self, spaces: dict[str, SpacePage], coordinator: User):
        self.spaces = spaces
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.coordinators = {DEMO_STAFF_SPACE: coordinator}
        self.categories = {
            category.name: category
            for category in ServiceCategory.objects.filter(level=ServiceCategory.Level.LEVEL2)
        }
        self.people: dict[str, User] = {}
        self.providers: dict[str, tuple[Organisation, User]] = {}
        self.proposals: dict[str, Proposal] = {}
        self.offers: dict[tuple[str, str], Offer] = {}

    # --- Setup --------------------------------------------------------------------------------

    def run(self) -> str:
        self.seed_thresholds()
        self.seed_people()
        self.seed_providers()
        for spec in PROPOSALS:
            self.build_proposal(spec)
        specs = {spec.key: spec for spec in PROPOSALS}
        for service_spec in SERVICES:
            self.build_service(service_spec, specs[service_spec.proposal])
        return self.summary()

    def seed_thresholds(self) -> None:
        for name, slug, households in THRESHOLDS:
            ProposalThreshold.objects.get_or_create(
                category=self.categories[name],
                space=self.spaces[slug] if slug else None,
                defaults={"households": households},
            )

    def _demo_user(self, local_part: str, display_name: str, municipio_number: int, size: int):
        municipio = Municipio.objects.get(number=municipio_number)
        user, created = User.objects.get_or_create(
            email=demo_email(local_part),
            defaults={
                "display_name": display_name,
                "nickname": local_part,
                "municipio": municipio,
                "nil": Nil.objects.filter(municipio=municipio).order_by("code").first(),
                "household_size": size,
                "email_confirmed_at": self.now,
                # Fictional addresses: their notifications stay on the site.
                "notification_preference": NotificationPreference.NEVER,
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user

    def seed_people(self) -> None:
        for local_part in ("residente", "vicino", "coordinatrice"):
            self.people[local_part] = User.objects.get(email=demo_email(local_part))
        for local_part, name, municipio, size in FAMILIES:
            self.people[local_part] = self._demo_user(local_part, name, municipio, size)
        group = Group.objects.get_or_create(name=Role.SPACE_COORDINATOR.value)[0]
        for slug, local_part, name in EXTRA_COORDINATORS:
            space = self.spaces[slug]
            user = self._demo_user(local_part, name, space.municipio.number, 1)
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            user.groups.add(group, space_groups_ensure(space=space).coordination)
            self.coordinators[slug] = User.objects.get(pk=user.pk)

    def seed_providers(self) -> None:
        esempio = Organisation.objects.get(name=DEMO_ORGANISATION)
        ente = User.objects.get(email=demo_email("ente"))
        self.providers[ESEMPIO] = (esempio, ente)
        girotondo, _created = Organisation.objects.get_or_create(
            name=SECOND_PROVIDER["name"],
            defaults={
                "slug": SECOND_PROVIDER["slug"],
                "description": SECOND_PROVIDER["description"],
            },
        )
        girotondo.accredited_categories.add(
            *(self.categories[name] for name in SECOND_PROVIDER["categories"])
        )
        local_part, name = SECOND_PROVIDER["staff"]
        staff = self._demo_user(local_part, name, 3, 1)
        staff.groups.add(Group.objects.get_or_create(name=Role.PROVIDER_STAFF.value)[0])
        OrganisationStaff.objects.get_or_create(
            organisation=girotondo, user=staff, defaults={"role": OrganisationStaff.Role.MANAGER}
        )
        self.providers[GIROTONDO] = (girotondo, User.objects.get(pk=staff.pk))

    def fresh(self, local_part: str) -> User:
        """The person read again: the permission helpers cache memberships on the object."""
        return User.objects.get(pk=self.people[local_part].pk)

    # --- Proposals ----------------------------------------------------------------------------

    def build_proposal(self, spec: ProposalSpec) -> Proposal:
        author = self.people[spec.author]
        proposal = proposal_services.proposal_draft_save(
            actor=author,
            data={
                "category": self.categories[spec.category],
                "space": self.spaces[spec.space],
                "title": spec.title,
                "description": spec.description,
                "audience": spec.audience,
                "days": list(spec.days),
                "time_slots": list(spec.time_slots),
                "schedule_notes": spec.schedule_notes,
                "pricing_mode": spec.pricing_mode,
            },
        )
        self.proposals[spec.key] = proposal
        if not spec.published_days_ago:
            when = self.now - datetime.timedelta(days=2)
            Proposal.objects.filter(pk=proposal.pk).update(created_at=when, updated_at=when)
            return proposal
        published_on = self.today - datetime.timedelta(days=spec.published_days_ago)
        deadline = max(
            proposal_services.default_deadline(published_on),
            self.today + datetime.timedelta(days=1),
        )
        proposal = proposal_services.proposal_publish(
            actor=author, proposal=proposal, deadline=deadline
        )
        for local_part, people in spec.joiners:
            proposal_joins.proposal_join(
                actor=self.people[local_part], proposal=proposal, household_size=people
            )
        for to_state, text in spec.answers:
            proposal_services.proposal_answer(
                coordinator=self.coordinators[spec.space],
                proposal=proposal,
                to_state=to_state,
                text=text,
            )
            if to_state == P.UNDER_EVALUATION:
                self.submit_offers(spec, proposal)
        if spec.withdraw:
            proposal_services.proposal_withdraw(actor=author, proposal=proposal, text=spec.withdraw)
        if spec.expired_days_ago:
            past = self.today - datetime.timedelta(days=spec.expired_days_ago)
            Proposal.objects.filter(pk=proposal.pk).update(deadline=past)
            proposal_services.proposals_expire_overdue()
        for local_part, text in spec.comments:
            comments.comment_post(actor=self.people[local_part], target=proposal, text=text)
        proposal.refresh_from_db()
        self.backdate_proposal(spec, proposal)
        return proposal

    def submit_offers(self, spec: ProposalSpec, proposal: Proposal) -> None:
        for offer_spec in spec.offers:
            organisation, staff = self.providers[offer_spec.provider]
            self.offers[(spec.key, offer_spec.provider)] = offers.offer_submit(
                actor=staff,
                proposal=proposal,
                organisation=organisation,
                data=offers.OfferData(
                    min_households=offer_spec.min_households,
                    max_households=offer_spec.max_households,
                    schedule=offer_spec.schedule,
                    description=offer_spec.description,
                    bands=[
                        BandData(low, high, Decimal(price)) for low, high, price in offer_spec.bands
                    ],
                ),
            )

    def _settled_at(self, spec: ProposalSpec) -> datetime.datetime:
        if spec.expired_days_ago:
            return self.now - datetime.timedelta(days=spec.expired_days_ago - 1)
        if spec.settled_days_ago:
            return self.now - datetime.timedelta(days=spec.settled_days_ago)
        return self.now - datetime.timedelta(hours=6)

    def backdate_proposal(self, spec: ProposalSpec, proposal: Proposal) -> None:
        """Spreads what the services wrote "now" between the day it was published and the day
        it settled, in the order it happened."""
        published = self.now - datetime.timedelta(days=spec.published_days_ago)
        events = spread(
            [
                *Support.objects.filter(proposal=proposal),
                *Answer.objects.filter(proposal=proposal),
                *Offer.objects.filter(proposal=proposal),
            ],
            published,
            self._settled_at(spec),
        )
        for row, when in events:
            type(row).objects.filter(pk=row.pk).update(created_at=when)
        answers = [when for row, when in events if isinstance(row, Answer)]
        fields = {
            "created_at": published - datetime.timedelta(hours=2),
            "published_at": published,
            "state_changed_at": answers[-1],
            "updated_at": answers[-1],
        }
        deadline = proposal_services.default_deadline(published.date())
        if not spec.expired_days_ago and (
            proposal.state not in GATHERING_STATES or deadline > self.today
        ):
            fields["deadline"] = deadline
        Proposal.objects.filter(pk=proposal.pk).update(**fields)
        proposal.refresh_from_db()

    # --- Shared services ----------------------------------------------------------------------

    def build_service(self, spec: ServiceSpec, proposal_spec: ProposalSpec) -> SharedService:
        coordinator = self.coordinators[proposal_spec.space]
        service = offers.offer_choose(
            coordinator=coordinator,
            offer=self.offers[(spec.proposal, spec.provider)],
            contact=spec.contact,
        )
        if spec.copayment:
            services.copayment_set(
                coordinator=coordinator, service=service, percents=dict(spec.copayment)
            )
        for local_part in spec.confirm:
            services.seat_confirm(actor=self.fresh(local_part), service=service)
        for local_part in spec.declined:
            services.seat_decline(actor=self.fresh(local_part), service=service)
        for local_part, band in spec.isee:
            services.isee_band_declare(
                actor=self.fresh(local_part), service=service, isee_band=band
            )
        if spec.start:
            services.service_start(actor=coordinator, service=service)
        for local_part in spec.late_requests:
            services.seat_confirm(actor=self.fresh(local_part), service=service)
        self.backdate_service(service, self._settled_at(proposal_spec))
        self.log_deliveries(spec, proposal_spec, service)
        for local_part, stars, comment in spec.ratings:
            deliveries.service_rate(
                actor=self.fresh(local_part), service=service, stars=stars, comment=comment
            )
        service.refresh_from_db()
        return service

    def backdate_service(self, service: SharedService, created: datetime.datetime) -> None:
        confirm_by = created + datetime.timedelta(days=settings.WEMI_SERVICE_CONFIRM_DAYS)
        SharedService.objects.filter(pk=service.pk).update(
            created_at=created, confirm_by=confirm_by
        )
        memberships = list(Membership.objects.filter(service=service))
        answered = [m for m in memberships if m.requested_at or m.ended_at]
        window_end = min(created + datetime.timedelta(days=5), self.now)
        moments = {
            membership.pk: when
            for membership, when in spread(
                answered, created + datetime.timedelta(hours=3), window_end
            )
        }
        for membership in memberships:
            when = moments.get(membership.pk)
            Membership.objects.filter(pk=membership.pk).update(
                invited_at=created if membership.invited_at else None,
                requested_at=when if membership.requested_at else None,
                member_since=when if membership.member_since else None,
                ended_at=when if membership.ended_at else None,
            )
        # It started once the households had confirmed: the trail (and the observatory's
        # funnel, which reads it) says so.
        AuditEntry.objects.filter(
            action=kinds.SERVICE_STARTED,
            target_type=ContentType.objects.get_for_model(SharedService),
            target_id=str(service.pk),
        ).update(created_at=min(window_end + datetime.timedelta(hours=1), self.now))
        service.refresh_from_db()

    def log_deliveries(
        self, spec: ServiceSpec, proposal_spec: ProposalSpec, service: SharedService
    ) -> None:
        if not spec.sessions:
            return
        _organisation, staff = self.providers[spec.provider]
        dates = past_weekdays(proposal_spec.days, len(spec.sessions), self.today)
        entries = []
        for day, (hours, notes) in zip(dates, spec.sessions, strict=True):
            entry = deliveries.delivery_log(
                actor=staff, service=service, date=day, hours=hours, notes=notes
            )
            evening = timezone.make_aware(datetime.datetime.combine(day, datetime.time(19, 30)))
            DeliveryEntry.objects.filter(pk=entry.pk).update(created_at=min(evening, self.now))
            entries.append(entry)
        for index, local_part, verdict, note in spec.checks:
            check = deliveries.delivery_check(
                actor=self.fresh(local_part), entry=entries[index], verdict=verdict, note=note
            )
            next_morning = timezone.make_aware(
                datetime.datetime.combine(
                    entries[index].date + datetime.timedelta(days=1), datetime.time(9)
                )
            )
            DeliveryCheck.objects.filter(pk=check.pk).update(created_at=min(next_morning, self.now))

    # --- Summary ------------------------------------------------------------------------------

    def summary(self) -> str:
        proposals = Proposal.objects.filter(pk__in=[p.pk for p in self.proposals.values()])
        shared = SharedService.objects.filter(proposal__in=proposals)
        return (
            f"Proposals: {proposals.count()} demo proposals in every state in "
            f"{proposals.values('space').distinct().count()} spaces, "
            f"{Offer.objects.filter(proposal__in=proposals).count()} offers from "
            f"{len(self.providers)} providers, {shared.count()} shared services "
            f"({shared.filter(state=SharedService.State.RUNNING).count()} running), "
            f"{len(FAMILIES)} demo households."
        )


def spread(rows: list, start: datetime.datetime, end: datetime.datetime) -> list[tuple]:
    """Pairs each row, in the order the services wrote them, with an evenly spaced moment from
    ``start`` to ``end``."""
    ordered = sorted(rows, key=_written_at)
    if len(ordered) <= 1:
        return [(row, start) for row in ordered]
    step = (end - start) / (len(ordered) - 1)
    return [(row, start + step * index) for index, row in enumerate(ordered)]


def _written_at(row) -> tuple:
    moment = getattr(row, "created_at", None) or row.requested_at or row.ended_at
    # Ties (same microsecond): the publish answer before the author's support, then by key.
    return (moment, 0 if isinstance(row, Answer) else 1, row.pk)


def past_weekdays(days, count: int, today: datetime.date) -> list[datetime.date]:
    """The last ``count`` dates before today falling on ``days`` (0 = Monday), oldest first."""
    found: list[datetime.date] = []
    day = today - datetime.timedelta(days=1)
    while len(found) < count:
        if day.weekday() in days:
            found.append(day)
        day -= datetime.timedelta(days=1)
    return found[::-1]
