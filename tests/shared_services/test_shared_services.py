"""Offers and shared services: choosing an offer, seats and the waitlist, quotas, co-payment,
the delivery log and ratings."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from shared_services import deliveries as service_deliveries
from shared_services import offers
from shared_services import services as service_ops
from shared_services.models import CopaymentShare, DeliveryEntry, Membership, Offer, SharedService
from shared_services.pricing import BandData
from shared_services.states import MEMBERSHIP_STATES, MEMBERSHIP_TRANSITIONS
from tests.factories import OrganisationStaffFactory, UserFactory
from tests.participation.moderation_helpers import coordinator_of, desk_operator_of
from tests.proposals.helpers import published
from tests.shared_services.helpers import (
    accepted_with_offer,
    accredited_staff,
    offer_data,
    running_service,
)
from tests.spaces.helpers import make_space
from wemi_community.core.errors import StateConflict
from wemi_community.core.models import AuditEntry
from wemi_community.notifications.models import Notification

# Date-sensitive: run now and at the awkward instants of tests/instants.py.
pytestmark = [pytest.mark.django_db, pytest.mark.instants]
M = Membership.State


class TestOffers:
    def test_an_offer_on_a_gathering_proposal_is_refused(self):
        proposal = published()
        organisation, staff = accredited_staff()
        with pytest.raises(StateConflict):
            offers.offer_submit(
                actor=staff, proposal=proposal, organisation=organisation, data=offer_data()
            )
        assert not Offer.objects.exists()

    def test_only_staff_of_a_provider_accredited_for_the_category_may_offer(self):
        proposal, _offer, _coordinator, _staff = accepted_with_offer()
        other_org, other_staff = accredited_staff("Baby sitter")  # another category
        with pytest.raises(PermissionDenied):
            offers.offer_submit(
                actor=other_staff, proposal=proposal, organisation=other_org, data=offer_data()
            )
        resident = UserFactory()
        with pytest.raises(PermissionDenied):
            offers.offer_submit(
                actor=resident, proposal=proposal, organisation=other_org, data=offer_data()
            )
        assert proposal.offers.count() == 1

    def test_an_incoherent_price_list_is_refused_and_nothing_is_written(self):
        proposal, offer, _coordinator, staff = accepted_with_offer()
        offers.offer_withdraw(actor=staff, offer=offer)
        gap = offer_data((BandData(2, 3, Decimal("30")), BandData(5, 6, Decimal("36"))))
        with pytest.raises(ValidationError):
            offers.offer_submit(
                actor=staff, proposal=proposal, organisation=offer.organisation, data=gap
            )
        assert proposal.offers.count() == 1

    def test_one_open_offer_per_provider(self):
        proposal, offer, _coordinator, staff = accepted_with_offer()
        with pytest.raises(StateConflict):
            offers.offer_submit(
                actor=staff, proposal=proposal, organisation=offer.organisation, data=offer_data()
            )

    def test_choosing_an_offer_creates_the_service_and_invites_every_household(self):
        proposal, offer, coordinator, staff = accepted_with_offer(households=4)
        rival_org, rival = accredited_staff()
        rival_offer = offers.offer_submit(
            actor=rival, proposal=proposal, organisation=rival_org, data=offer_data()
        )
        shared = offers.offer_choose(coordinator=coordinator, offer=offer, confirm_days=5)
        assert shared.seats == 6 and shared.min_households == 2
        assert shared.provider == offer.organisation
        assert shared.memberships.filter(state=M.INVITED).count() == 4
        rival_offer.refresh_from_db()
        assert rival_offer.state == Offer.State.NOT_CHOSEN
        invited = Notification.objects.filter(kind="service.invitation")
        assert set(invited.values_list("recipient", flat=True)) == set(
            proposal.supports.values_list("user", flat=True)
        )
        assert Notification.objects.filter(kind="service.offer_chosen", recipient=staff).exists()
        with pytest.raises(StateConflict):
            offers.offer_choose(coordinator=coordinator, offer=rival_offer)

    def test_an_offer_is_chosen_only_once_the_proposal_is_accepted_by_this_space(self):
        proposal, offer, coordinator, _staff = accepted_with_offer()
        with pytest.raises(PermissionDenied):
            offers.offer_choose(coordinator=coordinator_of(make_space("Altrove")), offer=offer)
        with pytest.raises(ValidationError):
            offers.offer_choose(coordinator=coordinator, offer=offer, confirm_days=90)
        assert not SharedService.objects.exists()


class TestSeats:
    def _service(self, households=5, maximum=3):
        proposal, offer, coordinator, staff = accepted_with_offer(households, maximum=maximum)
        shared = offers.offer_choose(coordinator=coordinator, offer=offer)
        people = [m.user for m in shared.memberships.select_related("user").order_by("pk")]
        return shared, coordinator, staff, people

    def test_first_come_first_served_then_the_waitlist(self):
        shared, _coordinator, _staff, people = self._service(households=5, maximum=3)
        results = [
            service_ops.seat_confirm(actor=person, service=shared).state for person in people
        ]
        assert results == [M.MEMBER, M.MEMBER, M.MEMBER, M.WAITLISTED, M.WAITLISTED]
        shared.refresh_from_db()
        assert (shared.members_count, shared.waitlist_count) == (3, 2)

    def test_the_desk_confirms_and_gives_up_a_seat_for_a_household(self):
        shared, _coordinator, _staff, people = self._service(households=2, maximum=3)
        operator, household = desk_operator_of(shared.space), people[0]
        membership = service_ops.seat_confirm(actor=operator, person=household, service=shared)
        assert (membership.user, membership.state) == (household, M.MEMBER)
        service_ops.service_leave(actor=operator, person=household, service=shared)
        for action in ("service.seat_taken", "service.left"):
            entry = AuditEntry.objects.get(action=action)
            assert (entry.actor, entry.on_behalf_of) == (operator, household)
        with pytest.raises(PermissionDenied):
            service_ops.seat_decline(actor=UserFactory(), person=people[1], service=shared)
        assert Membership.objects.get(service=shared, user=people[1]).state == M.INVITED

    def test_a_promotion_is_audited_as_the_systems(self):
        shared, _coordinator, _staff, people = self._service(households=3, maximum=2)
        for person in people:
            service_ops.seat_confirm(actor=person, service=shared)
        service_ops.service_leave(actor=people[0], service=shared)
        entry = AuditEntry.objects.get(action="service.promoted")
        assert (entry.actor, entry.data) == (None, {"user": people[2].pk})

    def test_a_member_leaving_promotes_the_first_on_the_waitlist(self):
        shared, _coordinator, _staff, people = self._service(households=5, maximum=3)
        for person in reversed(people):  # the last invited confirm first
            service_ops.seat_confirm(actor=person, service=shared)
        first_waiting = people[1]
        service_ops.service_leave(actor=people[4], service=shared)
        assert Membership.objects.get(service=shared, user=first_waiting).state == M.MEMBER
        assert Membership.objects.get(service=shared, user=people[0]).state == M.WAITLISTED
        assert Notification.objects.filter(
            kind="service.promoted", recipient=first_waiting
        ).exists()
        shared.refresh_from_db()
        assert (shared.members_count, shared.waitlist_count) == (3, 1)

    def test_leaving_twice_is_refused(self):
        shared, _coordinator, _staff, people = self._service()
        service_ops.seat_confirm(actor=people[0], service=shared)
        service_ops.service_leave(actor=people[0], service=shared)
        with pytest.raises(StateConflict):
            service_ops.service_leave(actor=people[0], service=shared)
        with pytest.raises(StateConflict):
            service_ops.service_leave(actor=UserFactory(), service=shared)

    def test_confirming_after_the_window_is_refused_and_the_invitation_expires(self):
        shared, _coordinator, _staff, people = self._service(households=3)
        SharedService.objects.filter(pk=shared.pk).update(
            confirm_by=timezone.now() - datetime.timedelta(minutes=1)
        )
        shared.refresh_from_db()
        with pytest.raises(StateConflict):
            service_ops.seat_confirm(actor=people[0], service=shared)
        assert service_ops.invitations_expire() == 3
        assert service_ops.invitations_expire() == 0
        assert shared.memberships.filter(state=M.EXPIRED).count() == 3

    def test_lapsed_invitations_go_through_the_state_table_and_the_audit_trail(self):
        shared, _coordinator, _staff, people = self._service(households=3)
        service_ops.seat_confirm(actor=people[0], service=shared)
        SharedService.objects.filter(pk=shared.pk).update(
            confirm_by=timezone.now() - datetime.timedelta(minutes=1)
        )
        assert service_ops.invitations_expire() == 2
        lapsed = shared.memberships.filter(state=M.EXPIRED)
        assert {m.user for m in lapsed} == set(people[1:])
        assert all(m.ended_at is not None for m in lapsed)
        assert shared.memberships.get(user=people[0]).state == M.MEMBER
        entries = AuditEntry.objects.filter(action="service.invitation_expired")
        assert sorted(entry.data["user"] for entry in entries) == sorted(p.pk for p in people[1:])
        assert {(entry.actor, entry.on_behalf_of) for entry in entries} == {(None, None)}

    def test_a_lapse_the_state_table_does_not_allow_is_refused(self, monkeypatch):
        shared, _coordinator, _staff, _people = self._service(households=2)
        SharedService.objects.filter(pk=shared.pk).update(
            confirm_by=timezone.now() - datetime.timedelta(minutes=1)
        )
        table = dict(MEMBERSHIP_TRANSITIONS)
        del table[(M.INVITED, M.EXPIRED)]
        monkeypatch.setattr(MEMBERSHIP_STATES, "transitions", table)
        with pytest.raises(StateConflict):
            service_ops.invitations_expire()
        assert not shared.memberships.filter(state=M.EXPIRED).exists()

    def test_confirming_twice_is_refused(self):
        shared, _coordinator, _staff, people = self._service()
        service_ops.seat_confirm(actor=people[0], service=shared)
        with pytest.raises(StateConflict):
            service_ops.seat_confirm(actor=people[0], service=shared)

    def test_outsiders_ask_for_a_seat_only_once_the_service_runs(self):
        shared, coordinator, _staff, people = self._service(households=3, maximum=3)
        outsider = UserFactory()
        with pytest.raises(StateConflict):
            service_ops.seat_confirm(actor=outsider, service=shared)
        for person in people[:2]:
            service_ops.seat_confirm(actor=person, service=shared)
        service_ops.seat_decline(actor=people[2], service=shared)
        service_ops.service_start(actor=coordinator, service=shared)
        assert service_ops.seat_confirm(actor=outsider, service=shared).state == M.MEMBER
        assert service_ops.seat_confirm(actor=UserFactory(), service=shared).state == M.WAITLISTED

    def test_the_service_starts_only_with_the_minimum_households(self):
        shared, coordinator, staff, people = self._service(households=3)
        service_ops.seat_confirm(actor=people[0], service=shared)
        with pytest.raises(StateConflict):
            service_ops.service_start(actor=staff, service=shared)
        with pytest.raises(PermissionDenied):
            service_ops.service_start(actor=people[0], service=shared)
        service_ops.seat_confirm(actor=people[1], service=shared)
        assert service_ops.service_start(actor=staff, service=shared).state == "running"


class TestQuotas:
    def test_the_quota_follows_the_members_and_they_are_told_when_it_moves(self):
        proposal, offer, coordinator, _staff = accepted_with_offer(households=5)
        shared = offers.offer_choose(coordinator=coordinator, offer=offer)
        people = [m.user for m in shared.memberships.select_related("user").order_by("pk")]
        quotas = []
        for person in people:
            service_ops.seat_confirm(actor=person, service=shared)
            shared.refresh_from_db()
            quotas.append(shared.current_quota)
        # 1 household, below the minimum of 2: what each will pay with 2 (30 / 2), never
        # the group's 30 €; 2: 15; 3: 10; 4: 36/4; 5: 36/5.
        assert quotas == [Decimal(v) for v in ("15.00", "15.00", "10.00", "9.00", "7.20")]
        told = Notification.objects.filter(kind="service.quota_changed", recipient=people[0])
        assert told.count() == 3  # every change after their own confirmation
        assert "7,20" in told.order_by("-pk").first().excerpt
        service_ops.service_leave(actor=people[4], service=shared)
        shared.refresh_from_db()
        assert shared.current_quota == Decimal("9.00")

    def test_co_payment_shares_per_isee_band(self):
        shared, coordinator, _staff = running_service(4, pricing_mode="copayment")
        people = [m.user for m in shared.memberships.select_related("user").order_by("pk")]
        service_ops.copayment_set(
            coordinator=coordinator,
            service=shared,
            percents={"under_10k": 100, "10k_20k": 50, "20k_30k": 0, "over_30k": 0, "": 0},
        )
        service_ops.isee_band_declare(actor=people[0], service=shared, isee_band="under_10k")
        service_ops.isee_band_declare(actor=people[1], service=shared, isee_band="10k_20k")
        assert (
            dict(shared.copayment_shares.values_list("isee_band", "city_percent"))["10k_20k"] == 50
        )
        with pytest.raises(ValidationError):
            service_ops.copayment_set(
                coordinator=coordinator, service=shared, percents={"under_10k": 101}
            )
        with pytest.raises(ValidationError):
            service_ops.copayment_set(
                coordinator=coordinator, service=shared, percents={"under_10k": "abc"}
            )
        with pytest.raises(ValidationError):
            service_ops.isee_band_declare(actor=people[0], service=shared, isee_band="ricco")
        with pytest.raises(PermissionDenied):
            service_ops.isee_band_declare(
                actor=UserFactory(), service=shared, isee_band="under_10k"
            )
        assert CopaymentShare.objects.get(service=shared, isee_band="under_10k").city_percent == 100

    def test_co_payment_is_refused_on_a_paid_service_and_to_other_coordinators(self):
        shared, coordinator, _staff = running_service(3)
        with pytest.raises(StateConflict):
            service_ops.copayment_set(coordinator=coordinator, service=shared, percents={"": 10})
        with pytest.raises(PermissionDenied):
            service_ops.copayment_set(
                coordinator=coordinator_of(make_space("Altrove")), service=shared, percents={}
            )


class TestDeliveries:
    def test_the_provider_logs_sessions_and_members_confirm_or_dispute(self):
        shared, coordinator, staff = running_service(3)
        members = [m.user for m in shared.memberships.select_related("user")]
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        entry = service_deliveries.delivery_log(
            actor=staff, service=shared, date=yesterday, hours="2,5"
        )
        assert entry.hours == Decimal("2.50")
        assert Notification.objects.filter(kind="service.delivery_logged").count() == 3
        service_deliveries.delivery_check(actor=members[0], entry=entry, verdict="confirmed")
        service_deliveries.delivery_check(
            actor=members[1], entry=entry, verdict="disputed", note="Siamo finiti alle 18"
        )
        entry.refresh_from_db()
        assert (entry.confirmed_count, entry.disputed_count) == (1, 1)
        assert Notification.objects.filter(
            kind="service.delivery_disputed", recipient=staff
        ).exists()
        # A member may change their mind; still one check each.
        service_deliveries.delivery_check(actor=members[1], entry=entry, verdict="confirmed")
        entry.refresh_from_db()
        assert (entry.confirmed_count, entry.disputed_count) == (2, 0)

    @pytest.mark.parametrize("hours", ["0", "25", "-1", "abc", "NaN", "0.1"])
    def test_impossible_hours_are_refused(self, hours):
        shared, _coordinator, staff = running_service(2)
        with pytest.raises(ValidationError):
            service_deliveries.delivery_log(
                actor=staff, service=shared, date=timezone.localdate(), hours=hours
            )
        assert not DeliveryEntry.objects.exists()

    def test_future_dates_over_24_hours_a_day_and_other_providers_are_refused(self):
        shared, _coordinator, staff = running_service(2)
        today = timezone.localdate()
        with pytest.raises(ValidationError):
            service_deliveries.delivery_log(
                actor=staff, service=shared, date=today + datetime.timedelta(days=1), hours=2
            )
        service_deliveries.delivery_log(actor=staff, service=shared, date=today, hours=20)
        with pytest.raises(ValidationError):
            service_deliveries.delivery_log(actor=staff, service=shared, date=today, hours=5)
        with pytest.raises(PermissionDenied):
            service_deliveries.delivery_log(
                actor=OrganisationStaffFactory().user, service=shared, date=today, hours=1
            )
        assert DeliveryEntry.objects.count() == 1

    def test_a_dispute_needs_a_note_and_only_members_check(self):
        shared, _coordinator, staff = running_service(2)
        entry = service_deliveries.delivery_log(
            actor=staff, service=shared, date=timezone.localdate(), hours=1
        )
        member = shared.memberships.first().user
        with pytest.raises(ValidationError):
            service_deliveries.delivery_check(
                actor=member, entry=entry, verdict="disputed", note=" "
            )
        with pytest.raises(PermissionDenied):
            service_deliveries.delivery_check(actor=UserFactory(), entry=entry, verdict="confirmed")
        with pytest.raises(PermissionDenied):
            service_deliveries.delivery_check(actor=staff, entry=entry, verdict="confirmed")

    def test_members_rate_from_1_to_5(self):
        shared, _coordinator, _staff = running_service(2)
        member = shared.memberships.first().user
        service_deliveries.service_rate(actor=member, service=shared, stars=4, comment="Brava")
        service_deliveries.service_rate(actor=member, service=shared, stars=5)
        assert list(shared.ratings.values_list("stars", flat=True)) == [5]
        for stars in (0, 6, "x"):
            with pytest.raises(ValidationError):
                service_deliveries.service_rate(actor=member, service=shared, stars=stars)
        with pytest.raises(PermissionDenied):
            service_deliveries.service_rate(actor=UserFactory(), service=shared, stars=3)
