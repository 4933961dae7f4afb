"""The event pages as people meet them: the list with its filters and the month calendar, an
event's page with registration (seats, waitlist, code, cancelling), "my events", the space's
and the home page's sections, the search; bad input on each; fixed query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events import calendar_tokens, services
from events.models import Registration
from tests.events.helpers import day, move_to_the_past, publish, space_with_coordinator
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
R = Registration.State


def signed_in(client, user=None):
    user = user or UserFactory(display_name="Giulia")
    client.force_login(user)
    return user


class TestList:
    def test_upcoming_events_only_not_past_or_cancelled(self, client):
        event, coordinator = publish(title="Cucito creativo")
        past, _c = publish(space=event.space, coordinator=coordinator, title="Già fatto")
        move_to_the_past(past)
        cancelled, _c = publish(space=event.space, coordinator=coordinator, title="Annullato")
        services.event_cancel(actor=coordinator, event=cancelled)
        text = client.get(reverse("events:list")).content.decode()
        assert "Cucito creativo" in text
        assert "Già fatto" not in text and ">Annullato<" not in text

    def test_filters(self, client):
        space, coordinator = space_with_coordinator(municipio=8)
        other_space, other_coordinator = space_with_coordinator(municipio=3)
        publish(space=space, coordinator=coordinator, title="Cucito", category="workshop", days=3)
        publish(
            space=space,
            coordinator=coordinator,
            title="Assemblea aperta",
            category="assembly",
            days=10,
        )
        full, _c = publish(
            space=other_space,
            coordinator=other_coordinator,
            title="Pieno",
            capacity=1,
            max_seats_per_registration=1,
            days=4,
        )
        services.registration_create(actor=UserFactory(), event=full, seats=1)

        def titles(**query):
            page = client.get(reverse("events:list"), query).content.decode()
            return {
                title for title in ("Cucito", "Assemblea aperta", "Pieno") if f">{title}<" in page
            }

        assert titles() == {"Cucito", "Assemblea aperta", "Pieno"}
        assert titles(space=space.pk) == {"Cucito", "Assemblea aperta"}
        assert titles(municipio=other_space.municipio.pk) == {"Pieno"}
        assert titles(category="assembly") == {"Assemblea aperta"}
        assert titles(date_from=day(2).isoformat(), date_to=day(5).isoformat()) == {
            "Cucito",
            "Pieno",
        }
        assert titles(free_seats="on") == {"Cucito", "Assemblea aperta"}
        assert titles(q="assem") == {"Assemblea aperta"}
        bad = client.get(
            reverse("events:list"), {"date_from": "2027-02-01", "date_to": "2027-01-01"}
        )
        assert (
            bad.status_code == 200
            and "L&#x27;ultimo giorno non può venire prima" in bad.content.decode()
        )

    @pytest.mark.instants
    def test_the_list_costs_the_same_queries_for_few_and_many(
        self, client, django_assert_max_num_queries
    ):
        space, coordinator = space_with_coordinator()
        publish(space=space, coordinator=coordinator)
        client.get(reverse("events:list"))
        with django_assert_max_num_queries(30) as few:
            client.get(reverse("events:list"))
        # Counted now: the connection's log of queries is bounded and the writes below roll it.
        few = len(few.captured_queries)
        for n in range(25):
            publish(space=space, coordinator=coordinator, title=f"Evento {n}", days=2 + n % 9)
        # The writes moved the versions of the cached fragments: compare warm with warm.
        client.get(reverse("events:list"))
        with django_assert_max_num_queries(few):
            client.get(reverse("events:list"))


class TestCalendar:
    def test_a_month_shows_each_event_on_its_day(self, client):
        event, _c = publish(title="Cucito creativo", days=5)
        local = timezone.localtime(event.starts_at)
        page = client.get(reverse("events:calendar"), {"mese": local.strftime("%Y-%m")})
        text = page.content.decode()
        assert page.status_code == 200 and "Cucito creativo" in text
        assert '<table class="wemi-month"' in text and 'scope="col"' in text
        next_month = (local.replace(day=1) + datetime.timedelta(days=40)).strftime("%Y-%m")
        assert (
            "Cucito creativo"
            not in client.get(reverse("events:calendar"), {"mese": next_month}).content.decode()
        )

    def test_the_month_shows_its_past_days_too(self, client):
        event, _c = publish(title="Incontro già fatto", days=5)
        move_to_the_past(event, days=1)
        month = timezone.localtime(event.starts_at).strftime("%Y-%m")
        page = client.get(reverse("events:calendar"), {"mese": month}).content.decode()
        assert "Incontro già fatto" in page

    @pytest.mark.parametrize("month", ["2027-13", "abc", "1999-01", "2027"])
    def test_a_bad_month_shows_this_one(self, client, month):
        page = client.get(reverse("events:calendar"), {"mese": month})
        assert page.status_code == 200
        assert 'aria-current="date"' in page.content.decode()

    @pytest.mark.instants
    def test_the_calendar_costs_the_same_queries_for_few_and_many(
        self, client, django_assert_max_num_queries
    ):
        space, coordinator = space_with_coordinator()
        event, _c = publish(space=space, coordinator=coordinator, days=3)
        month = timezone.localtime(event.starts_at).strftime("%Y-%m")
        client.get(reverse("events:calendar"), {"mese": month})
        with django_assert_max_num_queries(30) as few:
            client.get(reverse("events:calendar"), {"mese": month})
        # Counted now: the connection's log of queries is bounded and the writes below roll it.
        few = len(few.captured_queries)
        for n in range(20):
            publish(space=space, coordinator=coordinator, title=f"E{n}", days=3)
        # The writes moved the versions of the cached fragments: compare warm with warm.
        client.get(reverse("events:calendar"), {"mese": month})
        with django_assert_max_num_queries(few):
            client.get(reverse("events:calendar"), {"mese": month})


class TestRegistering:
    def test_a_resident_registers_for_three_seats_and_sees_the_code(self, client):
        event, _c = publish(title="Cucito creativo")
        person = signed_in(client)
        page = client.get(event.get_absolute_url())
        assert "Iscriviti" in page.content.decode()
        response = client.post(reverse("events:register", args=[event.pk]), {"seats": "3"})
        assert response.status_code == 302
        registration = Registration.objects.get(user=person)
        assert (registration.state, registration.seats) == (R.CONFIRMED, 3)
        page = client.get(event.get_absolute_url()).content.decode()
        assert registration.code in page and "Sei iscritto con 3 posti." in page
        assert 'aria-label="Codice QR della tua iscrizione"' in page
        assert reverse("events:event_feed", args=[event.pk]) in page

    def test_a_full_event_offers_the_waitlist(self, client):
        event, _c = publish(capacity=2, max_seats_per_registration=2)
        services.registration_create(actor=UserFactory(), event=event, seats=2)
        signed_in(client)
        page = client.get(event.get_absolute_url()).content.decode()
        assert "Iscriviti alla lista d'attesa" in page
        client.post(reverse("events:register", args=[event.pk]), {"seats": "1"})
        assert Registration.objects.filter(state=R.WAITLISTED).count() == 1

    @pytest.mark.parametrize("seats", ["0", "-1", "5", "tre", ""])
    def test_bad_seat_counts_come_back_next_to_the_field(self, client, seats):
        event, _c = publish(max_seats_per_registration=4)
        signed_in(client)
        response = client.post(reverse("events:register", args=[event.pk]), {"seats": seats})
        assert response.status_code == 422
        assert not Registration.objects.exists()

    def test_registering_twice_past_or_cancelled_are_conflicts(self, client):
        event, coordinator = publish()
        person = signed_in(client)
        client.post(reverse("events:register", args=[event.pk]), {"seats": "1"})
        twice = client.post(reverse("events:register", args=[event.pk]), {"seats": "1"})
        assert twice.status_code == 409 and "Sei già iscritto" in twice.content.decode()
        past, _c = publish(space=event.space, coordinator=coordinator)
        move_to_the_past(past)
        late = client.post(reverse("events:register", args=[past.pk]), {"seats": "1"})
        assert late.status_code == 409
        cancelled, _c = publish(space=event.space, coordinator=coordinator)
        services.event_cancel(actor=coordinator, event=cancelled)
        refused = client.post(reverse("events:register", args=[cancelled.pk]), {"seats": "1"})
        assert refused.status_code == 409 and "annullato" in refused.content.decode()
        assert Registration.objects.filter(user=person).count() == 1

    def test_anonymous_people_are_sent_to_sign_in(self, client):
        event, _c = publish()
        response = client.post(reverse("events:register", args=[event.pk]), {"seats": "1"})
        assert response.status_code == 302 and "/account/accedi/" in response["Location"]
        assert "Accedi per iscriverti" in client.get(event.get_absolute_url()).content.decode()

    def test_cancelling_promotes_who_waits(self, client):
        event, _c = publish(capacity=1, max_seats_per_registration=1)
        person = signed_in(client)
        client.post(reverse("events:register", args=[event.pk]), {"seats": "1"})
        waiting = services.registration_create(actor=UserFactory(), event=event, seats=1)
        response = client.post(reverse("events:registration_cancel", args=[event.pk]))
        assert response.status_code == 302
        waiting.refresh_from_db()
        assert waiting.state == R.CONFIRMED
        again = client.post(reverse("events:registration_cancel", args=[event.pk]))
        assert again.status_code == 409
        assert Registration.objects.get(user=person).state == R.CANCELLED


class TestMyEvents:
    def test_my_registrations_courses_and_calendar_address(self, client):
        event, _c = publish(title="Cucito creativo")
        person = signed_in(client)
        registration = services.registration_create(actor=person, event=event, seats=2)
        page = client.get(reverse("events:mine"))
        text = page.content.decode()
        assert page.status_code == 200
        assert "Cucito creativo" in text and registration.code in text
        token = calendar_tokens.calendar_token(person)
        assert reverse("events:person_feed", args=[token]) in text

    def test_my_events_needs_signing_in(self, client):
        assert client.get(reverse("events:mine")).status_code == 302


class TestElsewhere:
    def test_the_space_page_the_home_page_and_the_search_show_events(self, client):
        event, _c = publish(title="Laboratorio di ceramica")
        assert "Laboratorio di ceramica" in client.get(event.space.url).content.decode()
        assert "Laboratorio di ceramica" in client.get("/").content.decode()
        results = client.get(reverse("search"), {"q": "ceramica"}).content.decode()
        assert event.get_absolute_url() in results


class TestEnglish:
    def test_the_event_page_speaks_english_under_en(self, client):
        event, _c = publish(title="Cucito")
        page = client.get("/en" + event.get_absolute_url()).content.decode()
        assert "Registration" in page and "In your calendar" in page
