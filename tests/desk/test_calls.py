"""The desk's call list: what the site tells a resident of a desk who has no e-mail becomes
a call to make at that desk (never another's), most urgent first; operators and
coordinators of the desk mark each call told, to make again or unreachable; the page."""

import datetime
import html
import re

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from desk import calls
from desk.demo_calls import seed_calls
from desk.models import CallEntry
from events import services as event_services
from events.reminders import reminder_send
from tests.desk.helpers import desk_space, register
from tests.events.helpers import publish
from tests.factories import UserFactory
from tests.factories.roles import CoordinatorFactory
from tests.queries import page_text, queries_for
from wemi_community.core.errors import StateConflict
from wemi_community.core.milan import in_rome
from wemi_community.core.models import AuditEntry
from wemi_community.notifications import kinds as notification_kinds
from wemi_community.notifications.models import Notification
from wemi_community.notifications.services import notify

pytestmark = pytest.mark.django_db

NOW = in_rome(datetime.date(2026, 3, 9), datetime.time(9, 30))
URL = "/sportello/chiamate/"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def desk(clock):
    space, operator = desk_space("WeMi San Gottardo")
    resident = register(space, operator, phone="02 8844 1203")
    return space, operator, resident.user


@pytest.fixture
def other_desk(clock):
    space, operator = desk_space("WeMi Loreto")
    resident = register(space, operator, first_name="Mario", last_name="Colombo")
    return space, operator, resident.user


def tomorrow_event(space, **changes):
    event, _coordinator = publish(
        space=space, coordinator=CoordinatorFactory(space=space), days=1, **changes
    )
    return event


def registered_and_reminded(space, operator, person, event):
    event_services.registration_create(actor=operator, event=event, seats=1, person=person)
    assert reminder_send(user_id=person.pk, event_id=event.pk)


def kinds_open(space) -> list[tuple[str, str]]:
    return [(entry.person.display_name, entry.kind) for entry in calls.calls_open(space)]


class TestCallsFromNotifications:
    def test_tomorrows_reminder_lands_at_the_persons_desk_only(self, desk, other_desk):
        space, operator, person = desk
        other_space, _other_operator, _other_person = other_desk
        event = tomorrow_event(space, title="Cucito creativo")
        registered_and_reminded(space, operator, person, event)
        entry = CallEntry.objects.get(kind="event.reminder")
        assert entry.space == space and entry.person == person
        assert entry.urgency == CallEntry.Urgency.URGENT
        assert entry.message == "Domani: “Cucito creativo”"
        assert entry.target_url == event.get_absolute_url()
        assert entry.notification == Notification.objects.get(kind="event.reminder")
        assert entry.state == CallEntry.State.TO_CALL and entry.due_at == NOW
        # The registration itself is told too, with normal urgency, after the reminder.
        assert kinds_open(space) == [
            ("Giuseppina Ferri", "event.reminder"),
            ("Giuseppina Ferri", "event.registered"),
        ]
        assert not calls.calls_open(other_space).exists()

    def test_the_persons_language_is_the_one_told(self, desk):
        space, operator, _person = desk
        english = register(space, operator, first_name="John", language="en").user
        event = tomorrow_event(space, title="Cucito creativo")
        registered_and_reminded(space, operator, english, event)
        assert CallEntry.objects.get(kind="event.reminder").message == "Tomorrow: “Cucito creativo”"

    def test_people_with_email_or_not_at_a_desk_are_not_called(self, desk):
        space, operator, _person = desk
        with_email = register(space, operator, first_name="Anna", email="anna@example.org").user
        online_without_email = UserFactory(email=None)
        event = tomorrow_event(space)
        registered_and_reminded(space, operator, with_email, event)
        notify([online_without_email], "event.reminder", event)
        assert Notification.objects.filter(kind="event.reminder").count() == 2
        assert not CallEntry.objects.exists()

    def test_one_call_per_notification(self, desk):
        space, _operator, person = desk
        event = tomorrow_event(space)
        created = notify([person], "event.reminder", event)
        calls.calls_from_notifications(created)
        calls.calls_from_notifications(created)
        assert CallEntry.objects.filter(notification=created[0]).count() == 1
        assert CallEntry.objects.count() == 1

    def test_a_reminder_is_claimed_once(self, desk):
        space, operator, person = desk
        event = tomorrow_event(space)
        registered_and_reminded(space, operator, person, event)
        assert not reminder_send(user_id=person.pk, event_id=event.pk)
        assert CallEntry.objects.filter(kind="event.reminder").count() == 1

    def test_urgency_then_due_time_then_calls_made_again(self, desk, clock):
        space, operator, first = desk
        second = register(space, operator, first_name="Mario", last_name="Colombo").user
        third = register(space, operator, first_name="Amina", last_name="Diallo").user
        event = tomorrow_event(space, title="Cucito creativo")
        notify([third], "event.registered", event)  # normal, the oldest
        clock.shift(60)
        notify([third], "proposal.state_changed", None)  # soon
        clock.shift(60)
        notify([first], "event.reminder", event)  # urgent
        clock.shift(60)
        notify([second], "event.promoted", event)  # urgent, later
        assert kinds_open(space) == [
            ("Giuseppina Ferri", "event.reminder"),
            ("Mario Colombo", "event.promoted"),
            ("Amina Diallo", "proposal.state_changed"),
            ("Amina Diallo", "event.registered"),
        ]
        assert [entry.urgency for entry in calls.calls_open(space)] == [1, 1, 2, 3]
        clock.shift(60)
        reminder = CallEntry.objects.get(kind="event.reminder")
        calls.call_mark(actor=operator, entry=reminder, outcome="retry", note="Occupato")
        clock.shift(60)
        notify([third], "volunteering.reminder", None)  # urgent, newer than the retry
        assert kinds_open(space) == [
            ("Mario Colombo", "event.promoted"),
            ("Amina Diallo", "volunteering.reminder"),
            ("Giuseppina Ferri", "event.reminder"),
            ("Amina Diallo", "proposal.state_changed"),
            ("Amina Diallo", "event.registered"),
        ]

    def test_the_key_table_names_registered_kinds(self):
        for key in calls.URGENCY_BY_KIND:
            assert notification_kinds.get(key)


@pytest.fixture
def entry(desk):
    space, _operator, person = desk
    notify([person], "event.reminder", tomorrow_event(space, title="Cucito creativo"))
    return CallEntry.objects.get()


class TestTheDayView:
    def test_lists_the_desks_open_calls_beside_the_appointments(self, client, desk, other_desk):
        space, operator, person = desk
        registered_and_reminded(space, operator, person, tomorrow_event(space, title="Merenda"))
        elsewhere, other_operator, other_person = other_desk
        registered_and_reminded(
            elsewhere, other_operator, other_person, tomorrow_event(elsewhere, title="Altrove")
        )
        client.force_login(operator)
        text = client.get(reverse("desk:today")).content.decode()
        assert "Chiamate da fare" in text and "02 8844 1203" in text
        assert "Merenda" in text
        assert "Mario Colombo" not in text and "Altrove" not in text

    def test_renders_no_calls_section_when_there_are_none(self, client, desk):
        _space, operator, _person = desk
        client.force_login(operator)
        assert 'id="desk-today-calls"' not in client.get(reverse("desk:today")).content.decode()


class TestMarking:
    def test_done_closes_and_is_audited_for_the_person(self, desk, entry, clock):
        _space, operator, person = desk
        clock.shift(300)
        marked = calls.call_mark(actor=operator, entry=entry, outcome="done", note=" Ha detto  sì ")
        assert marked.state == CallEntry.State.DONE and marked.attempts == 1
        assert marked.handled_by == operator and marked.outcome_note == "Ha detto sì"
        assert marked.handled_at == NOW + datetime.timedelta(seconds=300)
        audit = AuditEntry.objects.get(action="desk.call_done")
        assert (audit.actor, audit.on_behalf_of) == (operator, person)
        assert audit.data["after"] == "done" and audit.data["desk"] == "WeMi San Gottardo"
        with pytest.raises(StateConflict):
            calls.call_mark(actor=operator, entry=entry, outcome="retry")

    def test_unreachable_stays_until_the_third_attempt(self, desk, entry):
        space, operator, _person = desk
        for attempt in (1, 2):
            marked = calls.call_mark(actor=operator, entry=entry, outcome="unreachable")
            assert (marked.state, marked.attempts) == (CallEntry.State.RETRY, attempt)
            assert list(calls.calls_open(space)) == [entry]
        marked = calls.call_mark(actor=operator, entry=entry, outcome="unreachable")
        assert (marked.state, marked.attempts) == (CallEntry.State.UNREACHABLE, 3)
        assert not calls.calls_open(space).exists()
        assert list(calls.calls_closed_recently(space)) == [entry]
        with pytest.raises(StateConflict):
            calls.call_mark(actor=operator, entry=entry, outcome="done")

    def test_retry_keeps_it_open(self, desk, entry):
        _space, operator, _person = desk
        for attempt in (1, 2, 3, 4):
            marked = calls.call_mark(actor=operator, entry=entry, outcome="retry")
            assert (marked.state, marked.attempts) == (CallEntry.State.RETRY, attempt)

    def test_bad_outcome_and_long_note_are_refused(self, desk, entry):
        _space, operator, _person = desk
        with pytest.raises(ValidationError) as error:
            calls.call_mark(actor=operator, entry=entry, outcome="maybe")
        assert "outcome" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            calls.call_mark(actor=operator, entry=entry, outcome="done", note="x" * 301)
        assert "note" in error.value.message_dict
        entry.refresh_from_db()
        assert entry.state == CallEntry.State.TO_CALL and entry.attempts == 0

    def test_only_the_calls_desk_marks_it(self, desk, other_desk, entry):
        space, _operator, person = desk
        _other_space, other_operator, _other_person = other_desk
        for outsider in (other_operator, person, UserFactory()):
            with pytest.raises(PermissionDenied):
                calls.call_mark(actor=outsider, entry=entry, outcome="done")
        coordinator = CoordinatorFactory(space=space)
        assert calls.call_mark(actor=coordinator, entry=entry, outcome="done").handled_by == (
            coordinator
        )


def text_of(page) -> str:
    return html.unescape(re.sub(r"\s+", " ", page.content.decode()))


class TestPage:
    def test_operator_sees_the_desks_calls(self, client, desk, other_desk, entry):
        space, operator, _person = desk
        _other_space, other_operator, other_person = other_desk
        notify([other_person], "event.reminder", tomorrow_event(_other_space, title="Yoga"))
        client.force_login(operator)
        page = client.get(URL)
        assert page.status_code == 200
        text = text_of(page)
        assert "Giuseppina Ferri" in text and 'href="tel:+390288441203"' in text
        assert "02 8844 1203" in text
        assert "Domani: “Cucito creativo”" in text
        assert "Mario Colombo" not in text and "Yoga" not in text
        home = text_of(client.get(reverse("desk:home")))
        assert "Chiamate da fare (1)" in home and f'href="{URL}"' in home

    def test_coordinator_sees_them_too(self, client, desk, entry):
        space, _operator, _person = desk
        client.force_login(CoordinatorFactory(space=space))
        page = client.get(URL)
        assert page.status_code == 200 and "Giuseppina Ferri" in text_of(page)

    def test_other_desk_and_residents_and_anonymous(self, client, desk, other_desk, entry):
        space, _operator, person = desk
        _other_space, other_operator, _other_person = other_desk
        client.force_login(other_operator)
        own = client.get(URL)
        assert own.status_code == 200 and "Giuseppina Ferri" not in text_of(own)
        assert client.get(URL, {"spazio": space.pk}).status_code == 403
        mark = reverse("desk:call_mark", args=[entry.pk])
        assert client.post(mark, {"outcome": "done"}).status_code == 403
        client.force_login(person)
        assert client.get(URL).status_code == 403
        assert client.post(mark, {"outcome": "done"}).status_code == 403
        client.logout()
        page = client.get(URL)
        assert page.status_code == 302
        assert page["Location"].startswith(reverse(settings.LOGIN_URL))
        entry.refresh_from_db()
        assert entry.state == CallEntry.State.TO_CALL

    def test_marking_from_the_page(self, client, desk, entry):
        _space, operator, _person = desk
        client.force_login(operator)
        mark = reverse("desk:call_mark", args=[entry.pk])
        answer = client.post(mark, {"outcome": "retry", "note": "Richiamare dopo le 17"})
        assert answer.status_code == 302
        page = text_of(client.get(answer["Location"]))
        assert "Richiamare dopo le 17" in page and "1 tentativo" in page
        answer = client.post(mark, {"outcome": "done"}, follow=True)
        text = text_of(answer)
        assert "Chiamata a Giuseppina Ferri registrata" in text
        assert "Chiuse negli ultimi 7 giorni" in text
        conflict = client.post(mark, {"outcome": "done"})
        assert conflict.status_code == 409
        assert "Questa chiamata è già chiusa" in text_of(conflict)

    def test_bad_input_comes_back_next_to_the_field(self, client, desk, entry):
        _space, operator, _person = desk
        client.force_login(operator)
        mark = reverse("desk:call_mark", args=[entry.pk])
        page = client.post(mark, {"outcome": "done", "note": "x" * 301})
        assert page.status_code == 422
        assert f'id="call-{entry.pk}-note"' in page.content.decode()
        assert "Nota (facoltativa)" in text_of(page)
        page = client.post(mark, {"outcome": "forse"})
        assert page.status_code == 422 and "Scegli com'è andata la chiamata" in text_of(page)
        assert client.post(reverse("desk:call_mark", args=[999999]), {}).status_code == 404
        entry.refresh_from_db()
        assert entry.attempts == 0

    def test_queries_do_not_grow_with_rows(self, client, desk, entry, django_assert_num_queries):
        space, operator, _person = desk
        client.force_login(operator)
        few = queries_for(client, URL)
        event = tomorrow_event(space, title="Altro")
        for number in range(6):
            person = register(space, operator, first_name=f"P{number}").user
            notify([person], "event.reminder", event)
            done = CallEntry.objects.filter(person=person).get()
            notify([person], "event.changed", event)
            calls.call_mark(actor=operator, entry=done, outcome="done")
        assert page_text(client, URL).count('href="tel:') > 10
        with django_assert_num_queries(few):
            client.get(URL)


def test_demo_seeds_calls_through_notify(desk):
    space, operator, person = desk
    second = register(space, operator, first_name="Mario", last_name="Colombo").user
    register(space, operator, first_name="Anna", email="anna@example.org")
    tomorrow_event(space, title="Cucito creativo")
    seeded = seed_calls(space)
    assert [(entry.person, entry.kind) for entry in seeded] == [
        (person, "event.reminder"),
        (second, "event.registered"),
    ]
    assert Notification.objects.count() == 2
    assert len(seed_calls(space)) == 2
    assert Notification.objects.count() == 2
