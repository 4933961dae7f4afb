"""Running events from the pages: publishing (once or repeating), editing one date or the
following ones, cancelling, the registrations with their CSV, the check-in at the door; who
may open each page; bad input."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event, Registration
from events.recurrence import Rule
from tests.events.helpers import day, move_to_the_past, publish, space_with_coordinator
from tests.factories import UserFactory
from tests.participation.moderation_helpers import desk_operator_of
from wemi_community.notifications.models import Notification

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form(**changes) -> dict:
    when = day(changes.pop("days", 6))
    values = {
        "title": "Laboratorio di cucito",
        "description": "Portate un capo",
        "category": "workshop",
        "audience": "everyone",
        "place_kind": "space",
        "date": when.isoformat(),
        "start_time": "10:00",
        "end_time": "12:00",
        "repeat": "once",
        "interval": "1",
        "skip_closures": "on",
        "registration_required": "on",
        "capacity": "12",
        "max_seats_per_registration": "4",
        "price": "0",
        "organiser_kind": "space",
    }
    values.update(changes)
    return values


class TestPublishing:
    def test_a_coordinator_publishes_once_or_every_week(self):
        space, coordinator = space_with_coordinator()
        client = client_of(coordinator)
        assert client.get(reverse("events:create")).status_code == 200
        response = client.post(reverse("events:create"), form(space=space.pk))
        event = Event.objects.get()
        assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
        assert event.capacity == 12 and event.space_id == space.pk
        start = day(6)
        weekly = client.post(
            reverse("events:create"),
            form(
                space=space.pk,
                title="Sportello digitale",
                repeat="weekly",
                weekdays=[str(start.weekday())],
                count="5",
            ),
        )
        assert weekly.status_code == 302
        assert Event.objects.filter(title="Sportello digitale").count() == 5

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"end_time": "09:00"}, "La fine deve venire dopo l&#x27;inizio."),
            ({"capacity": "0"}, "Almeno 1 posto"),
            ({"title": ""}, "Dai un titolo all&#x27;evento."),
            ({"days": -2}, "Scegli un inizio nel futuro."),
            ({"repeat": "weekly"}, "Scegli almeno un giorno della settimana."),
            ({"repeat": "weekly", "weekdays": ["0"], "count": "501"}, "Al massimo 500 volte."),
            (
                {"repeat": "weekly", "weekdays": ["0", "1", "2", "3", "4"], "until": "2030-12-31"},
                "Questa regola crea più di 500 eventi",
            ),
            ({"place_kind": "elsewhere"}, "Scrivi l&#x27;indirizzo dove si svolge l&#x27;evento."),
            ({"price": "-5"}, "Il prezzo va da 0"),
        ],
    )
    def test_bad_events_come_back_with_the_message_and_nothing_is_written(self, changes, message):
        space, coordinator = space_with_coordinator()
        response = client_of(coordinator).post(
            reverse("events:create"), form(space=space.pk, **changes)
        )
        assert response.status_code == 422
        assert message in response.content.decode()
        assert not Event.objects.exists()

    def test_a_recurrence_that_makes_nothing_is_refused(self):
        space, coordinator = space_with_coordinator()
        start = day(6)
        response = client_of(coordinator).post(
            reverse("events:create"),
            form(
                space=space.pk,
                repeat="weekly",
                weekdays=[str((start.weekday() + 3) % 7)],
                until=(start + datetime.timedelta(days=1)).isoformat(),
            ),
        )
        assert response.status_code == 422
        assert "non crea nessun evento" in response.content.decode()

    def test_only_coordinators_open_the_form_and_only_for_their_spaces(self):
        space, _coordinator = space_with_coordinator()
        _other, other_coordinator = space_with_coordinator()
        assert client_of(UserFactory()).get(reverse("events:create")).status_code == 403
        response = client_of(other_coordinator).post(reverse("events:create"), form(space=space.pk))
        assert response.status_code == 422 and not Event.objects.exists()
        anonymous = Client().get(reverse("events:create"))
        assert anonymous.status_code == 302 and "/account/accedi/" in anonymous["Location"]


class TestEditingAndCancelling:
    def test_editing_one_date_or_the_following(self):
        start = day(3)
        events, coordinator = publish(
            rule=Rule(
                starts_on=start,
                weekdays=(start.weekday(),),
                start_time=datetime.time(10),
                end_time=datetime.time(12),
                count=4,
            )
        )
        client = client_of(coordinator)
        page = client.get(reverse("events:edit", args=[events[1].pk]))
        assert (
            page.status_code == 200 and "Questa data e tutte le successive" in page.content.decode()
        )
        local = timezone.localtime(events[1].starts_at)
        response = client.post(
            reverse("events:edit", args=[events[1].pk]),
            form(
                title="Nuovo titolo",
                date=local.date().isoformat(),
                start_time="15:00",
                end_time="17:00",
                scope="all",
            ),
        )
        assert response.status_code == 302
        titles = list(Event.objects.order_by("starts_at").values_list("title", flat=True))
        assert titles == ["Laboratorio di cucito", "Nuovo titolo", "Nuovo titolo", "Nuovo titolo"]

    def test_cancelling_tells_the_people_registered(self):
        event, coordinator = publish()
        person = UserFactory()
        services.registration_create(actor=person, event=event, seats=1)
        client = client_of(coordinator)
        assert client.get(reverse("events:cancel", args=[event.pk])).status_code == 200
        response = client.post(reverse("events:cancel", args=[event.pk]), {"reason": "Maltempo"})
        assert response.status_code == 302
        event.refresh_from_db()
        assert event.is_cancelled and event.cancellation_reason == "Maltempo"
        notice = Notification.objects.get(recipient=person, kind="event.cancelled")
        assert "Maltempo" in notice.excerpt
        again = client.post(reverse("events:cancel", args=[event.pk]), {"reason": ""})
        assert again.status_code == 409
        assert client.get(reverse("events:edit", args=[event.pk])).status_code == 409


class TestRegistrationsAndCheckIn:
    def test_the_registrations_and_their_csv(self):
        event, coordinator = publish()
        services.registration_create(
            actor=UserFactory(display_name="=HYPERLINK(1)"), event=event, seats=2
        )
        client = client_of(coordinator)
        page = client.get(reverse("events:registrations", args=[event.pk]))
        assert page.status_code == 200 and "2" in page.content.decode()
        export = client.get(reverse("events:registrations_csv", args=[event.pk]))
        rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
        assert rows[0] == ["nome", "posti", "stato", "codice", "iscritto il", "arrivato il"]
        assert rows[1][0] == "'=HYPERLINK(1)" and rows[1][1] == "2" and rows[1][2] == "Confermata"

    def test_check_in_by_code_by_name_and_its_errors(self):
        event, coordinator = publish(capacity=1, max_seats_per_registration=1)
        other, _c = publish(space=event.space, coordinator=coordinator, title="Altro evento")
        anna = services.registration_create(
            actor=UserFactory(display_name="Anna Verdi"), event=event, seats=1
        )
        waiting = services.registration_create(actor=UserFactory(), event=event, seats=1)
        foreign = services.registration_create(actor=UserFactory(), event=other, seats=1)
        desk = client_of(desk_operator_of(event.space))
        url = reverse("events:check_in", args=[event.pk])
        assert desk.get(url).status_code == 200
        ok = desk.post(url, {"code": anna.code.lower()})
        assert ok.status_code == 200 and "Anna Verdi" in ok.content.decode()
        assert "1 arrivati su 1 iscrizioni" in ok.content.decode()
        twice = desk.post(url, {"code": anna.code})
        assert twice.status_code == 409 and "Arrivo già registrato" in twice.content.decode()
        elsewhere = desk.post(url, {"code": foreign.code})
        assert elsewhere.status_code == 422 and "Altro evento" in elsewhere.content.decode()
        on_the_list = desk.post(url, {"code": waiting.code})
        assert on_the_list.status_code == 409
        unknown = desk.post(url, {"code": "ZZZZZZZZ"})
        assert (
            unknown.status_code == 422
            and "Nessuna iscrizione ha questo codice." in unknown.content.decode()
        )
        found = desk.get(url, {"q": "verdi"}).content.decode()
        assert "Anna Verdi" in found and "annulla" in found.lower()
        undo = desk.post(reverse("events:check_in_undo", args=[event.pk, anna.pk]))
        assert undo.status_code == 302
        anna.refresh_from_db()
        assert anna.checked_in_at is None

    @pytest.mark.parametrize(
        ("who", "statuses"),
        [
            ("coordinator", {"edit": 200, "cancel": 200, "registrations": 200, "check_in": 200}),
            ("desk", {"edit": 403, "cancel": 403, "registrations": 403, "check_in": 200}),
            ("other", {"edit": 403, "cancel": 403, "registrations": 403, "check_in": 403}),
            ("resident", {"edit": 403, "cancel": 403, "registrations": 403, "check_in": 403}),
        ],
    )
    def test_who_opens_which_page(self, who, statuses):
        event, coordinator = publish()
        people = {
            "coordinator": coordinator,
            "desk": desk_operator_of(event.space),
            "other": space_with_coordinator()[1],
            "resident": UserFactory(),
        }
        client = client_of(people[who])
        found = {
            name: client.get(reverse(f"events:{name}", args=[event.pk])).status_code
            for name in statuses
        }
        assert found == statuses

    def test_a_past_event_still_checks_in_and_exports(self):
        event, coordinator = publish()
        registration = services.registration_create(actor=UserFactory(), event=event, seats=1)
        move_to_the_past(event, days=0)
        response = client_of(coordinator).post(
            reverse("events:check_in", args=[event.pk]), {"code": registration.code}
        )
        assert response.status_code == 200
        assert Registration.objects.get().checked_in_at is not None
