"""Events in the Wagtail admin: the coordinators' list and form, on the same services; other
people are refused with a page that says so."""

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Event
from tests.events.helpers import day, publish, space_with_coordinator
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def staff_client(user) -> Client:
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(user)
    return client


def test_a_coordinator_lists_and_publishes_events_in_the_admin():
    event, coordinator = publish(title="Cucito creativo")
    _other_event, _other = publish(title="Di un altro spazio")
    client = staff_client(coordinator)
    listing = client.get(reverse("events_admin:list")).content.decode()
    assert "Cucito creativo" in listing and "Di un altro spazio" not in listing
    assert client.get(reverse("events_admin:create")).status_code == 200
    response = client.post(
        reverse("events_admin:create"),
        {
            "space": event.space_id,
            "title": "Pubblicato dall'admin",
            "category": "meeting",
            "audience": "adults",
            "place_kind": "space",
            "date": day(8).isoformat(),
            "start_time": "17:00",
            "end_time": "18:30",
            "repeat": "once",
            "interval": "1",
            "registration_required": "on",
            "capacity": "20",
            "max_seats_per_registration": "2",
            "price": "0",
            "organiser_kind": "space",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("events_admin:list")
    created = Event.objects.get(title="Pubblicato dall'admin")
    assert created.created_by == coordinator and created.capacity == 20


def test_bad_input_in_the_admin_comes_back_with_the_errors():
    event, coordinator = publish()
    response = staff_client(coordinator).post(
        reverse("events_admin:create"), {"space": event.space_id, "title": ""}
    )
    assert response.status_code == 422
    assert Event.objects.count() == 1


def test_editing_in_the_admin_and_refusals():
    event, coordinator = publish()
    other_event, _other = publish(title="Altrui")
    client = staff_client(coordinator)
    assert client.get(reverse("events_admin:edit", args=[event.pk])).status_code == 200
    refused = client.get(reverse("events_admin:edit", args=[other_event.pk]))
    assert refused.status_code == 403
    # Without access to the admin at all, Wagtail sends a resident to its sign-in page.
    resident = staff_client(UserFactory())
    assert resident.get(reverse("events_admin:list")).status_code == 302
    _space, lonely = space_with_coordinator()
    assert staff_client(lonely).get(reverse("events_admin:list")).status_code == 200
