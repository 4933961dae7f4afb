"""The volunteering services: profiles, opportunities and shifts (who may publish them and
what is refused), sign-ups with no overlapping shifts, the waitlist and its promotion, the
cancel deadline and minimum age, cancelling a shift, invitations. Refusals write nothing."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import UserFactory, municipio
from tests.participation.moderation_helpers import city_staff
from tests.volunteering.helpers import (
    at,
    opportunity,
    opportunity_data,
    shift,
    skill,
    space_with_coordinator,
    start_now,
    volunteer,
)
from volunteering import services, slots
from volunteering.models import (
    Invitation,
    Opportunity,
    Shift,
    Signup,
    VolunteerProfile,
)
from wemi_community.core.errors import StateConflict
from wemi_community.core.models import AuditEntry
from wemi_community.notifications.models import Notification

# Date-sensitive: run now and at the awkward instants of tests/instants.py.
pytestmark = [pytest.mark.django_db, pytest.mark.instants]
S = Signup.State


def counts(the_shift: Shift) -> tuple[int, int]:
    the_shift.refresh_from_db()
    return the_shift.seats_taken, the_shift.waitlist_count


def states(the_shift: Shift) -> dict[int, str]:
    return dict(Signup.objects.filter(shift=the_shift).values_list("volunteer_id", "state"))


def profile_data(**changes) -> dict:
    values = {"age_group": "adult", "bio": "Mi piace stare con le persone.", "availability": 0}
    values.update(changes)
    return values


class TestProfile:
    def test_the_profile_is_created_then_edited_in_place(self):
        user = UserFactory()
        cooking = skill("Cucina")
        profile = services.profile_save(
            actor=user,
            data=profile_data(
                skills=[cooking],
                # Trimmed, without repeats whatever the case, blanks dropped.
                languages=[" Arabo ", "arabo", "Italiano", "  "],
                tags=["Chitarra", "chitarra", "Scacchi"],
                # Bits beyond Sunday evening mean nothing: they are dropped.
                availability=slots.bit(1, "morning") | (1 << 25),
                municipio=municipio(8),
            ),
        )
        assert profile.languages == ["Arabo", "Italiano"]
        assert profile.tags == ["Chitarra", "Scacchi"]
        assert profile.availability == slots.bit(1, "morning")
        assert list(profile.skills.all()) == [cooking]
        assert profile.municipio.number == 8 and profile.active
        edited = services.profile_save(actor=user, data=profile_data(age_group="16_17"))
        assert edited.pk == profile.pk and VolunteerProfile.objects.count() == 1
        assert edited.age == 16 and list(edited.skills.all()) == []
        assert list(
            AuditEntry.objects.filter(actor=user).order_by("pk").values_list("action", flat=True)
        ) == ["volunteering.profile_created", "volunteering.profile_edited"]

    def test_at_most_twelve_free_tags(self):
        profile = services.profile_save(
            actor=UserFactory(), data=profile_data(tags=[f"tag {n}" for n in range(20)])
        )
        assert profile.tags == [f"tag {n}" for n in range(12)]

    @pytest.mark.parametrize("age_group", ["", None, "12_13", "ADULT"])
    def test_an_age_group_is_required(self, age_group):
        with pytest.raises(ValidationError) as refused:
            services.profile_save(actor=UserFactory(), data=profile_data(age_group=age_group))
        assert "age_group" in refused.value.message_dict
        assert not VolunteerProfile.objects.exists()

    def test_a_long_bio_is_refused_and_the_profile_is_left_as_it_was(self):
        user = volunteer(bio="Prima")
        with pytest.raises(ValidationError) as refused:
            services.profile_save(actor=user, data=profile_data(bio="x" * 601))
        assert "bio" in refused.value.message_dict
        assert VolunteerProfile.objects.get(user=user).bio == "Prima"

    def test_only_active_signed_in_people_have_a_profile(self):
        for person in (AnonymousUser(), UserFactory(is_active=False)):
            with pytest.raises(PermissionDenied):
                services.profile_save(actor=person, data=profile_data())
        assert not VolunteerProfile.objects.exists()


class TestOpportunitiesAndShifts:
    def test_a_coordinator_publishes_an_opportunity_and_its_shift(self):
        created, coordinator = opportunity(skills=["Cucina"], languages=["Arabo", "arabo"])
        assert created.space.pk and created.created_by == coordinator
        assert "<strong>orientarlo</strong>" in created.description_html
        assert created.languages == ["Arabo"]
        assert [s.name for s in created.skills.all()] == ["Cucina"]
        added = shift(created, coordinator, days=5, start=(9, 30), end=(12, 0), capacity=3)
        assert (added.capacity, added.seats_taken, added.free) == (3, 0, 3)
        assert added.duration_hours == pytest.approx(2.5)
        weekday = timezone.localtime(added.starts_at).weekday()
        assert added.slots == slots.bit(weekday, "morning")

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"title": "   "}, "title"),
            ({"commitment": "forever"}, "commitment"),
            ({"min_age": 15}, "min_age"),
            ({"min_age": "diciotto"}, "min_age"),
            ({"cancel_hours": 169}, "cancel_hours"),
            ({"cancel_hours": -1}, "cancel_hours"),
        ],
    )
    def test_bad_opportunities_are_refused_and_nothing_is_written(self, changes, field):
        space, coordinator = space_with_coordinator()
        with pytest.raises(ValidationError) as refused:
            services.opportunity_create(
                actor=coordinator, space=space, data=opportunity_data(**changes)
            )
        assert field in refused.value.message_dict
        assert not Opportunity.objects.exists()

    @pytest.mark.parametrize(
        ("starts", "ends", "capacity", "field"),
        [
            # (days from today, hour) in Milan.
            ((5, 12), (5, 10), 2, "ends_at"),
            ((5, 10), (5, 10), 2, "ends_at"),
            ((-1, 10), (-1, 12), 2, "starts_at"),
            ((5, 10), (6, 11), 2, "ends_at"),
            (None, (5, 12), 2, "starts_at"),
            ((5, 10), (5, 12), 0, "capacity"),
            ((5, 10), (5, 12), -1, "capacity"),
            ((5, 10), (5, 12), 201, "capacity"),
            ((5, 10), (5, 12), "due", "capacity"),
        ],
    )
    def test_bad_shifts_are_refused_and_nothing_is_written(self, starts, ends, capacity, field):
        created, coordinator = opportunity()
        with pytest.raises(ValidationError) as refused:
            services.shift_add(
                actor=coordinator,
                opportunity=created,
                starts_at=at(*starts) if starts else None,
                ends_at=at(*ends),
                capacity=capacity,
            )
        assert field in refused.value.message_dict
        assert not Shift.objects.exists()

    def test_another_spaces_coordinator_may_not_publish_or_add_shifts(self):
        created, _coordinator = opportunity()
        other_space, other = space_with_coordinator()
        for outsider in (other, UserFactory(), volunteer()):
            with pytest.raises(PermissionDenied):
                services.opportunity_create(
                    actor=outsider, space=created.space, data=opportunity_data()
                )
            with pytest.raises(PermissionDenied):
                shift(created, outsider)
            with pytest.raises(PermissionDenied):
                services.opportunity_update(
                    actor=outsider, opportunity=created, data=opportunity_data(title="Mia")
                )
        assert Opportunity.objects.count() == 1 and not Shift.objects.exists()
        created.refresh_from_db()
        assert created.title == "Accoglienza allo Spazio"
        assert other_space.volunteer_opportunities.count() == 0

    def test_city_staff_may_publish_in_any_space(self):
        space, _coordinator = space_with_coordinator()
        staff = city_staff()
        created, _ = opportunity(space=space, coordinator=staff)
        added = shift(created, staff)
        edited = services.opportunity_update(
            actor=staff, opportunity=created, data=opportunity_data(title="Nuovo titolo")
        )
        assert added.opportunity == created and edited.title == "Nuovo titolo"


class TestSignups:
    def test_places_then_the_waitlist(self):
        created, coordinator = opportunity()
        the_shift = shift(created, coordinator, capacity=2)
        first, second, third = (
            services.signup_create(actor=volunteer(), shift=the_shift) for _ in range(3)
        )
        assert [first.state, second.state, third.state] == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]
        assert counts(the_shift) == (2, 1)
        with pytest.raises(StateConflict):
            services.signup_create(actor=first.volunteer, shift=the_shift)
        assert counts(the_shift) == (2, 1) and Signup.objects.count() == 3

    def test_people_without_a_profile_cannot_sign_up(self):
        created, coordinator = opportunity()
        the_shift = shift(created, coordinator)
        with pytest.raises(PermissionDenied):
            services.signup_create(actor=UserFactory(), shift=the_shift)
        assert counts(the_shift) == (0, 0) and not Signup.objects.exists()

    def test_an_overlapping_shift_is_refused_naming_the_clash(self):
        created, coordinator = opportunity(title="Merenda solidale")
        morning = shift(created, coordinator, days=5, start=10, end=12)
        other, other_coordinator = opportunity(title="Doposcuola")
        overlapping = shift(other, other_coordinator, days=5, start=11, end=13)
        person = volunteer()
        services.signup_create(actor=person, shift=morning)
        with pytest.raises(StateConflict) as refused:
            services.signup_create(actor=person, shift=overlapping)
        message = str(refused.value)
        # The clash is named: the other opportunity's title, its day and times in Milan.
        local_start = timezone.localtime(morning.starts_at)
        assert "Merenda solidale" in message
        assert local_start.strftime("%d/%m/%Y 10:00") in message and "12:00" in message
        assert counts(overlapping) == (0, 0)
        assert not Signup.objects.filter(shift=overlapping).exists()

    def test_a_place_on_a_waitlist_also_clashes(self):
        created, coordinator = opportunity()
        full = shift(created, coordinator, days=5, start=10, end=12, capacity=1)
        overlapping = shift(created, coordinator, days=5, start=11, end=12)
        services.signup_create(actor=volunteer(), shift=full)
        person = volunteer()
        assert services.signup_create(actor=person, shift=full).state == S.WAITLISTED
        with pytest.raises(StateConflict):
            services.signup_create(actor=person, shift=overlapping)

    def test_back_to_back_shifts_do_not_clash_nor_cancelled_ones(self):
        created, coordinator = opportunity()
        morning = shift(created, coordinator, days=5, start=10, end=12)
        noon = shift(created, coordinator, days=5, start=12, end=14)
        overlapping = shift(created, coordinator, days=5, start=11, end=13)
        person = volunteer()
        services.signup_create(actor=person, shift=morning)
        assert services.signup_create(actor=person, shift=noon).state == S.CONFIRMED
        # Cancelled by the volunteer, or the shift cancelled: neither blocks any longer.
        services.signup_cancel(actor=person, signup=Signup.objects.get(shift=morning))
        services.shift_cancel(actor=coordinator, shift=noon)
        assert services.signup_create(actor=person, shift=overlapping).state == S.CONFIRMED

    def test_cancelling_promotes_the_first_on_the_waitlist_and_tells_them(self):
        created, coordinator = opportunity()
        the_shift = shift(created, coordinator, capacity=1)
        holder, first, second = volunteer(), volunteer(), volunteer()
        mine = services.signup_create(actor=holder, shift=the_shift)
        services.signup_create(actor=first, shift=the_shift)
        services.signup_create(actor=second, shift=the_shift)
        services.signup_cancel(actor=holder, signup=mine)
        assert states(the_shift) == {
            holder.pk: S.CANCELLED,
            first.pk: S.CONFIRMED,
            second.pk: S.WAITLISTED,
        }
        assert counts(the_shift) == (1, 1)
        promoted = Signup.objects.get(volunteer=first)
        assert promoted.promoted_at is not None
        told = Notification.objects.filter(kind="volunteering.promoted")
        assert list(told.values_list("recipient_id", flat=True)) == [first.pk]

    def test_leaving_the_waitlist_promotes_nobody(self):
        created, coordinator = opportunity()
        the_shift = shift(created, coordinator, capacity=1)
        services.signup_create(actor=volunteer(), shift=the_shift)
        waiting = services.signup_create(actor=volunteer(), shift=the_shift)
        services.signup_cancel(actor=waiting.volunteer, signup=waiting)
        assert counts(the_shift) == (1, 0)
        assert not Notification.objects.filter(kind="volunteering.promoted").exists()

    def test_cancelling_after_the_deadline_is_refused(self):
        # A week's notice for a shift in five days: the deadline has passed.
        created, coordinator = opportunity(cancel_hours=168)
        the_shift = shift(created, coordinator, days=5, capacity=1)
        signup = services.signup_create(actor=volunteer(), shift=the_shift)
        waiting = services.signup_create(actor=volunteer(), shift=the_shift)
        with pytest.raises(StateConflict) as refused:
            services.signup_cancel(actor=signup.volunteer, signup=signup)
        assert "168" in str(refused.value)
        signup.refresh_from_db()
        assert signup.state == S.CONFIRMED and counts(the_shift) == (1, 1)
        # Leaving the waitlist frees no one's place: it stays possible.
        services.signup_cancel(actor=waiting.volunteer, signup=waiting)
        assert counts(the_shift) == (1, 0)

    def test_cancelling_before_the_deadline_is_allowed(self):
        created, coordinator = opportunity(cancel_hours=24)
        the_shift = shift(created, coordinator, days=2)
        signup = services.signup_create(actor=volunteer(), shift=the_shift)
        services.signup_cancel(actor=signup.volunteer, signup=signup)
        assert counts(the_shift) == (0, 0)
        assert services.cancel_deadline(the_shift) == the_shift.starts_at - datetime.timedelta(
            hours=24
        )

    def test_only_the_volunteer_cancels_and_only_once(self):
        created, coordinator = opportunity()
        the_shift = shift(created, coordinator)
        signup = services.signup_create(actor=volunteer(), shift=the_shift)
        for outsider in (volunteer(), coordinator):
            with pytest.raises(PermissionDenied):
                services.signup_cancel(actor=outsider, signup=signup)
        services.signup_cancel(actor=signup.volunteer, signup=signup)
        with pytest.raises(StateConflict):
            services.signup_cancel(actor=signup.volunteer, signup=signup)
        assert counts(the_shift) == (0, 0)

    @pytest.mark.parametrize(
        ("min_age", "age_group", "allowed"),
        [
            (18, "16_17", False),
            (18, "14_15", False),
            (16, "14_15", False),
            (16, "16_17", True),
            (14, "14_15", True),
            (18, "adult", True),
        ],
    )
    def test_the_minimum_age(self, min_age, age_group, allowed):
        created, coordinator = opportunity(min_age=min_age)
        the_shift = shift(created, coordinator)
        person = volunteer(age_group=age_group)
        if allowed:
            assert services.signup_create(actor=person, shift=the_shift).state == S.CONFIRMED
        else:
            with pytest.raises(StateConflict) as refused:
                services.signup_create(actor=person, shift=the_shift)
            assert str(min_age) in str(refused.value)
            assert counts(the_shift) == (0, 0) and not Signup.objects.exists()

    def test_no_sign_up_for_a_started_or_cancelled_shift_or_a_closed_opportunity(self):
        created, coordinator = opportunity()
        started = start_now(shift(created, coordinator, days=3))
        cancelled = shift(created, coordinator, days=4)
        services.shift_cancel(actor=coordinator, shift=cancelled)
        person = volunteer()
        for refused in (started, cancelled):
            with pytest.raises(StateConflict):
                services.signup_create(actor=person, shift=refused)
        closed, closer = opportunity()
        later = shift(closed, closer)
        Opportunity.objects.filter(pk=closed.pk).update(closed_at=timezone.now())
        with pytest.raises(StateConflict):
            services.signup_create(actor=person, shift=later)
        assert not Signup.objects.exists()


class TestShiftCancel:
    def test_the_coordinator_cancels_a_shift_and_its_volunteers_are_told(self):
        created, coordinator = opportunity()
        the_shift = shift(created, coordinator, capacity=1)
        on_it, waiting, gone = volunteer(), volunteer(), volunteer()
        services.signup_create(actor=on_it, shift=the_shift)
        services.signup_create(actor=waiting, shift=the_shift)
        services.signup_cancel(
            actor=on_it, signup=Signup.objects.get(volunteer=on_it)
        )  # waiting is promoted
        services.signup_create(actor=gone, shift=the_shift)
        services.signup_cancel(actor=gone, signup=Signup.objects.get(volunteer=gone))
        services.shift_cancel(actor=coordinator, shift=the_shift)
        the_shift.refresh_from_db()
        assert the_shift.cancelled_at is not None
        told = Notification.objects.filter(kind="volunteering.shift_cancelled")
        assert set(told.values_list("recipient_id", flat=True)) == {waiting.pk}
        with pytest.raises(StateConflict):
            services.shift_cancel(actor=coordinator, shift=the_shift)

    def test_only_its_coordinators_and_not_once_started(self):
        created, coordinator = opportunity()
        the_shift = shift(created, coordinator)
        _space, other = space_with_coordinator()
        with pytest.raises(PermissionDenied):
            services.shift_cancel(actor=other, shift=the_shift)
        start_now(the_shift)
        with pytest.raises(StateConflict):
            services.shift_cancel(actor=coordinator, shift=the_shift)
        the_shift.refresh_from_db()
        assert the_shift.cancelled_at is None


class TestInvitations:
    def _setup(self, **changes):
        created, coordinator = opportunity(**changes)
        return shift(created, coordinator, capacity=1), coordinator

    def test_invite_then_accept(self):
        the_shift, coordinator = self._setup()
        person = volunteer()
        invitation = services.invite(actor=coordinator, shift=the_shift, volunteer=person)
        assert invitation.state == Invitation.State.PENDING
        assert Notification.objects.filter(recipient=person, kind="volunteering.invited").exists()
        answered = services.invitation_answer(actor=person, invitation=invitation, accept=True)
        assert answered.state == Invitation.State.ACCEPTED and answered.answered_at
        assert states(the_shift) == {person.pk: S.CONFIRMED}
        with pytest.raises(StateConflict):
            services.invitation_answer(actor=person, invitation=invitation, accept=False)

    def test_accepting_when_the_shift_filled_up_puts_one_on_the_waitlist(self):
        the_shift, coordinator = self._setup()
        person = volunteer()
        invitation = services.invite(actor=coordinator, shift=the_shift, volunteer=person)
        services.signup_create(actor=volunteer(), shift=the_shift)
        services.invitation_answer(actor=person, invitation=invitation, accept=True)
        assert states(the_shift)[person.pk] == S.WAITLISTED

    def test_decline(self):
        the_shift, coordinator = self._setup()
        person = volunteer()
        invitation = services.invite(actor=coordinator, shift=the_shift, volunteer=person)
        with pytest.raises(PermissionDenied):
            services.invitation_answer(actor=volunteer(), invitation=invitation, accept=True)
        declined = services.invitation_answer(actor=person, invitation=invitation, accept=False)
        assert declined.state == Invitation.State.DECLINED
        assert not Signup.objects.exists() and counts(the_shift) == (0, 0)
        # Declined once is answered: no second invitation to the same shift.
        with pytest.raises(StateConflict):
            services.invite(actor=coordinator, shift=the_shift, volunteer=person)

    def test_signing_up_directly_answers_a_pending_invitation(self):
        the_shift, coordinator = self._setup()
        person = volunteer()
        invitation = services.invite(actor=coordinator, shift=the_shift, volunteer=person)
        services.signup_create(actor=person, shift=the_shift)
        invitation.refresh_from_db()
        assert invitation.state == Invitation.State.ACCEPTED

    def test_invitations_that_are_refused(self):
        the_shift, coordinator = self._setup(min_age=18)
        _space, other = space_with_coordinator()
        with pytest.raises(PermissionDenied):
            services.invite(actor=other, shift=the_shift, volunteer=volunteer())
        with pytest.raises(ValidationError):
            services.invite(actor=coordinator, shift=the_shift, volunteer=UserFactory())
        resting = volunteer()
        VolunteerProfile.objects.filter(user=resting).update(active=False)
        with pytest.raises(ValidationError):
            services.invite(actor=coordinator, shift=the_shift, volunteer=resting)
        with pytest.raises(StateConflict):
            services.invite(
                actor=coordinator, shift=the_shift, volunteer=volunteer(age_group="16_17")
            )
        on_it = volunteer()
        services.signup_create(actor=on_it, shift=the_shift)
        with pytest.raises(StateConflict):
            services.invite(actor=coordinator, shift=the_shift, volunteer=on_it)
        assert not Invitation.objects.exists()
        assert not Notification.objects.filter(kind="volunteering.invited").exists()

    def test_accepting_into_a_clash_is_refused_and_the_invitation_stays_open(self):
        the_shift, coordinator = self._setup()
        person = volunteer()
        invitation = services.invite(actor=coordinator, shift=the_shift, volunteer=person)
        start = timezone.localtime(the_shift.starts_at)
        other, other_coordinator = opportunity(title="Altro impegno")
        clash = shift(
            other,
            other_coordinator,
            days=(start.date() - timezone.localdate()).days,
            start=start.hour,
            end=start.hour + 1,
        )
        services.signup_create(actor=person, shift=clash)
        with pytest.raises(StateConflict) as refused:
            services.invitation_answer(actor=person, invitation=invitation, accept=True)
        assert "Altro impegno" in str(refused.value)
        invitation.refresh_from_db()
        assert invitation.state == Invitation.State.PENDING
        assert counts(the_shift) == (0, 0)
        assert not Signup.objects.filter(shift=the_shift).exists()
