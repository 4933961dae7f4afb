"""Who acts and for whom, beyond the sign-ups: answering an invitation, logging hours and
keeping a volunteer profile. The volunteer themselves as before; a space's desk for them,
with both in the audit trail; anyone else is refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.factories import UserFactory
from tests.factories.roles import CoordinatorFactory, DeskOperatorFactory
from tests.factories.spaces import SpaceFactory
from tests.factories.volunteering import ShiftFactory, VolunteerFactory
from volunteering import hours, services
from volunteering.models import HourEntry, Invitation, Signup, VolunteerProfile
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
