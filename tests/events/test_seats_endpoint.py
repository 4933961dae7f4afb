"""The seats' polling endpoint (/eventi/<id>/posti/), which an event's page whose live updates
are paused asks every few seconds: the same message as the websocket's. Events are public,
as their page is."""

import pytest
from django.test import Client
from django.urls import reverse

from events import services
from tests.events.helpers import publish
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_anyone_gets_the_free_seats_and_they_follow_registrations():
    event, _coordinator = publish(capacity=3, max_seats_per_registration=2)
    address = reverse("events:seats", args=[event.pk])
    assert address == f"/eventi/{event.pk}/posti/"
    response = Client().get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert response.json() == {
        "type": "seats",
        "free": 3,
        "taken": 0,
        "waitlist": 0,
        "cancelled": False,
    }

    services.registration_create(actor=UserFactory(), event=event, seats=2)
    services.registration_create(actor=UserFactory(), event=event, seats=2)
    after = Client().get(address).json()
    assert (after["free"], after["taken"], after["waitlist"]) == (1, 2, 2)


def test_an_unknown_event_is_a_404():
    assert Client().get("/eventi/999999/posti/").status_code == 404


@pytest.mark.parametrize("pk", ["abc", "9" * 30, "-1"])
def test_a_malformed_or_huge_id_is_a_404_not_a_500(pk):
    assert Client().get(f"/eventi/{pk}/posti/").status_code == 404


def test_only_reading():
    event, _coordinator = publish()
    assert Client().post(reverse("events:seats", args=[event.pk])).status_code == 405
