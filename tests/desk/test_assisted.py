"""Assisted sessions: starting one (reason, one per operator, never for staff), acting for
the person through the ordinary pages (the trail names the operator, for the person, at
the desk), the pages never done on someone's behalf, and how a session ends (the operator,
the clock, signing out) with the writes of ended sessions refused before anything is
written."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from desk import assisted
from desk.models import AssistedSession
from events.models import Registration
from tests.desk.helpers import desk_space, posting, register, start
from tests.events.helpers import publish
from tests.factories import UserFactory
from tests.factories.roles import CityStaffFactory, CoordinatorFactory
from wemi_community.core.errors import StateConflict
from wemi_community.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    space, operator = desk_space("WeMi San Gottardo")
    person = register(space, operator).user
    return space, operator, person


class TestStart:
    def test_consent_covers_a_desk_resident(self, desk):
        space, operator, person = desk
        session = start(operator, person, space)
        assert session.is_open()
        assert session.expires_at - session.started_at == datetime.timedelta(minutes=30)
        entry = AuditEntry.objects.get(action="desk.session_started")
        assert (entry.actor, entry.on_behalf_of) == (operator, person)

    def test_length_is_a_setting(self, desk, settings):
        settings.DESK_SESSION_MINUTES = 45
        space, operator, person = desk
        session = start(operator, person, space)
        assert session.expires_at - session.started_at == datetime.timedelta(minutes=45)

    def test_an_online_account_needs_a_written_reason(self, desk):
        space, operator, _person = desk
        online = UserFactory(display_name="Anna Online")
        with pytest.raises(ValidationError) as error:
            start(operator, online, space, reason="boh")
        assert "reason" in error.value.message_dict
        assert start(operator, online, space, reason="Non riesce a usare il telefono").is_open()

    def test_unsigned_consent_needs_a_reason_too(self, desk):
        space, operator, _person = desk
        unsigned = register(space, operator, consent=False, phone="02 1234 5678").user
        with pytest.raises(ValidationError):
            start(operator, unsigned, space)

    def test_one_session_per_operator(self, desk):
        space, operator, person = desk
        other = register(space, operator, first_name="Mario", phone="02 1234 9999").user
        start(operator, person, space)
        with pytest.raises(StateConflict):
            start(operator, other, space)
        assert AssistedSession.objects.filter(operator=operator, ended_at__isnull=True).count() == 1

    def test_an_expired_session_does_not_block_the_next(self, desk):
        space, operator, person = desk
        start(operator, person, space)
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
            again = start(operator, person, space)
        assert again.is_open()
        assert AssistedSession.objects.filter(end_reason="timeout").count() == 1

    def test_never_for_staff_nor_at_another_desk(self, desk):
        space, operator, person = desk
        other_space, other_operator = desk_space("WeMi Altrove")
        with pytest.raises(PermissionDenied):
            start(other_operator, person, space)
        for staff in (CoordinatorFactory(space=other_space), CityStaffFactory(), other_operator):
            with pytest.raises(PermissionDenied):
                start(operator, staff, space)
        with pytest.raises(PermissionDenied):
            start(operator, operator, space)

    def test_start_page_asks_the_reason_next_to_the_field(self, client, desk):
        space, operator, _person = desk
        online = UserFactory(display_name="Anna Online")
        client.force_login(operator)
        page = client.post(reverse("desk:session_start", args=[online.pk]), {"reason": ""})
        assert page.status_code == 422
        assert "almeno 10 caratteri" in page.content.decode()
        assert not AssistedSession.objects.exists()


class TestActingThroughTheOrdinaryPages:
    def test_event_seats_are_the_persons_and_the_trail_names_the_operator(self, client, desk):
        space, operator, person = desk
        event, _coordinator = publish(space=space, title="Cucito creativo")
        session = start(operator, person, space)
        client.force_login(operator)
        page = client.get(reverse("events:detail", args=[event.pk]))
        text = page.content.decode()
        assert "Stai agendo per Giuseppina Ferri" in text
        assert session.token in text
        answer = client.post(
            reverse("events:register", args=[event.pk]), posting(session, {"seats": 2})
        )
        assert answer.status_code in (200, 302)
        registration = Registration.objects.get(event=event)
        assert (registration.user, registration.seats) == (person, 2)
        entry = AuditEntry.objects.filter(on_behalf_of=person, action__startswith="event.").get()
        assert entry.actor == operator
        assert entry.data["desk"] == "WeMi San Gottardo"

    def test_the_persons_pages_say_what_the_desk_did(self, client, desk):
        space, operator, person = desk
        event, _coordinator = publish(space=space, title="Cucito creativo")
        session = start(operator, person, space)
        client.force_login(operator)
        client.post(reverse("events:register", args=[event.pk]), posting(session, {"seats": 1}))
        assisted.session_end(operator=operator, session=session)
        person.set_password("una-password-lunga-2026")
        person.save()
        client.force_login(person)
        text = client.get(reverse("accounts:profile")).content.decode()
        assert "Fatto per te allo sportello di WeMi San Gottardo" in text
        assert "Cucito creativo" in text

    def test_never_on_behalf(self, client, desk):
        space, operator, person = desk
        session = start(operator, person, space)
        client.force_login(operator)
        for url in (reverse("accounts:password_change"), "/admin/"):
            page = client.get(url)
            assert page.status_code == 403, url
            assert "mai per conto di qualcuno" in page.content.decode()
        profile = client.post(reverse("accounts:profile"), posting(session, {"display_name": "X"}))
        assert profile.status_code == 403

    def test_a_write_without_the_sessions_token_is_refused(self, client, desk):
        space, operator, person = desk
        event, _coordinator = publish(space=space)
        start(operator, person, space)
        client.force_login(operator)
        answer = client.post(reverse("events:register", args=[event.pk]), {"seats": 1})
        assert answer.status_code == 409
        assert not Registration.objects.exists()


class TestEnding:
    def test_the_operator_ends_it(self, client, desk):
        space, operator, person = desk
        session = start(operator, person, space)
        client.force_login(operator)
        client.post(reverse("desk:session_end"), posting(session))
        session.refresh_from_db()
        assert session.end_reason == "ended"
        assert "Stai agendo per" not in client.get("/").content.decode()

    def test_expired_while_a_form_was_open(self, client, desk):
        space, operator, person = desk
        event, _coordinator = publish(space=space)
        session = start(operator, person, space)
        client.force_login(operator)
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
            answer = client.post(
                reverse("events:register", args=[event.pk]), posting(session, {"seats": 1})
            )
        assert answer.status_code == 409
        assert "nulla è stato salvato" in answer.content.decode()
        assert not Registration.objects.exists()
        session.refresh_from_db()
        assert session.end_reason == "timeout"

    def test_a_second_tab_after_the_session_ended(self, client, desk):
        space, operator, person = desk
        event, _coordinator = publish(space=space)
        session = start(operator, person, space)
        client.force_login(operator)
        assisted.session_end(operator=operator, session=session)
        answer = client.post(
            reverse("events:register", args=[event.pk]), posting(session, {"seats": 1})
        )
        assert answer.status_code == 409
        assert not Registration.objects.exists()

    def test_signing_out_ends_it(self, client, desk):
        space, operator, person = desk
        session = start(operator, person, space)
        client.force_login(operator)
        client.post(reverse("accounts:logout"), posting(session))
        session.refresh_from_db()
        assert session.end_reason == "logout"

    def test_city_staff_see_every_session_in_the_trail(self, desk):
        space, operator, person = desk
        session = start(operator, person, space)
        assisted.session_end(operator=operator, session=session)
        actions = set(
            AuditEntry.objects.filter(actor=operator, on_behalf_of=person).values_list(
                "action", flat=True
            )
        )
        assert {"desk.session_started", "desk.session_ended"} <= actions
