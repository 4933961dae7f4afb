"""Check-in at the door: by code, typed or scanned, refused with what a bad code is; the
operator acts for the person whose registration it is, and the trail names both."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from events import checkin, services
from events.models import Registration
from tests.events.helpers import publish
from tests.factories import UserFactory
from tests.factories.roles import DeskOperatorFactory
from tests.factories.spaces import SpaceFactory
from tests.participation.moderation_helpers import desk_operator_of
from wemi_community.core.errors import StateConflict
from wemi_community.core.models import AuditEntry

# Date-sensitive: run now and at the awkward instants of tests/instants.py.
pytestmark = [pytest.mark.django_db, pytest.mark.instants]


def register(event, seats=1, **user_fields):
    return services.registration_create(actor=UserFactory(**user_fields), event=event, seats=seats)


class TestCheckIn:
    def test_the_coordinator_and_the_desk_check_people_in_by_code(self):
        event, coordinator = publish()
        registration = register(event, seats=2)
        checked = checkin.check_in(actor=coordinator, event=event, code=registration.code.lower())
        assert checked.checked_in_at is not None and checked.checked_in_by == coordinator
        with pytest.raises(StateConflict):
            checkin.check_in(actor=coordinator, event=event, code=registration.code)
        checkin.check_in_undo(actor=coordinator, registration=checked)
        desk = desk_operator_of(event.space)
        spaced = f"{registration.code[:4]} {registration.code[4:]}"
        assert checkin.check_in(actor=desk, event=event, code=spaced).checked_in_at

    def test_bad_codes_say_what_they_are(self):
        event, coordinator = publish(capacity=1, max_seats_per_registration=1)
        other, _c = publish(space=event.space, coordinator=coordinator, title="Altro evento")
        elsewhere = register(other)
        register(event)
        waiting = register(event)
        with pytest.raises(ValidationError) as refused:
            checkin.check_in(actor=coordinator, event=event, code=elsewhere.code)
        assert "Altro evento" in refused.value.message_dict["code"][0]
        with pytest.raises(ValidationError):
            checkin.check_in(actor=coordinator, event=event, code="NONESIST")
        with pytest.raises(ValidationError):
            checkin.check_in(actor=coordinator, event=event, code="")
        with pytest.raises(StateConflict):
            checkin.check_in(actor=coordinator, event=event, code=waiting.code)
        with pytest.raises(PermissionDenied):
            checkin.check_in(actor=UserFactory(), event=event, code=waiting.code)
        assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


class TestWhoActsAndForWhom:
    def test_the_operator_checks_in_the_registration_s_person(self):
        event, _coordinator = publish()
        registration = register(event)
        operator = DeskOperatorFactory(space=event.space)
        checkin.check_in(actor=operator, event=event, code=registration.code)
        checkin.check_in_undo(actor=operator, registration=registration)
        for action in ("event.checked_in", "event.check_in_undone"):
            entry = AuditEntry.objects.get(action=action)
            assert (entry.actor, entry.on_behalf_of) == (operator, registration.user)

    def test_an_operator_registered_themselves_is_checked_in_as_themselves(self):
        event, _coordinator = publish()
        operator = DeskOperatorFactory(space=event.space)
        own = services.registration_create(actor=operator, event=event, seats=1)
        checkin.check_in(actor=operator, event=event, code=own.code)
        entry = AuditEntry.objects.get(action="event.checked_in")
        assert (entry.actor, entry.on_behalf_of) == (operator, None)

    def test_another_space_s_desk_or_the_person_may_not(self):
        event, _coordinator = publish()
        registration = register(event)
        other_desk = DeskOperatorFactory(space=SpaceFactory())
        for outsider in (other_desk, registration.user):
            with pytest.raises(PermissionDenied):
                checkin.check_in(actor=outsider, event=event, code=registration.code)
        checkin.check_in(
            actor=DeskOperatorFactory(space=event.space), event=event, code=registration.code
        )
        with pytest.raises(PermissionDenied):
            checkin.check_in_undo(actor=other_desk, registration=registration)
        assert Registration.objects.get(pk=registration.pk).checked_in_at is not None
        assert not AuditEntry.objects.filter(action="event.check_in_undone").exists()
