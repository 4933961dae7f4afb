"""The bell's polling endpoint (/notifiche/non-lette/), which a page whose live notifications
are paused asks every few seconds: one's own unread count, for signed-in people only."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.notifications.test_inbox import make_notifications

pytestmark = pytest.mark.django_db

UNREAD = "/notifiche/non-lette/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_address_is_the_one_the_pages_poll():
    assert reverse("notifications:unread") == UNREAD


def test_a_signed_in_person_gets_their_own_unread_count_only():
    anna = UserFactory(display_name="Anna")
    bruno = UserFactory(display_name="Bruno")
    make_notifications(anna, 3)
    make_notifications(anna, 2, read=True)
    make_notifications(bruno, 5)
    response = signed_in(anna).get(UNREAD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert response.json() == {"type": "unread", "unread": 3}


def test_the_count_follows_reading():
    anna = UserFactory(display_name="Anna")
    rows = make_notifications(anna, 2)
    client = signed_in(anna)
    assert client.get(UNREAD).json()["unread"] == 2
    rows[0].read_at = timezone.now()
    rows[0].save(update_fields=["read_at"])
    assert client.get(UNREAD).json()["unread"] == 1


def test_nobody_signed_in_is_sent_to_sign_in_without_a_count():
    response = Client().get(UNREAD)
    assert response.status_code == 302
    assert "/account/accedi/" in response["Location"]
    assert b"unread" not in response.content


def test_only_reading():
    client = signed_in(UserFactory(display_name="Anna"))
    assert client.post(UNREAD).status_code == 405
    assert client.head(UNREAD).status_code == 200


def test_query_strings_change_nothing():
    anna = UserFactory(display_name="Anna")
    make_notifications(anna, 1)
    response = signed_in(anna).get(UNREAD, {"user": "1", "after": "x" * 5000})
    assert response.json() == {"type": "unread", "unread": 1}
