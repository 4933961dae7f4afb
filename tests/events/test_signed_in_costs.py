"""What an event's page costs a signed-in resident: the page's own reads, and nothing for the
powers they do not hold (the admin's user bar, a space's coordination or desk)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from events import services
from tests.events.helpers import publish
from tests.factories import UserFactory
from tests.instants import MILAN
from tests.queries import page_text

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 5, 12, 10, 0, tzinfo=MILAN)

# Session, person, privacy consent, event, own registration, groups, unread count,
# comments' count, follow.
RESIDENT_EVENT_PAGE = 9


def test_a_residents_event_page_costs_at_most_its_own_reads(django_assert_max_num_queries):
    with time_machine.travel(NOW, tick=False):
        event, _ = publish(title="Cucito", capacity=5, max_seats_per_registration=2)
        resident = UserFactory(display_name="Giulia")
        services.registration_create(actor=resident, event=event, seats=1)
        client = Client()
        client.force_login(resident)
        url = reverse("events:detail", args=[event.pk])
        text = page_text(client, url)
        assert "Cucito" in text
        assert "wagtail-userbar" not in text
        with django_assert_max_num_queries(RESIDENT_EVENT_PAGE):
            client.get(url)


def test_the_coordinator_still_sees_the_user_bar_on_it():
    with time_machine.travel(NOW, tick=False):
        event, coordinator = publish(title="Cucito")
        client = Client()
        client.force_login(coordinator)
        assert "<wagtail-userbar" in page_text(client, reverse("events:detail", args=[event.pk]))
