"""Clients for the lab pages: one per role, the guest one joined through the invitation page
as a browser would (so its key lives in its session)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from labs.models import Participant
from tests.factories import UserFactory
from tests.labs.helpers import member, open_lab
from tests.participation.moderation_helpers import coordinator_of
from tests.spaces.helpers import make_space


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def guest_client(lab, nickname: str = "Gigi") -> tuple[Client, Participant]:
    client = Client()
    response = client.post(
        reverse("labs:invite", args=[lab.invite_token]), {"as": "guest", "nickname": nickname}
    )
    assert response.status_code == 302, response.content[:500]
    return client, Participant.objects.get(lab=lab, nickname=nickname)


def world(**lab_options):
    """A lab in listening and a client for each role: facilitator, member (account), guest,
    coordinator of the space, coordinator of another space, outsider, anonymous."""
    lab, coordinator, facilitator = open_lab(**lab_options)
    anna = member(lab, "Anna")
    guest, guest_participant = guest_client(lab)
    clients = {
        "facilitator": signed_in(facilitator),
        "member": signed_in(anna.user),
        "guest": guest,
        "coordinator": signed_in(coordinator),
        "other_coordinator": signed_in(coordinator_of(make_space("Altro spazio"))),
        "outsider": signed_in(UserFactory(display_name="Estranea")),
        "anonymous": Client(),
    }
    return lab, clients, {"facilitator": facilitator, "anna": anna, "guest": guest_participant}


def url(name: str, lab, *args) -> str:
    return reverse(f"labs:{name}", args=[lab.pk, *args])
