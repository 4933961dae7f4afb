"""Calendar feeds, parsed back with icalendar: one event, a space's, a person's at a secret
address (renewable; a tampered or old one answers 404). Times in Europe/Rome with VTIMEZONE,
a stable UID per occurrence, SEQUENCE raised on changes, STATUS:CANCELLED."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from events import calendar_tokens, services
from events.recurrence import Rule
from tests.events.helpers import day, publish
from tests.factories import UserFactory

# Date-sensitive: run now and at the awkward instants of tests/instants.py.
pytestmark = [pytest.mark.django_db, pytest.mark.instants]
ROME = ZoneInfo("Europe/Rome")


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def events_of(calendar) -> list:
    return [component for component in calendar.walk() if component.name == "VEVENT"]


def test_one_event_in_milans_time_with_its_timezone(client):
    event, _c = publish(title="Cucito creativo")
    calendar = parse(client.get(reverse("events:event_feed", args=[event.pk])))
    assert calendar["VERSION"] == "2.0" and "WeMi" in str(calendar["PRODID"])
    timezones = [component for component in calendar.walk() if component.name == "VTIMEZONE"]
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Rome"]
    (item,) = events_of(calendar)
    start = item.decoded("DTSTART")
    assert start.tzinfo is not None and start.astimezone(ROME).hour == 10
    assert item.decoded("DTEND") - start == datetime.timedelta(hours=2)
    assert str(item["SUMMARY"]) == "Cucito creativo"
    assert str(item["UID"]) == f"event-{event.pk}@127.0.0.1"
    assert int(item["SEQUENCE"]) == 0 and str(item["STATUS"]) == "CONFIRMED"
    assert event.get_absolute_url() in str(item["URL"])


def test_changes_raise_the_sequence_and_cancelling_says_cancelled(client):
    event, coordinator = publish()
    url = reverse("events:event_feed", args=[event.pk])
    uid = str(events_of(parse(client.get(url)))[0]["UID"])
    services.event_update(actor=coordinator, event=event, data={"title": "Spostato"})
    (item,) = events_of(parse(client.get(url)))
    assert int(item["SEQUENCE"]) == 1 and str(item["UID"]) == uid
    services.event_cancel(actor=coordinator, event=event, reason="Pioggia")
    (item,) = events_of(parse(client.get(url)))
    assert int(item["SEQUENCE"]) == 2 and str(item["STATUS"]) == "CANCELLED"


def test_a_space_feed_has_each_occurrence_with_its_own_uid(client):
    start = day(2)
    events, _c = publish(
        rule=Rule(
            starts_on=start,
            weekdays=(start.weekday(),),
            start_time=datetime.time(10),
            end_time=datetime.time(12),
            count=3,
        )
    )
    calendar = parse(client.get(reverse("events:space_feed", args=[events[0].space_id])))
    items = events_of(calendar)
    assert len(items) == 3
    assert len({str(item["UID"]) for item in items}) == 3


def test_the_persons_feed_shows_their_places_and_follows_the_token(client):
    event, coordinator = publish(capacity=1, max_seats_per_registration=1)
    other, _c = publish(space=event.space, coordinator=coordinator, title="Altro")
    person = UserFactory()
    services.registration_create(actor=UserFactory(), event=event, seats=1)
    services.registration_create(actor=person, event=event, seats=1)  # waitlisted
    mine = services.registration_create(actor=person, event=other, seats=1)
    services.registration_cancel(actor=person, registration=mine)
    token = calendar_tokens.calendar_token(person)
    items = events_of(parse(client.get(reverse("events:person_feed", args=[token]))))
    by_uid = {str(item["UID"]): str(item["STATUS"]) for item in items}
    assert by_uid == {
        f"event-{event.pk}@127.0.0.1": "TENTATIVE",
        f"event-{other.pk}@127.0.0.1": "CANCELLED",
    }
    renewed = calendar_tokens.calendar_token_reset(user=person)
    assert client.get(reverse("events:person_feed", args=[token])).status_code == 404
    assert client.get(reverse("events:person_feed", args=[renewed])).status_code == 200
    assert client.get(reverse("events:person_feed", args=[token + "x"])).status_code == 404
    assert client.get("/eventi/calendario/%2e%2e.ics").status_code == 404


def test_the_reset_page_needs_signing_in_and_a_post(client):
    person = UserFactory()
    assert client.post(reverse("events:token_reset")).status_code == 302
    client.force_login(person)
    assert client.get(reverse("events:token_reset")).status_code == 405
    before = calendar_tokens.calendar_token(person)
    client.post(reverse("events:token_reset"))
    assert calendar_tokens.calendar_token(person) != before


def test_texts_with_commas_and_newlines_survive_the_round_trip(client):
    space_event, coordinator = publish(
        description="Prima riga, con virgola; e punto e virgola\n\nSeconda riga: àèìòù €"
    )
    (item,) = events_of(parse(client.get(reverse("events:event_feed", args=[space_event.pk]))))
    assert "àèìòù €" in str(item["DESCRIPTION"]) and "virgola;" in str(item["DESCRIPTION"])


def test_the_token_is_made_once_and_renewing_changes_it():
    person = UserFactory()
    token = calendar_tokens.calendar_token(person)
    assert calendar_tokens.calendar_token(person) == token
    renewed = calendar_tokens.calendar_token_reset(user=person)
    assert renewed != token and calendar_tokens.calendar_token(person) == renewed
