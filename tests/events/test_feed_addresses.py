"""Which address a calendar link carries. The private calendar address a page offers is the
one the person reached the site at (they copy it now); what a calendar file holds is kept in
the calendar and read later, so its links and UIDs start from SITE_URL, whoever fetched it."""

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from events import calendar_tokens
from tests.cms.helpers import soup
from tests.events.helpers import publish
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOST = "example.org:8765"
SITE = "https://wemi.example"


@pytest.fixture(autouse=True)
def _served_elsewhere(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "example.org"]
    settings.SITE_URL = SITE


def test_the_calendar_address_offered_is_on_the_host_of_the_page():
    person = UserFactory()
    client = Client(HTTP_HOST=HOST)
    client.force_login(person)

    page = soup(client.get(reverse("events:mine")))

    token = calendar_tokens.calendar_token(person)
    expected = f"http://{HOST}{reverse('events:person_feed', args=[token])}"
    assert page.select_one("#feed-url")["value"] == expected


def test_a_calendar_file_links_to_the_public_address_whatever_host_fetched_it():
    event, _coordinator = publish(title="Cucito creativo")

    response = Client(HTTP_HOST=HOST).get(reverse("events:event_feed", args=[event.pk]))

    (item,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(item["URL"]) == f"{SITE}{event.get_absolute_url()}"
    assert str(item["UID"]) == f"event-{event.pk}@wemi.example"
    assert "example.org" not in response.content.decode()
