"""The sign-ups' state table (volunteering had none before the seat engine) and who may act
for a volunteer: the person, the desk of the shift's space, nobody else."""

import pytest
from django.core.exceptions import PermissionDenied

from tests.participation.moderation_helpers import desk_operator_of
from tests.volunteering.helpers import opportunity, shift, volunteer
from volunteering import services
from volunteering.models import Signup, SignupState
from volunteering.states import SIGNUP_STATES
from wemi_community.core.errors import StateConflict
from wemi_community.core.models import AuditEntry
from wemi_community.participation.seats import PERSON, STAFF, SYSTEM

S = SignupState

ALLOWED = [
    (None, S.CONFIRMED, PERSON),
    (None, S.WAITLISTED, STAFF),
    (S.WAITLISTED, S.CONFIRMED, SYSTEM),
    (S.CONFIRMED, S.CANCELLED, PERSON),
    (S.CONFIRMED, S.CANCELLED, STAFF),
    (S.WAITLISTED, S.CANCELLED, PERSON),
]
REFUSED = [
    (S.WAITLISTED, S.CONFIRMED, PERSON),  # only a freed place moves the waitlist
    (S.WAITLISTED, S.CONFIRMED, STAFF),
    (S.CANCELLED, S.CONFIRMED, PERSON),  # a cancelled sign-up stays cancelled
    (S.CANCELLED, S.WAITLISTED, SYSTEM),
    (S.CONFIRMED, S.WAITLISTED, SYSTEM),
    (None, S.CANCELLED, PERSON),
    (S.CONFIRMED, S.CANCELLED, SYSTEM),
]


@pytest.mark.parametrize(("current", "target", "by"), ALLOWED)
def test_allowed_changes(current, target, by):
    assert SIGNUP_STATES.allows(current, target, by=by)
    SIGNUP_STATES.check(current, target, by=by)


@pytest.mark.parametrize(("current", "target", "by"), REFUSED)
def test_refused_changes_are_a_state_conflict(current, target, by):
    assert not SIGNUP_STATES.allows(current, target, by=by)
    with pytest.raises(StateConflict, match="non può diventare"):
        SIGNUP_STATES.check(current, target, by=by)


@pytest.mark.django_db
class TestActingForAVolunteer:
    def test_the_desk_signs_a_volunteer_up_and_cancels_for_them(self):
        created, coordinator = opportunity()
        the_shift = shift(created, coordinator, capacity=2)
        person, operator = volunteer(), desk_operator_of(created.space)
        signup = services.signup_create(actor=operator, person=person, shift=the_shift)
        assert (signup.volunteer, signup.state) == (person, S.CONFIRMED)
        services.signup_cancel(actor=operator, person=person, signup=signup)
        signup.refresh_from_db()
        assert signup.state == S.CANCELLED
        for action in ("volunteering.signed_up", "volunteering.signup_cancelled"):
            entry = AuditEntry.objects.get(action=action)
            assert (entry.actor, entry.on_behalf_of) == (operator, person)

    def test_someone_else_may_not(self):
        created, coordinator = opportunity()
        the_shift = shift(created, coordinator, capacity=2)
        person, stranger = volunteer(), volunteer()
        with pytest.raises(PermissionDenied):
            services.signup_create(actor=stranger, person=person, shift=the_shift)
        signup = services.signup_create(actor=person, shift=the_shift)
        with pytest.raises(PermissionDenied):
            services.signup_cancel(actor=stranger, person=person, signup=signup)
        assert Signup.objects.get(pk=signup.pk).state == S.CONFIRMED

    def test_a_waiting_volunteer_moves_up_by_the_system_and_it_is_audited(self):
        created, coordinator = opportunity()
        the_shift = shift(created, coordinator, capacity=1)
        first, second = volunteer(), volunteer()
        held = services.signup_create(actor=first, shift=the_shift)
        waiting = services.signup_create(actor=second, shift=the_shift)
        services.signup_cancel(actor=first, signup=held)
        waiting.refresh_from_db()
        assert waiting.state == S.CONFIRMED and waiting.promoted_at is not None
        entry = AuditEntry.objects.get(action="volunteering.promoted")
        assert (entry.actor, entry.data) == (None, {"shift": the_shift.pk})
