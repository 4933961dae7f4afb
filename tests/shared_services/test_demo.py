"""The demo proposals and shared services: every state, real spaces, running services with a
waitlist, a co-payment service, a delivery log, all written through the services; idempotent.

The seed runs once for the module, inside a transaction rolled back at its end."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone

from proposals import joins, permissions, services
from proposals.models import Answer, Proposal, ProposalThreshold, Support
from shared_services import deliveries as service_deliveries
from shared_services import offer_selectors, offers, pricing
from shared_services import permissions as service_permissions
from shared_services import services as service_ops
from shared_services.demo import already_seeded
from shared_services.demo_data import FAMILIES, SECOND_PROVIDER
from shared_services.models import (
    CopaymentShare,
    DeliveryCheck,
    DeliveryEntry,
    IseeBand,
    Membership,
    Offer,
    PriceBand,
    ServiceRating,
    SharedService,
)
from spaces_pages.demo import DEMO_STAFF_SPACE
from wemi_community.accounts.demo import DEMO_DOMAIN, DEMO_ORGANISATION, demo_email
from wemi_community.accounts.models import Organisation, User
from wemi_community.catalogue.models import ServiceCategory
from wemi_community.core.errors import StateConflict
from wemi_community.core.models import AuditEntry
from wemi_community.notifications.models import Notification
from wemi_community.participation.models import Comment, Follow

P = Proposal.State
M = Membership.State
COUNTED = (
    User,
    Organisation,
    Proposal,
    Support,
    Answer,
    Offer,
    PriceBand,
    SharedService,
    Membership,
    CopaymentShare,
    DeliveryEntry,
    DeliveryCheck,
    ServiceRating,
    ProposalThreshold,
    Comment,
    Follow,
    AuditEntry,
    Notification,
)


@dataclass(frozen=True)
class Seeded:
    output: str


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        yield Seeded(out.getvalue())
        transaction.set_rollback(True)


def person(local_part: str) -> User:
    return User.objects.get(email=demo_email(local_part))


def demo_services():
    return SharedService.objects.filter(proposal__author__email__endswith=f"@{DEMO_DOMAIN}")


pytestmark = pytest.mark.django_db


def test_every_state_of_a_proposal_is_in_the_demo(seeded):
    assert already_seeded()
    states = set(Proposal.objects.values_list("state", flat=True))
    assert states == set(P.values)
    assert "Proposals:" in seeded.output


def test_proposals_sit_in_real_spaces_of_different_municipi(seeded):
    published = Proposal.objects.exclude(space=None)
    municipi = set(published.values_list("space__municipio__number", flat=True))
    assert published.values("space").distinct().count() >= 4
    assert len(municipi) >= 4
    staff_space = published.filter(space__slug=DEMO_STAFF_SPACE)
    assert staff_space.count() >= 4
    assert staff_space.values("state").distinct().count() >= 4
    coordinator = person("coordinatrice")
    assert all(
        permissions.can_answer_proposal(coordinator, p) for p in staff_space.exclude(state=P.DRAFT)
    )


def test_proposals_use_level_two_categories_and_have_a_description(seeded):
    for proposal in Proposal.objects.select_related("category"):
        assert proposal.category.level == ServiceCategory.Level.LEVEL2
        assert proposal.title
        assert "<strong>" in proposal.description_html or len(proposal.description_html) > 50


def test_counters_match_the_households_that_joined(seeded):
    for proposal in Proposal.objects.annotate(
        n=Count("supports"), people=Sum("supports__household_size")
    ):
        assert proposal.households_count == proposal.n
        assert proposal.people_count == (proposal.people or 0)
        if proposal.state == P.GATHERING:
            assert proposal.households_count < proposal.threshold
        if proposal.state in (P.THRESHOLD_REACHED, P.UNDER_EVALUATION, P.ACCEPTED):
            assert proposal.households_count >= proposal.threshold


def test_dates_are_relative_to_today(seeded):
    today = timezone.localdate()
    for proposal in Proposal.objects.filter(state__in=[P.GATHERING, P.THRESHOLD_REACHED]):
        assert proposal.deadline > today
    expired = Proposal.objects.get(state=P.EXPIRED)
    assert expired.deadline < today
    assert expired.answers.filter(to_state=P.EXPIRED, author=None).exists()
    published = Proposal.objects.exclude(published_at=None)
    assert published.filter(published_at__lt=timezone.now() - timezone.timedelta(days=30)).exists()
    for proposal in published:
        assert proposal.published_at <= proposal.state_changed_at <= timezone.now()


def test_coordinators_answered_with_public_text(seeded):
    decided = Answer.objects.filter(to_state__in=[P.UNDER_EVALUATION, P.ACCEPTED, P.REJECTED])
    assert {P.UNDER_EVALUATION, P.ACCEPTED, P.REJECTED} <= set(
        decided.values_list("to_state", flat=True)
    )
    for answer in decided.select_related("proposal__space", "author"):
        assert answer.text.strip()
        assert permissions.can_answer_proposal(answer.author, answer.proposal)
    withdrawn = Proposal.objects.get(state=P.WITHDRAWN)
    assert withdrawn.answers.get(to_state=P.WITHDRAWN).text


def test_offers_come_from_two_accredited_providers_with_coherent_bands(seeded):
    providers = set(Offer.objects.values_list("organisation__name", flat=True))
    assert {DEMO_ORGANISATION, SECOND_PROVIDER["name"]} <= providers
    for offer in Offer.objects.select_related("organisation", "proposal").prefetch_related("bands"):
        assert offer.organisation.accredited_categories.filter(pk=offer.proposal.category_id)
        bands = list(offer.bands.all())
        assert (
            pricing.validate_bands(
                bands, min_households=offer.min_households, max_households=offer.max_households
            )
            == []
        )
        # More households: the group pays more, each household less.
        quotas = [row.quota for row in pricing.quota_table(bands)]
        assert quotas == sorted(quotas, reverse=True)
    states = set(Offer.objects.values_list("state", flat=True))
    assert {Offer.State.CHOSEN, Offer.State.NOT_CHOSEN, Offer.State.SUBMITTED} <= states


def test_two_running_services_with_members_and_a_waitlist(seeded):
    running = demo_services().filter(state=SharedService.State.RUNNING)
    assert running.count() >= 2
    for service in running:
        members = service.memberships.filter(state=M.MEMBER).count()
        waiting = service.memberships.filter(state=M.WAITLISTED).count()
        assert service.members_count == members == service.seats
        assert service.waitlist_count == waiting > 0
        assert members >= service.min_households
    assert demo_services().filter(state=SharedService.State.STARTING).exists()


def test_quotas_are_what_the_price_list_says(seeded):
    for service in demo_services().select_related("offer"):
        bands = list(service.offer.bands.all())
        price = pricing.household_price(bands, service.members_count)
        assert price.quota == service.current_quota
        if service.state == SharedService.State.RUNNING:
            assert not price.below_minimum


def test_copayment_service_has_shares_and_declared_bands(seeded):
    service = demo_services().get(pricing_mode="copayment")
    shares = dict(service.copayment_shares.values_list("isee_band", "city_percent"))
    assert set(shares) == set(IseeBand.values)
    assert shares[IseeBand.UNDER_10K] == 100
    assert shares[IseeBand.FROM_10K_TO_20K] == 50
    assert shares[IseeBand.OVER_30K] == shares[IseeBand.UNDECLARED] == 0
    members = service.memberships.filter(state=M.MEMBER)
    declared = members.exclude(isee_band="")
    assert declared.values("isee_band").distinct().count() >= 3
    assert members.filter(isee_band="").exists()  # one household did not declare
    bands = list(service.offer.bands.all())
    totals = pricing.service_totals(
        bands, list(members.values_list("isee_band", flat=True)), shares, pricing_mode="copayment"
    )
    assert totals.city_pays > 0
    assert totals.city_pays + totals.members_pay == totals.collected >= totals.group_price


def test_delivery_log_has_confirmations_and_a_dispute(seeded):
    entries = DeliveryEntry.objects.filter(service__in=demo_services())
    assert entries.count() >= 6
    assert entries.filter(date__gte=timezone.localdate()).count() == 0
    for entry in entries.annotate(n=Count("checks")):
        assert entry.confirmed_count + entry.disputed_count == entry.n
        assert entry.date >= entry.service.created_at.date()
    assert entries.filter(confirmed_count__gt=0).exists()
    disputed = DeliveryCheck.objects.get(verdict=DeliveryCheck.Verdict.DISPUTED)
    assert disputed.note
    assert disputed.entry.disputed_count == 1
    for check in DeliveryCheck.objects.select_related("entry__service", "user"):
        assert service_permissions.is_member(check.user, check.entry.service)
    assert ServiceRating.objects.filter(service__in=demo_services()).count() >= 2


def test_demo_residents_take_part(seeded):
    residente, vicino = person("residente"), person("vicino")
    assert Proposal.objects.filter(author=residente, state=P.DRAFT).exists()
    shared = SharedService.objects.filter(
        memberships__user=residente, memberships__state=M.MEMBER
    ).filter(memberships__user=vicino, memberships__state=M.MEMBER)
    assert shared.filter(state=SharedService.State.RUNNING).exists()
    for user in (residente, vicino):
        joined = Support.objects.filter(user=user).exclude(proposal__author=user)
        assert joined.count() >= 2
    # Joining follows the proposal; the coordinator was told about new proposals.
    proposal_type = ContentType.objects.get_for_model(Proposal)
    assert Follow.objects.filter(user=residente, target_type=proposal_type).count() >= 3
    assert Notification.objects.filter(
        recipient=person("coordinatrice"), kind="proposal.published"
    ).exists()
    assert AuditEntry.objects.filter(action="proposal.published").count() >= 9


def test_extra_households_are_fictional_and_not_printed_as_logins(seeded):
    families = User.objects.filter(email__in=[demo_email(row[0]) for row in FAMILIES])
    assert families.count() == len(FAMILIES)
    for user in families:
        assert user.email.endswith(f"@{DEMO_DOMAIN}")
        assert "(demo)" in user.display_name
        assert not user.has_usable_password()
        assert user.email not in seeded.output


def test_thresholds_city_wide_and_for_a_space(seeded):
    rows = ProposalThreshold.objects.select_related("category", "space")
    city = {row.category.name: row.households for row in rows if row.space is None}
    assert city["Baby sitter condivisa"] == 4
    assert rows.exclude(space=None).count() >= 1


def test_a_second_seed_creates_nothing(seeded):
    before = _counts()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert _counts() == before
    assert "already there" in out.getvalue()


# --- The README's journey -----------------------------------------------------------------------

README = Path(__file__).resolve().parents[2] / "README.md"
DOPOSCUOLA = "Doposcuola condiviso il martedì e il giovedì"
PSICOMOTRICITA = "Laboratorio di psicomotricità per bambini dai 3 ai 6 anni"
BABYSITTER = "Baby sitter condivisa per i bambini del condominio"
COPAYMENT_SERVICE = "Assistente familiare condivisa per gli anziani della scala B"
DRAFT = "Accompagnamento a scuola a piedi"
ACCOUNTS = ("residente", "vicino", "coordinatrice", "ente")


def readme_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("### Proposals and shared services")
    # Line breaks of the Markdown source fall anywhere: compare words.
    return " ".join(text[start : text.index("\n### ", start + 1)].split())


def test_the_readme_names_the_demo_proposals_and_accounts_it_uses(seeded):
    section = readme_section()
    for title in (DOPOSCUOLA, PSICOMOTRICITA, BABYSITTER, COPAYMENT_SERVICE, DRAFT):
        assert title in section
        assert Proposal.objects.filter(title=title).exists()
    for local_part in ACCOUNTS:
        assert f"`{local_part}@…`" in section
        assert person(local_part).has_usable_password()
    # It says what comes first: accepted before an offer is chosen.
    assert section.index("*In valutazione*") < section.index("Fai un'offerta")
    assert section.index("Fai un'offerta") < section.index("*Accettata*")
    assert section.index("*Accettata*") < section.index("Scegli questa offerta")


def test_the_provider_finds_proposals_awaiting_an_offer(seeded, client):
    ente = person("ente")
    scope = offer_selectors.provider_scope(ente, city_staff=False)
    waiting = list(offer_selectors.proposals_open_to_offers(scope))
    assert PSICOMOTRICITA in {proposal.title for proposal in waiting}
    for proposal in waiting:
        assert service_permissions.can_offer_on_proposal(person("ente"), proposal)
        assert offer_selectors.providers_free_to_offer(person("ente"), proposal)
    client.force_login(ente)
    content = client.get(reverse("shared_services:provider_dashboard")).content.decode()
    for proposal in waiting:
        assert reverse("shared_services:offer_new", args=[proposal.pk]) in content


def test_each_step_of_the_readme_journey_can_be_done_by_the_account_it_names(seeded):
    """The README's order, through the services the pages call, as the accounts it names."""
    space = Proposal.objects.get(title=DOPOSCUOLA).space
    # 1. residente@ proposes, 2. vicino@ joins.
    new = services.proposal_draft_save(
        actor=person("residente"),
        data={
            "category": ServiceCategory.objects.get(name="Baby sitter condivisa"),
            "space": space,
            "title": "Baby sitter il sabato mattina",
            "description": "Cerchiamo una baby sitter condivisa il **sabato** mattina.",
            "audience": "children",
            "days": [5],
            "time_slots": ["morning"],
            "pricing_mode": "paid",
        },
    )
    new = services.proposal_publish(actor=person("residente"), proposal=new)
    joins.proposal_join(actor=person("vicino"), proposal=new, household_size=2)
    new.refresh_from_db()
    assert new.state == P.GATHERING and new.households_count == 2
    # 3. coordinatrice@ takes the Doposcuola, at its threshold, under evaluation.
    doposcuola = Proposal.objects.get(title=DOPOSCUOLA)
    assert doposcuola.state == P.THRESHOLD_REACHED
    supporters = set(doposcuola.supports.values_list("user__email", flat=True))
    assert {demo_email("residente"), demo_email("vicino")} <= supporters
    assert doposcuola.pricing_mode == "copayment"
    services.proposal_answer(
        coordinator=person("coordinatrice"),
        proposal=doposcuola,
        to_state=P.UNDER_EVALUATION,
        text="La valutiamo.",
    )
    # 4. ente@ finds it waiting for an offer and makes one with the README's price list.
    ente = person("ente")
    waiting = offer_selectors.proposals_open_to_offers(
        offer_selectors.provider_scope(ente, city_staff=False)
    )
    assert waiting.filter(pk=doposcuola.pk).exists()
    (organisation,) = offer_selectors.providers_free_to_offer(ente, doposcuola)
    assert organisation.name == DEMO_ORGANISATION
    offer = offers.offer_submit(
        actor=ente,
        proposal=doposcuola,
        organisation=organisation,
        data=offers.OfferData(
            min_households=2,
            max_households=6,
            schedule="Martedì e giovedì, 16:30–18:30",
            description="",
            bands=[
                pricing.BandData(2, 3, Decimal("30.00")),
                pricing.BandData(4, 6, Decimal("36.00")),
            ],
        ),
    )
    # 5. coordinatrice@ cannot choose it before accepting; accepts, then chooses it.
    with pytest.raises(StateConflict):
        offers.offer_choose(coordinator=person("coordinatrice"), offer=offer)
    services.proposal_answer(
        coordinator=person("coordinatrice"),
        proposal=doposcuola,
        to_state=P.ACCEPTED,
        text="Accolta.",
    )
    service = offers.offer_choose(coordinator=person("coordinatrice"), offer=offer)
    assert service.memberships.filter(state=M.INVITED).count() == 5
    # 6. Co-payment shares.
    service_ops.copayment_set(
        coordinator=person("coordinatrice"),
        service=service,
        percents={"under_10k": 100, "10k_20k": 50, "20k_30k": 25, "over_30k": 0, "": 0},
    )
    # 7. residente@ and vicino@ declare their band and confirm: the minimum is reached.
    for local_part, band in (("residente", "10k_20k"), ("vicino", "under_10k")):
        service_ops.isee_band_declare(actor=person(local_part), service=service, isee_band=band)
        service_ops.seat_confirm(actor=person(local_part), service=service)
    service.refresh_from_db()
    assert service.members_count == service.min_households == 2
    # 8. ente@ starts it and logs a session.
    service = service_ops.service_start(actor=person("ente"), service=service)
    entry = service_deliveries.delivery_log(
        actor=person("ente"), service=service, date=timezone.localdate(), hours="2"
    )
    # 9. Members confirm or dispute, and rate.
    service_deliveries.delivery_check(actor=person("residente"), entry=entry, verdict="confirmed")
    service_deliveries.delivery_check(
        actor=person("vicino"), entry=entry, verdict="disputed", note="Finito alle 18."
    )
    for local_part in ("residente", "vicino"):
        service_deliveries.service_rate(actor=person(local_part), service=service, stars=4)
    entry.refresh_from_db()
    assert (entry.confirmed_count, entry.disputed_count) == (1, 1)


def test_the_running_service_lets_the_same_accounts_log_check_and_rate(seeded):
    service = demo_services().get(title=BABYSITTER)
    assert service.state == SharedService.State.RUNNING
    assert service.provider.name == DEMO_ORGANISATION
    assert service_permissions.can_log_delivery(person("ente"), service)
    for local_part in ("residente", "vicino"):
        assert service_permissions.can_check_delivery(person(local_part), service)
        assert service_permissions.can_rate_service(person(local_part), service)
    copayment = demo_services().get(title=COPAYMENT_SERVICE)
    assert service_permissions.can_coordinate_service(person("coordinatrice"), copayment)


def test_a_second_seed_keeps_the_provider_accredited(seeded):
    call_command("seed_demo", stdout=io.StringIO())
    names = set(
        Organisation.objects.get(name=DEMO_ORGANISATION).accredited_categories.values_list(
            "name", flat=True
        )
    )
    assert {"Supporto allo studio", "Laboratorio di psicomotricità"} <= names
