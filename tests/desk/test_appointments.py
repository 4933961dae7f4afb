"""Appointments at a space's desk and its digital-facilitation stations: slots published
within the opening hours (closures, the days the clocks change, 29 February, never twice),
booking and cancelling through the seat engine (capacity, a taken or past slot, someone
else's appointment), the desk acting for a person, the reminder of the day before (once),
and the pages as a resident, an operator and someone not signed in."""

import datetime
import html
import threading
from concurrent.futures import ThreadPoolExecutor
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from desk import appointments, tasks
from desk.demo_appointments import seed_appointments
from desk.models import Appointment, AppointmentSlot, ServicePoint
from desk.slot_times import slot_times
from spaces_pages.hours import ClosurePeriod, Slot
from tests.desk.helpers import desk_space, open_session, posting, register
from tests.factories import UserFactory
from tests.factories.roles import CoordinatorFactory, DeskOperatorFactory
from tests.queries import page_text, queries_for
from wemi_community.accounts.demo import demo_email
from wemi_community.accounts.models import User
from wemi_community.core.errors import StateConflict
from wemi_community.core.milan import in_rome
from wemi_community.core.models import AuditEntry
from wemi_community.notifications.models import Notification

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
# A Monday morning in Milan: the week of 23–27 March 2026, before the clocks spring forward.
MONDAY = datetime.datetime(2026, 3, 23, 8, 0, tzinfo=ROME)
D = datetime.date
T = datetime.time


def shown(response) -> str:
    return html.unescape(response.content.decode())


def local(moment: datetime.datetime) -> tuple:
    moment = timezone.localtime(moment)
    return (moment.date(), moment.strftime("%H:%M"))


@pytest.fixture
def monday():
    with time_machine.travel(MONDAY, tick=False):
        yield MONDAY


@pytest.fixture
def desk(monday):
    """(space open Monday to Friday 9–13, its desk operator)."""
    return desk_space("WeMi Appuntamenti")


def publish(space, operator, first, last, *, point="desk", length=30, capacity=1):
    return appointments.slots_publish(
        actor=operator,
        space=space,
        point=point,
        first_day=first,
        last_day=last,
        length=length,
        capacity=capacity,
    )


def a_slot(space, when: datetime.datetime, *, capacity=1, minutes=30, point="desk"):
    kind, number = appointments.point_key(point)
    service_point, _created = ServicePoint.objects.get_or_create(
        space=space, kind=kind, number=number
    )
    return AppointmentSlot.objects.create(
        point=service_point,
        starts_at=when,
        ends_at=when + datetime.timedelta(minutes=minutes),
        capacity=capacity,
    )


def book(person, slot, *, actor=None, topic="SPID"):
    return appointments.appointment_book(
        actor=actor or person, person=person, slot=slot, topic=topic
    )


# --- The times, pure ---------------------------------------------------------------------------


class TestSlotTimes:
    def test_within_the_openings_and_none_past_their_end(self):
        hours = [Slot(0, T(9), T(13)), Slot(0, T(14), T(16))]
        found = list(
            slot_times(D(2026, 3, 23), D(2026, 3, 23), datetime.timedelta(minutes=45), hours)
        )
        starts = [f"{timezone.localtime(s):%H:%M}" for s, _e in found]
        # 9–13 holds five 45-minute slots (the last ends at 12:45); 14–16 holds two.
        assert starts == ["09:00", "09:45", "10:30", "11:15", "12:00", "14:00", "14:45"]

    def test_an_opening_until_midnight_ends_at_the_next_days_start(self):
        hours = [Slot(4, T(22), T(0))]
        found = list(slot_times(D(2026, 3, 27), D(2026, 3, 27), datetime.timedelta(hours=1), hours))
        assert [local(s) for s, _e in found] == [
            (D(2026, 3, 27), "22:00"),
            (D(2026, 3, 27), "23:00"),
        ]

    def test_closed_days_have_none(self):
        hours = [Slot(day, T(9), T(10)) for day in range(7)]
        closures = [ClosurePeriod(D(2026, 3, 24), D(2026, 3, 25), "Lavori")]
        found = slot_times(
            D(2026, 3, 23), D(2026, 3, 26), datetime.timedelta(hours=1), hours, closures
        )
        assert [local(s)[0] for s, _e in found] == [D(2026, 3, 23), D(2026, 3, 26)]

    def test_the_night_the_clocks_spring_forward(self):
        # Sunday 29 March 2026: 02:00 becomes 03:00, the opening 00:00–04:00 lasts 3 hours.
        hours = [Slot(6, T(0), T(4)), Slot(6, T(2), T(3))]
        found = list(
            slot_times(D(2026, 3, 29), D(2026, 3, 29), datetime.timedelta(minutes=30), hours)
        )
        assert [local(s)[1] for s, _e in found] == [
            "00:00", "00:30", "01:00", "01:30", "03:00", "03:30",
        ]  # fmt: skip
        assert all(end - start == datetime.timedelta(minutes=30) for start, end in found)

    def test_the_night_the_clocks_fall_back(self):
        # Sunday 25 October 2026: 03:00 becomes 02:00 again, the opening lasts 5 hours.
        hours = [Slot(6, T(0), T(4))]
        found = list(
            slot_times(D(2026, 10, 25), D(2026, 10, 25), datetime.timedelta(minutes=30), hours)
        )
        assert len(found) == 10
        assert len({start for start, _e in found}) == 10
        assert [local(s)[1] for s, _e in found].count("02:00") == 2

    def test_29_february(self):
        hours = [Slot(1, T(9), T(10))]  # Tuesdays
        found = list(
            slot_times(D(2028, 2, 28), D(2028, 3, 1), datetime.timedelta(minutes=30), hours)
        )
        assert [local(s) for s, _e in found] == [
            (D(2028, 2, 29), "09:00"),
            (D(2028, 2, 29), "09:30"),
        ]


# --- Publishing --------------------------------------------------------------------------------


class TestPublish:
    def test_a_week_of_the_desk_within_the_hours(self, desk):
        space, operator = desk
        made = publish(space, operator, D(2026, 3, 23), D(2026, 3, 29))
        # Monday to Friday 9–13: eight half hours a day, none at the weekend.
        assert len(made) == 40
        assert {local(s.starts_at)[0].weekday() for s in made} == {0, 1, 2, 3, 4}
        assert min(local(s.starts_at)[1] for s in made) == "09:00"
        assert max(local(s.ends_at)[1] for s in made) == "13:00"
        entry = AuditEntry.objects.get(action="desk.slots_published")
        assert (entry.actor, entry.data["created"], entry.data["point"]) == (operator, 40, "desk")

    def test_slots_already_begun_are_not_published(self, space_open_now):
        space, operator = space_open_now
        made = publish(space, operator, D(2026, 3, 23), D(2026, 3, 23))
        assert [local(s.starts_at)[1] for s in made][:1] == ["10:30"]

    def test_closures_and_each_point_its_own(self, monday):
        space, operator = desk_space(
            "WeMi Chiuso", closures=[(D(2026, 3, 25), D(2026, 3, 25), "Assemblea")]
        )
        desk_made = publish(space, operator, D(2026, 3, 23), D(2026, 3, 27))
        station = publish(
            space, operator, D(2026, 3, 23), D(2026, 3, 27), point="station-1", length=60
        )
        assert D(2026, 3, 25) not in {local(s.starts_at)[0] for s in desk_made + station}
        assert (len(desk_made), len(station)) == (32, 16)
        assert {str(s.point.label) for s in station} == {"Postazione 1"}

    def test_publishing_again_adds_nothing_nor_overlaps(self, desk):
        space, operator = desk
        first = publish(space, operator, D(2026, 3, 23), D(2026, 3, 27))
        assert publish(space, operator, D(2026, 3, 23), D(2026, 3, 27)) == []
        # Other lengths never overlap what is there; a wider range adds only the new days.
        assert publish(space, operator, D(2026, 3, 23), D(2026, 3, 27), length=45) == []
        more = publish(space, operator, D(2026, 3, 23), D(2026, 3, 31))
        assert len(more) == 16
        assert AppointmentSlot.objects.count() == len(first) + 16
        # Only the publications that added slots are in the trail.
        assert AuditEntry.objects.filter(action="desk.slots_published").count() == 2

    def test_the_days_the_clocks_change_and_29_february(self):
        night = [(6, T(0), T(4))]
        with time_machine.travel(datetime.datetime(2026, 3, 20, 12, tzinfo=ROME), tick=False):
            space, operator = desk_space("WeMi Notte", slots=night)
            spring = publish(space, operator, D(2026, 3, 29), D(2026, 3, 29))
        with time_machine.travel(datetime.datetime(2026, 10, 20, 12, tzinfo=ROME), tick=False):
            autumn = publish(space, operator, D(2026, 10, 25), D(2026, 10, 25))
        assert (len(spring), len(autumn)) == (6, 10)
        with time_machine.travel(datetime.datetime(2028, 2, 25, 12, tzinfo=ROME), tick=False):
            leap_space, leap_operator = desk_space("WeMi Bisestile")
            leap = publish(leap_space, leap_operator, D(2028, 2, 29), D(2028, 2, 29))
        assert len(leap) == 8
        assert {local(s.starts_at)[0] for s in leap} == {D(2028, 2, 29)}

    @pytest.mark.parametrize(
        "changes, field",
        [
            ({"length": 5}, "length"),
            ({"length": "mezz'ora"}, "length"),
            ({"capacity": 0}, "capacity"),
            ({"point": "station-99"}, "point"),
            ({"first_day": D(2026, 3, 27), "last_day": D(2026, 3, 23)}, "last_day"),
            ({"first_day": D(2026, 3, 1), "last_day": D(2026, 3, 20)}, "last_day"),
            ({"last_day": D(2026, 9, 1)}, "last_day"),
        ],
    )
    def test_bad_inputs(self, desk, changes, field):
        space, operator = desk
        values = {"point": "desk", "first_day": D(2026, 3, 23), "last_day": D(2026, 3, 27)}
        values.update(changes)
        with pytest.raises(ValidationError) as error:
            appointments.slots_publish(actor=operator, space=space, **{"length": 30, **values})
        assert field in error.value.message_dict
        assert AppointmentSlot.objects.count() == 0

    def test_a_space_without_hours(self, monday):
        space, operator = desk_space("WeMi Senza Orari", slots=[])
        with pytest.raises(ValidationError):
            publish(space, operator, D(2026, 3, 23), D(2026, 3, 27))

    def test_only_the_spaces_desk_publishes(self, desk):
        space, _operator = desk
        _other, elsewhere = desk_space("WeMi Altrove")
        for who in (UserFactory(), elsewhere):
            with pytest.raises(PermissionDenied):
                publish(space, who, D(2026, 3, 23), D(2026, 3, 27))
        publish(space, CoordinatorFactory(space=space), D(2026, 3, 23), D(2026, 3, 23))


@pytest.fixture
def space_open_now():
    with time_machine.travel(datetime.datetime(2026, 3, 23, 10, 10, tzinfo=ROME), tick=False):
        yield desk_space("WeMi Aperto")


# --- Booking and cancelling --------------------------------------------------------------------


@pytest.fixture
def slots(desk):
    space, operator = desk
    publish(space, operator, D(2026, 3, 24), D(2026, 3, 24))
    return space, operator, list(AppointmentSlot.objects.order_by("starts_at"))


class TestBooking:
    def test_a_resident_books(self, slots):
        _space, _operator, rows = slots
        person = UserFactory()
        appointment = book(person, rows[0])
        assert (appointment.state, appointment.booked_by, appointment.topic) == (
            "confirmed",
            person,
            "SPID",
        )
        entry = AuditEntry.objects.get(action="desk.appointment_booked")
        assert (entry.actor, entry.on_behalf_of) == (person, None)

    def test_capacity_through_the_seat_engine(self, slots):
        space, operator, _rows = slots
        group = publish(
            space, operator, D(2026, 3, 26), D(2026, 3, 26), point="station-2", capacity=2
        )[0]
        book(UserFactory(), group)
        book(UserFactory(), group)
        with pytest.raises(StateConflict) as error:
            book(UserFactory(), group)
        assert str(error.value) == "Questo orario è appena stato preso: scegline un altro."
        assert Appointment.objects.filter(slot=group, state="confirmed").count() == 2

    def test_the_same_person_twice_and_a_past_slot(self, slots, monday):
        space, _operator, rows = slots
        person = UserFactory()
        book(person, rows[0])
        with pytest.raises(StateConflict):
            book(person, rows[0])
        past = a_slot(space, MONDAY - datetime.timedelta(hours=1))
        with pytest.raises(StateConflict) as error:
            book(person, past)
        assert str(error.value) == "Questo orario è già passato: scegline un altro."

    def test_a_topic_is_needed(self, slots):
        _space, _operator, rows = slots
        with pytest.raises(ValidationError) as error:
            book(UserFactory(), rows[0], topic="   ")
        assert "topic" in error.value.message_dict

    def test_cancelling_frees_the_place(self, slots):
        _space, _operator, rows = slots
        person, other = UserFactory(), UserFactory()
        appointment = book(person, rows[0])
        appointments.appointment_cancel(actor=person, appointment=appointment)
        appointment.refresh_from_db()
        assert appointment.state == "cancelled" and appointment.cancelled_at is not None
        with pytest.raises(StateConflict):
            appointments.appointment_cancel(actor=person, appointment=appointment)
        assert book(other, rows[0]).state == "confirmed"
        assert AuditEntry.objects.filter(action="desk.appointment_cancelled").count() == 1

    def test_not_once_it_began(self, slots):
        _space, _operator, rows = slots
        person = UserFactory()
        appointment = book(person, rows[0])
        begun = rows[0].starts_at + datetime.timedelta(minutes=1)
        with time_machine.travel(begun, tick=False), pytest.raises(StateConflict):
            appointments.appointment_cancel(actor=person, appointment=appointment)

    def test_someone_elses_appointment(self, slots):
        _space, _operator, rows = slots
        appointment = book(UserFactory(), rows[0])
        stranger = UserFactory()
        with pytest.raises(PermissionDenied):
            appointments.appointment_cancel(actor=stranger, appointment=appointment)
        with pytest.raises(PermissionDenied):
            appointments.appointment_cancel(
                actor=stranger, person=appointment.person, appointment=appointment
            )


class TestActingFor:
    def test_the_spaces_desk_books_and_cancels_for_a_person(self, slots):
        space, operator, rows = slots
        person = register(space, operator).user
        appointment = book(person, rows[0], actor=operator)
        assert (appointment.person, appointment.booked_by) == (person, operator)
        entry = AuditEntry.objects.get(action="desk.appointment_booked")
        assert (entry.actor, entry.on_behalf_of) == (operator, person)
        appointments.appointment_cancel(actor=operator, person=person, appointment=appointment)
        entry = AuditEntry.objects.get(action="desk.appointment_cancelled")
        assert (entry.actor, entry.on_behalf_of) == (operator, person)

    def test_another_spaces_desk_may_not(self, slots):
        _space, _operator, rows = slots
        other_space, elsewhere = desk_space("WeMi Lontano")
        person = UserFactory()
        with pytest.raises(PermissionDenied):
            book(person, rows[0], actor=elsewhere)
        appointment = book(person, rows[1])
        with pytest.raises(PermissionDenied):
            appointments.appointment_cancel(actor=elsewhere, person=person, appointment=appointment)
        assert Appointment.objects.filter(state="confirmed").count() == 1

    def test_in_an_assisted_session_through_the_ordinary_page(self, slots, client):
        space, operator, rows = slots
        person = register(space, operator).user
        session = open_session(client, operator, person, space)
        response = client.post(
            reverse("desk:appointments_book", args=[space.pk]),
            posting(session, {"slot": rows[2].pk, "topic": "Fascicolo sanitario"}),
        )
        assert response.status_code == 302
        appointment = Appointment.objects.get()
        assert (appointment.person, appointment.booked_by) == (person, operator)
        entry = AuditEntry.objects.get(action="desk.appointment_booked")
        assert (entry.actor, entry.on_behalf_of) == (operator, person)
        assert entry.data["desk"] == space.title


# --- The reminder ------------------------------------------------------------------------------


@pytest.mark.instants
def test_the_reminder_of_the_day_before_leaves_once(django_capture_on_commit_callbacks):
    space, operator = desk_space("WeMi Promemoria")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    slot = a_slot(space, in_rome(tomorrow, T(10)), capacity=3)
    later = a_slot(space, in_rome(tomorrow + datetime.timedelta(days=1), T(10)))
    expected = UserFactory(notification_preference="immediate")
    cancelled, after = UserFactory(), UserFactory()
    appointment = book(expected, slot)
    appointments.appointment_cancel(actor=cancelled, appointment=book(cancelled, slot))
    book(after, later)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_appointment_reminders() == 1
    reminders = Notification.objects.filter(kind="desk.appointment_reminder")
    assert list(reminders.values_list("recipient_id", flat=True)) == [expected.pk]
    assert reminders.get().url == reverse("desk:appointments_mine")
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_appointment_reminders() == 0
    # A retried send of the same appointment finds it claimed.
    assert appointments.reminder_send(appointment_id=appointment.pk) is False
    assert reminders.count() == 1


# --- Pages -------------------------------------------------------------------------------------


def book_url(space):
    return reverse("desk:appointments_book", args=[space.pk])


class TestResidentPages:
    def test_not_signed_in_sees_the_times_and_is_asked_to_sign_in(self, slots, client):
        space, _operator, _rows = slots
        response = client.get(book_url(space))
        assert response.status_code == 200
        text = shown(response)
        assert "09:00" in text and 'name="slot"' not in text
        assert "Accedi per prenotare" in text
        response = client.post(book_url(space), {"slot": _rows[0].pk, "topic": "SPID"})
        assert response.status_code == 302 and "next=" in response.url
        for name in ("desk:appointments_mine", "desk:appointments", "desk:today"):
            assert client.get(reverse(name)).status_code == 302
        assert Appointment.objects.count() == 0

    def test_book_see_and_cancel(self, slots, resident_client, resident):
        space, _operator, rows = slots
        response = resident_client.post(book_url(space), {"slot": rows[1].pk, "topic": "ISEE"})
        assert response.status_code == 302
        assert response.url == reverse("desk:appointments_mine")
        page = shown(resident_client.get(response.url))
        assert "ISEE" in page and "09:30" in page and "Annulla l'appuntamento" in page
        appointment = Appointment.objects.get(person=resident)
        response = resident_client.post(reverse("desk:appointments_cancel", args=[appointment.pk]))
        assert response.status_code == 302
        appointment.refresh_from_db()
        assert appointment.state == "cancelled"
        response = resident_client.post(reverse("desk:appointments_cancel", args=[appointment.pk]))
        assert response.status_code == 409
        assert "Questo appuntamento è già annullato." in shown(response)

    def test_a_taken_slot_is_409_in_italian(self, slots, resident_client):
        space, _operator, rows = slots
        book(UserFactory(), rows[0])
        response = resident_client.post(book_url(space), {"slot": rows[0].pk, "topic": "SPID"})
        assert response.status_code == 409
        assert "Questo orario è appena stato preso: scegline un altro." in shown(response)

    @pytest.mark.parametrize(
        "data, message",
        [
            ({"topic": "SPID"}, "Scegli uno degli orari liberi."),
            ({"slot": "abc", "topic": "SPID"}, "Scegli uno degli orari liberi."),
            ({"slot": 999999, "topic": "SPID"}, "Scegli uno degli orari liberi."),
            ({"topic": ""}, "Scrivi in breve per cosa è l'appuntamento."),
        ],
    )
    def test_bad_inputs(self, slots, resident_client, data, message):
        space, _operator, rows = slots
        if "slot" not in data and data["topic"] == "":
            data = {**data, "slot": rows[0].pk}
        response = resident_client.post(book_url(space), data)
        assert response.status_code == 422
        assert message in shown(response)
        assert Appointment.objects.count() == 0

    def test_a_slot_of_another_space_is_not_found_here(self, slots, resident_client):
        space, _operator, _rows = slots
        other, other_operator = desk_space("WeMi Altro")
        foreign = publish(other, other_operator, D(2026, 3, 24), D(2026, 3, 24))[0]
        response = resident_client.post(book_url(space), {"slot": foreign.pk, "topic": "SPID"})
        assert response.status_code == 422

    def test_someone_elses_appointment_is_404(self, slots, resident_client):
        _space, _operator, rows = slots
        appointment = book(UserFactory(), rows[0])
        response = resident_client.post(reverse("desk:appointments_cancel", args=[appointment.pk]))
        assert response.status_code == 404
        appointment.refresh_from_db()
        assert appointment.state == "confirmed"

    def test_an_unknown_space_is_404_and_weeks_move(self, slots, client):
        space, _operator, _rows = slots
        assert client.get(reverse("desk:appointments_book", args=[999999])).status_code == 404
        response = client.get(book_url(space), {"da": "2026-03-30"})
        assert "09:00" not in shown(response)
        response = client.get(book_url(space), {"da": "ieri"})
        assert response.status_code == 200
        assert "Inserisci una data valida." in shown(response)

    def test_the_desks_pages_are_refused(self, slots, resident_client):
        for name in ("desk:appointments", "desk:today"):
            assert resident_client.get(reverse(name)).status_code == 403

    def test_the_page_costs_the_same_with_more_slots(self, slots, client):
        space, operator, _rows = slots
        url = book_url(space)
        few = queries_for(client, url)
        publish(
            space,
            operator,
            D(2026, 3, 23),
            D(2026, 3, 29),
            point="station-1",
            length=15,
            capacity=2,
        )
        publish(space, operator, D(2026, 3, 23), D(2026, 3, 29), point="station-2", capacity=3)
        assert "Postazione 2" in page_text(client, url)
        assert queries_for(client, url) == few


class TestDeskPages:
    def test_publish_from_the_page(self, desk, client):
        space, operator = desk
        client.force_login(operator)
        url = reverse("desk:appointments")
        assert client.get(url).status_code == 200
        data = {
            "point": "station-1",
            "first_day": "2026-03-23",
            "last_day": "2026-03-27",
            "length": "60",
            "capacity": "1",
        }
        response = client.post(url, data)
        assert response.status_code == 302
        assert AppointmentSlot.objects.filter(point__kind="station").count() == 20
        page = shown(client.get(url))
        assert "Postazione 1" in page

    @pytest.mark.parametrize(
        "changes, message",
        [
            ({"length": "5"}, "Un appuntamento dura da 10 a 240 minuti."),
            ({"last_day": "2026-03-20"}, "L'ultimo giorno viene prima del primo."),
            ({"first_day": "domani"}, "Inserisci una data valida."),
            ({"point": "cucina"}, "Scegli un'opzione valida."),
        ],
    )
    def test_bad_inputs_in_italian(self, desk, client, changes, message):
        space, operator = desk
        client.force_login(operator)
        data = {
            "point": "desk",
            "first_day": "2026-03-23",
            "last_day": "2026-03-27",
            "length": "30",
            "capacity": "1",
            **changes,
        }
        response = client.post(reverse("desk:appointments"), data)
        assert response.status_code == 422
        assert message in shown(response)
        assert AppointmentSlot.objects.count() == 0

    def test_the_days_appointments_by_time(self, slots, client):
        space, operator, rows = slots
        late, early = (
            UserFactory(display_name="Tardi Bruno"),
            UserFactory(display_name="Presto Anna"),
        )
        book(late, rows[5], topic="ISEE")
        book(early, rows[1], topic="SPID")
        person = register(space, operator).user
        book(person, rows[3], actor=operator, topic="Assistenza domiciliare")
        client.force_login(operator)
        url = reverse("desk:today")
        # Monday: nothing yet; Tuesday through the picker.
        assert "Nessun appuntamento" in shown(client.get(url))
        text = page_text(client, url, {"giorno": "2026-03-24"})
        assert (
            text.index("Presto Anna") < text.index(person.display_name) < text.index("Tardi Bruno")
        )
        assert "prenotato da Luca Sportello" in text
        bad = client.get(url, {"giorno": "31/02/2026"})
        assert bad.status_code == 200
        assert "Inserisci una data valida." in shown(bad)

    def test_an_operator_of_another_space_sees_only_their_desk(self, slots, client):
        _space, _operator, rows = slots
        book(UserFactory(display_name="Anna Riservata"), rows[0])
        _other, elsewhere = desk_space("WeMi Distante")
        client.force_login(elsewhere)
        text = page_text(client, reverse("desk:today"), {"giorno": "2026-03-24"})
        assert "Anna Riservata" not in text


def test_the_demo_publishes_two_weeks_and_books_once(monday):
    space, _operator = desk_space("WeMi Demo Appuntamenti")
    operator = DeskOperatorFactory(space=space, email=demo_email("sportello"))
    register(space, operator)  # Giuseppina Ferri, registered at the desk
    online = UserFactory(email=demo_email("residente"))
    made = seed_appointments(space)
    # Two weeks from Monday: ten working mornings, 8 half hours at the desk and 5 of 45
    # minutes at each of the two stations.
    assert made == {"slots": 10 * (8 + 5 + 5), "appointments": 2}
    booked = {a.person: a for a in Appointment.objects.select_related("booked_by", "slot__point")}
    ferri = next(person for person in booked if person != online)
    assert booked[ferri].booked_by == operator and booked[ferri].slot.point.key == "desk"
    assert booked[online].booked_by == online and booked[online].slot.point.key == "station-2"
    assert seed_appointments(space) == {"slots": 0, "appointments": 0}


def test_my_appointments_and_the_day_cost_the_same_with_more_rows(slots, client):
    space, operator, rows = slots
    person = register(space, operator).user
    client.force_login(operator)
    day = {"giorno": "2026-03-24"}
    book(UserFactory(), rows[0], topic="SPID")
    book(person, rows[1], actor=operator)
    few_day = queries_for(client, reverse("desk:today"), day)
    more = publish(
        space, operator, D(2026, 3, 24), D(2026, 3, 24), point="station-1", length=15, capacity=2
    )
    for slot in more[:8]:
        book(UserFactory(), slot)
        book(person, slot, actor=operator)
    assert page_text(client, reverse("desk:today"), day).count("Postazione 1") >= 8
    assert queries_for(client, reverse("desk:today"), day) == few_day
    mine_client = client.__class__()
    resident = UserFactory()
    mine_client.force_login(resident)
    book(resident, rows[2])
    few_mine = queries_for(mine_client, reverse("desk:appointments_mine"))
    for slot in more[8:14]:
        appointments.appointment_cancel(actor=resident, appointment=book(resident, slot))
        book(resident, slot)
    assert queries_for(mine_client, reverse("desk:appointments_mine")) == few_mine


def test_the_desks_home_leads_to_the_day_and_the_slots(desk, client):
    _space, operator = desk
    client.force_login(operator)
    text = shown(client.get(reverse("desk:home")))
    assert f'href="{reverse("desk:today")}"' in text
    assert "Orari per appuntamenti" in text


def test_the_booking_page_in_english(slots, client):
    space, _operator, _rows = slots
    text = shown(client.get("/en" + book_url(space)))
    assert "Book an appointment · WeMi Appuntamenti" in text
    assert "Desk" in text and "Log in to book" in text
    assert "Sportello" not in text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_40_people_at_once_take_the_3_places_of_a_slot():
    space, _operator = desk_space("WeMi Affollato")
    slot = a_slot(space, timezone.now() + datetime.timedelta(days=2), capacity=3)
    people = [UserFactory() for _n in range(40)]
    barrier = threading.Barrier(len(people))
    refused, errors = [], []

    def try_booking(person_id):
        try:
            barrier.wait(timeout=30)
            person = User.objects.get(pk=person_id)
            book(person, AppointmentSlot.objects.get(pk=slot.pk))
        except StateConflict:
            refused.append(person_id)
        except Exception as error:  # noqa: BLE001 - every other failure is reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(people)) as pool:
        list(pool.map(try_booking, [person.pk for person in people]))
    assert errors == []
    assert Appointment.objects.filter(slot=slot, state="confirmed").count() == 3
    assert len(refused) == 37
