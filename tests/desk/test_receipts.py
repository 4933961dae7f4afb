"""The receipt of an assisted session: what the operator did for the person (an event's
seats and a course's place through the ordinary pages, with their codes and QR codes), the
space's contacts, on A4 and on a ticket; offered when the session ends and reprinted from the
person's desk page; seen by the desk of the session's space and city staff only."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from desk import assisted
from desk.receipts import session_receipt
from events import services as event_services
from events.models import Enrollment, Registration
from tests.desk.helpers import desk_space, event_at, open_session, posting, register
from tests.events.helpers import weekly_course
from tests.factories import UserFactory
from tests.factories.roles import CityStaffFactory
from tests.participation.moderation_helpers import coordinator_of
from tests.queries import page_text, queries_for

pytestmark = pytest.mark.django_db

MILAN = zoneinfo.ZoneInfo("Europe/Rome")
# A Tuesday morning at the desk: the event is on Sunday the 15th, the course from Tuesday the 17th.
DESK_MORNING = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=MILAN)


@pytest.fixture
def morning():
    with time_machine.travel(DESK_MORNING) as traveller:
        yield traveller


@pytest.fixture
def desk(morning):
    space, operator = desk_space(
        "WeMi San Gottardo",
        address="Corso San Gottardo 41",
        phone="02 8845 1234",
        email="wemi.sangottardo@example.org",
        host_venue="Biblioteca Chiesa Rossa",
    )
    person = register(space, operator).user
    return space, operator, person


@pytest.fixture
def done(client, desk):
    """A session in which the operator took two seats at an event and a place in a course
    for the person, through the ordinary pages, then ended it from the banner."""
    space, operator, person = desk
    event = event_at(space, title="Cucito creativo")
    course, _coordinator = weekly_course(
        space=space, coordinator=coordinator_of(space), title="Educazione finanziaria"
    )
    session = open_session(client, operator, person, space)
    answer = client.post(
        reverse("events:register", args=[event.pk]), posting(session, {"seats": 2})
    )
    assert answer.status_code == 302
    answer = client.post(reverse("events:enroll", args=[course.pk]), posting(session))
    assert answer.status_code == 302
    ended = client.post(reverse("desk:session_end"), posting(session))
    session.refresh_from_db()
    assert not session.is_open()
    return {
        "space": space,
        "operator": operator,
        "person": person,
        "session": session,
        "registration": Registration.objects.get(event=event, user=person),
        "enrollment": Enrollment.objects.get(course=course, user=person),
        "ended": ended,
    }


def receipt_url(session, ticket: bool = False) -> str:
    url = reverse("desk:receipt", args=[session.pk])
    return f"{url}?formato=ticket" if ticket else url


def qr_codes(text: str) -> int:
    return len(re.findall(r'<span class="wemi-qr" role="img" aria-label="[^"]+"><svg', text))


class TestTheReceipt:
    def test_a4_lists_what_was_done_with_codes_and_contacts(self, client, done):
        text = page_text(client, receipt_url(done["session"]))
        assert 'class="desk-print desk-print-a4"' in text
        assert "Ricevuta della sessione assistita" in text
        assert "Per</dt><dd>Giuseppina Ferri" in text
        assert "Operatore</dt><dd>Luca Sportello" in text
        assert "10 marzo 2026" in text
        assert "dalle 09:00 alle 09:" in text
        assert "Che cosa è stato fatto per te" in text
        # The event: what, when, where, seats, code and QR code.
        assert "Iscrizione a un evento" in text
        assert "Cucito creativo" in text
        assert "Quando: Domenica 15 marzo 2026, 10:00–12:00" in text
        assert "WeMi San Gottardo, Corso San Gottardo 41" in text
        assert "2 posti · Confermata" in text
        assert f"Codice: <strong>{done['registration'].code}</strong>" in text
        # The course: its first session, how many, its code and QR code.
        assert "Iscrizione a un corso" in text
        assert "Educazione finanziaria" in text
        assert "Primo incontro: Martedì 17 marzo 2026, 18:00–20:00 · 4 incontri" in text
        assert f"Codice: <strong>{done['enrollment'].code}</strong>" in text
        assert qr_codes(text) == 2
        assert 'aria-label="Codice QR dell&#x27;iscrizione"' in text
        assert "Mostra il codice, o il suo codice QR, all'ingresso." in text
        # The space's contacts and hours.
        assert "Contatti dello spazio" in text
        assert "Biblioteca Chiesa Rossa" in text
        assert "Corso San Gottardo 41, Milano" in text
        assert "Telefono: 02 8845 1234" in text
        assert "E-mail: wemi.sangottardo@example.org" in text
        assert "Orari di apertura" in text
        assert "Stampata il 10/03/2026" in text
        # Printable under the policy: the print button's script is a file, no inline script.
        assert "desk/css/print.css" in text
        assert "desk/js/print.js" in text
        assert "<script>" not in text
        assert "style=" not in text

    def test_the_ticket_has_the_same_codes(self, client, done):
        text = page_text(client, receipt_url(done["session"], ticket=True))
        assert 'class="desk-print desk-print-ticket"' in text
        assert "Ricevuta della sessione assistita" in text
        assert done["registration"].code in text
        assert done["enrollment"].code in text
        assert qr_codes(text) == 2
        assert "Telefono: 02 8845 1234" in text
        assert "Pagina A4" in text  # the way back to the A4 layout

    def test_the_frame_of_the_session_is_not_a_line(self, done):
        receipt = session_receipt(done["session"])
        actions = [line.entry.action for line in receipt.lines]
        assert actions == ["event.registered", "course.enrolled"]
        assert receipt.codes == 2

    def test_in_english_too(self, client, done):
        with translation.override("en"):
            url = reverse("desk:receipt", args=[done["session"].pk])
        text = page_text(client, f"{url}?formato=ticket")
        assert "Receipt of the assisted session" in text
        assert "2 seats · Confirmed" in text
        assert "Sunday 15 March 2026, 10:00–12:00" in text
        assert "4 sessions" in text
        assert "Show the code, or its QR code, at the entrance." in text

    def test_a_seat_given_up_later_prints_no_code(self, client, done):
        registration = done["registration"]
        event_services.registration_cancel(actor=done["person"], registration=registration)
        client.force_login(done["operator"])
        text = page_text(client, receipt_url(done["session"]))
        assert "2 posti · Annullata" in text
        assert registration.code not in text
        assert done["enrollment"].code in text
        assert qr_codes(text) == 1

    def test_a_session_where_nothing_was_done(self, client, desk):
        space, operator, person = desk
        session = open_session(client, operator, person, space)
        assisted.session_end(operator=operator, session=session)
        text = page_text(client, receipt_url(session))
        assert "In questa sessione non è stato fatto nulla." in text
        assert "Mostra il codice" not in text

    def test_queries_do_not_grow_with_the_lines(
        self, client, done, morning, django_assert_num_queries
    ):
        space, operator, person = done["space"], done["operator"], done["person"]
        few = queries_for(client, receipt_url(done["session"]))
        morning.shift(datetime.timedelta(days=1))
        events = [event_at(space, title=f"Incontro {number}") for number in range(4)]
        courses = [
            weekly_course(space=space, coordinator=coordinator_of(space), title=f"Corso {n}")[0]
            for n in range(3)
        ]
        session = open_session(client, operator, person, space)
        for event in events:
            client.post(reverse("events:register", args=[event.pk]), posting(session, {"seats": 1}))
        for course in courses:
            client.post(reverse("events:enroll", args=[course.pk]), posting(session))
        client.post(reverse("desk:session_end"), posting(session))
        text = page_text(client, receipt_url(session))
        assert qr_codes(text) == 7
        with django_assert_num_queries(few):
            client.get(receipt_url(session))


class TestPrintingAndReprinting:
    def test_ending_the_session_offers_the_receipt(self, client, done):
        session = done["session"]
        ended = done["ended"]
        assert ended.status_code == 302
        assert ended.url == (
            f"{reverse('desk:resident', args=[done['person'].pk])}"
            f"?sessione={session.pk}#desk-session"
        )
        text = page_text(client, ended.url)
        assert "La sessione assistita per Giuseppina Ferri è terminata." in text
        assert "La sessione dalle 09:00 alle 09:" in text
        assert "stampa la ricevuta di ciò che è stato fatto per la persona" in text
        assert f'href="{receipt_url(session)}"' in text
        assert "Stampa la ricevuta (A4)" in text
        assert "Stampa la ricevuta (scontrino)" in text

    def test_a_write_refused_after_the_end_leads_to_the_receipt(self, client, done):
        event = event_at(done["space"], title="Yoga dolce")
        answer = client.post(
            reverse("events:register", args=[event.pk]), posting(done["session"], {"seats": 1})
        )
        assert answer.status_code == 409
        text = answer.content.decode()
        assert "Stampa la ricevuta" in text
        assert f'href="{receipt_url(done["session"])}"' in text

    def test_the_offer_is_only_for_an_ended_session_of_the_person(self, client, done):
        other = register(done["space"], done["operator"], first_name="Mario", phone="02 1111 2222")
        url = reverse("desk:resident", args=[other.user_id])
        text = page_text(client, f"{url}?sessione={done['session'].pk}")
        assert "Stampa la ricevuta (A4)" not in text
        text = page_text(client, f"{url}?sessione=abc")
        assert "Stampa la ricevuta (A4)" not in text

    def test_reprinted_from_the_desk_page_after_another_session(self, client, done, morning):
        space, operator, person = done["space"], done["operator"], done["person"]
        first = done["session"]
        morning.shift(datetime.timedelta(days=1))
        yoga = event_at(space, title="Yoga dolce")
        second = open_session(client, operator, person, space)
        client.post(reverse("events:register", args=[yoga.pk]), posting(second, {"seats": 1}))
        client.post(reverse("desk:session_end"), posting(second))
        page = page_text(client, reverse("desk:resident", args=[person.pk]))
        for session in (first, second):
            assert f'href="{receipt_url(session)}"' in page
            assert f'href="{receipt_url(session, ticket=True)}"' in page
        assert "Ricevuta: <a" in page
        # Each receipt holds its own session's work, whenever it is printed.
        text = page_text(client, receipt_url(first))
        assert "Cucito creativo" in text and "Yoga dolce" not in text
        assert done["registration"].code in text
        text = page_text(client, receipt_url(second))
        assert "Yoga dolce" in text and "Cucito creativo" not in text
        assert "11 marzo 2026" in text

    def test_so_far_during_the_session(self, client, desk):
        space, operator, person = desk
        event = event_at(space, title="Cucito creativo")
        session = open_session(client, operator, person, space)
        client.post(reverse("events:register", args=[event.pk]), posting(session, {"seats": 1}))
        # The banner of every page of the session links the receipt so far.
        page = page_text(client, reverse("events:detail", args=[event.pk]))
        assert "Ricevuta finora" in page
        assert f'href="{receipt_url(session)}"' in page
        text = page_text(client, receipt_url(session))
        assert "dalle 09:00 (la sessione è ancora aperta)" in text
        assert Registration.objects.get(event=event).code in text


class TestWhoSeesIt:
    def test_the_desk_of_the_space_and_city_staff(self, client, done):
        url = receipt_url(done["session"])
        for user in (
            done["operator"],
            coordinator_of(done["space"]),
            CityStaffFactory(),
        ):
            client.force_login(user)
            assert client.get(url).status_code == 200, user

    def test_another_spaces_desk_and_the_resident_are_refused(self, client, done):
        url = receipt_url(done["session"])
        _elsewhere, other_operator = desk_space("WeMi Altrove")
        person = done["person"]
        person.set_password("una-password-lunga-2026")
        person.save()
        for user in (other_operator, person, UserFactory()):
            client.force_login(user)
            assert client.get(url).status_code == 403, user
            assert client.get(f"{url}?formato=ticket").status_code == 403, user

    def test_anonymous_goes_to_sign_in(self, client, done):
        client.logout()
        url = receipt_url(done["session"])
        answer = client.get(url)
        assert answer.status_code == 302
        assert reverse("accounts:login") in answer.url

    def test_an_unknown_session(self, client, done):
        assert client.get(reverse("desk:receipt", args=[999999])).status_code == 404

    def test_no_receipt_link_for_another_spaces_session(self, client, done):
        _elsewhere, other_operator = desk_space("WeMi Altrove")
        client.force_login(other_operator)
        page = page_text(client, reverse("desk:resident", args=[done["person"].pk]))
        assert receipt_url(done["session"]) not in page
