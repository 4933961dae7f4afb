"""Who acts and for whom, beyond the sign-ups: answering an invitation, logging hours,
keeping a volunteer profile, offers of help and the hours' certificate. The volunteer
themselves as before; a space's desk for them, with both in the audit trail; anyone else is
refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.factories import UserFactory
from tests.factories.roles import CoordinatorFactory, DeskOperatorFactory
from tests.factories.spaces import SpaceFactory
from tests.factories.volunteering import ShiftFactory, VolunteerFactory
from volunteering import hours, offers, services
from volunteering.models import HourEntry, Invitation, Signup, VolunteerOffer, VolunteerProfile
from wemi_community.certificates.models import Certificate
from wemi_community.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def invitation_to(shift, person) -> Invitation:
    coordinator = CoordinatorFactory(space=shift.opportunity.space)
    return services.invite(actor=coordinator, shift=shift, volunteer=person)


def audit(action: str) -> tuple:
    entry = AuditEntry.objects.get(action=action)
    return entry.actor, entry.on_behalf_of


class TestInvitationAnswer:
    def test_the_volunteer_answers_for_themselves(self):
        shift, person = ShiftFactory(), VolunteerFactory()
        services.invitation_answer(
            actor=person, invitation=invitation_to(shift, person), accept=False
        )
        assert audit("volunteering.invitation_declined") == (person, None)

    def test_the_desk_accepts_for_the_volunteer(self):
        shift, person = ShiftFactory(), VolunteerFactory()
        operator = DeskOperatorFactory(space=shift.opportunity.space)
        answered = services.invitation_answer(
            actor=operator, person=person, invitation=invitation_to(shift, person), accept=True
        )
        assert answered.state == Invitation.State.ACCEPTED
        assert Signup.objects.get(shift=shift).volunteer == person
        assert audit("volunteering.signed_up") == (operator, person)

    def test_the_desk_declines_for_the_volunteer(self):
        shift, person = ShiftFactory(), VolunteerFactory()
        operator = DeskOperatorFactory(space=shift.opportunity.space)
        services.invitation_answer(
            actor=operator, person=person, invitation=invitation_to(shift, person), accept=False
        )
        assert audit("volunteering.invitation_declined") == (operator, person)

    def test_another_space_s_desk_or_a_stranger_may_not(self):
        shift, person = ShiftFactory(), VolunteerFactory()
        invitation = invitation_to(shift, person)
        for outsider in (DeskOperatorFactory(space=SpaceFactory()), UserFactory()):
            with pytest.raises(PermissionDenied):
                services.invitation_answer(
                    actor=outsider, person=person, invitation=invitation, accept=True
                )
        assert Invitation.objects.get(pk=invitation.pk).state == Invitation.State.PENDING
        assert not Signup.objects.exists()


class TestHoursLog:
    def log(self, *, actor, space, person=None):
        return hours.hours_log(
            actor=actor, person=person, space=space, day=yesterday(), hours="2", activity="Cucina"
        )

    def test_the_volunteer_logs_their_own(self):
        space, person = SpaceFactory(), VolunteerFactory()
        entry = self.log(actor=person, space=space)
        assert entry.volunteer == person
        assert audit("volunteering.hours_logged") == (person, None)

    def test_the_space_s_desk_logs_for_the_volunteer(self):
        space, person = SpaceFactory(), VolunteerFactory()
        operator = DeskOperatorFactory(space=space)
        entry = self.log(actor=operator, person=person, space=space)
        assert (entry.volunteer, entry.state) == (person, HourEntry.State.PENDING)
        assert audit("volunteering.hours_logged") == (operator, person)

    def test_another_space_s_desk_or_a_stranger_may_not(self):
        space, person = SpaceFactory(), VolunteerFactory()
        for outsider in (DeskOperatorFactory(space=SpaceFactory()), UserFactory()):
            with pytest.raises(PermissionDenied):
                self.log(actor=outsider, person=person, space=space)
        assert not HourEntry.objects.exists()


class TestProfile:
    data = {"age_group": "adult", "skills": [], "languages": [], "availability": 5}

    def test_the_person_keeps_their_own(self):
        person = UserFactory()
        profile = services.profile_save(actor=person, data=self.data)
        assert (profile.user, profile.availability) == (person, 5)
        assert audit("volunteering.profile_created") == (person, None)

    def test_a_desk_keeps_it_for_the_person(self):
        person, operator = UserFactory(), DeskOperatorFactory(space=SpaceFactory())
        profile = services.profile_save(actor=operator, person=person, data=self.data)
        assert profile.user == person
        assert not VolunteerProfile.objects.filter(user=operator).exists()
        assert audit("volunteering.profile_created") == (operator, person)

    def test_someone_without_a_desk_may_not(self):
        person = UserFactory()
        with pytest.raises(PermissionDenied):
            services.profile_save(actor=UserFactory(), person=person, data=self.data)
        assert not VolunteerProfile.objects.exists()


class TestOffersOfHelp:
    data = {"title": "Conversazione in italiano", "description": "", "availability": 0}

    def test_the_volunteer_publishes_and_withdraws_their_own(self):
        person = VolunteerFactory()
        offer = offers.offer_publish(actor=person, data=self.data)
        assert offer.volunteer == person
        assert audit("volunteering.offer_published") == (person, None)
        offers.offer_withdraw(actor=person, offer=offer)
        assert audit("volunteering.offer_withdrawn") == (person, None)

    def test_a_desk_publishes_edits_and_withdraws_for_the_volunteer(self):
        person = VolunteerFactory()
        operator = DeskOperatorFactory(space=SpaceFactory())
        offer = offers.offer_publish(actor=operator, person=person, data=self.data)
        assert offer.volunteer == person
        assert audit("volunteering.offer_published") == (operator, person)
        edited = offers.offer_publish(
            actor=operator, data={**self.data, "title": "Lettura ad alta voce"}, offer=offer
        )
        assert edited.title == "Lettura ad alta voce" and edited.volunteer == person
        offers.offer_withdraw(actor=operator, offer=offer)
        assert audit("volunteering.offer_withdrawn") == (operator, person)
        assert VolunteerOffer.objects.get(pk=offer.pk).state == VolunteerOffer.State.WITHDRAWN

    def test_nobody_else_may(self):
        person = VolunteerFactory()
        stranger = VolunteerFactory()
        with pytest.raises(PermissionDenied):
            offers.offer_publish(actor=stranger, person=person, data=self.data)
        offer = offers.offer_publish(actor=person, data=self.data)
        with pytest.raises(PermissionDenied):
            offers.offer_publish(actor=stranger, data={**self.data, "title": "Mio"}, offer=offer)
        with pytest.raises(PermissionDenied):
            offers.offer_withdraw(actor=stranger, offer=offer)
        kept = VolunteerOffer.objects.get(pk=offer.pk)
        assert kept.title == self.data["title"] and kept.state == VolunteerOffer.State.OPEN


class TestHoursCertificate:
    def volunteer_with_hours(self):
        space = SpaceFactory()
        person = VolunteerFactory()
        entry = hours.hours_log(
            actor=person, space=space, day=yesterday(), hours="2", activity="Doposcuola"
        )
        hours.hours_review(actor=CoordinatorFactory(space=space), entry=entry, approve=True)
        return person, space

    def test_the_volunteer_asks_for_their_own(self):
        person, space = self.volunteer_with_hours()
        certificate = hours.certificate_for(actor=person, space=space)
        assert certificate.holder == person

    def test_the_desk_of_the_space_asks_for_the_volunteer(self):
        person, space = self.volunteer_with_hours()
        operator = DeskOperatorFactory(space=space)
        certificate = hours.certificate_for(actor=operator, person=person, space=space)
        assert certificate.holder == person
        # A certificate of every space: the desk of any space.
        anywhere = hours.certificate_for(
            actor=DeskOperatorFactory(space=SpaceFactory()), person=person
        )
        assert anywhere.holder == person

    def test_another_space_s_desk_or_a_stranger_may_not(self):
        person, space = self.volunteer_with_hours()
        for outsider in (DeskOperatorFactory(space=SpaceFactory()), UserFactory()):
            with pytest.raises(PermissionDenied):
                hours.certificate_for(actor=outsider, person=person, space=space)
        assert not Certificate.objects.exists()
