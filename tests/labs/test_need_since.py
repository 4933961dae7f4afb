"""The wall's polling endpoint (/laboratori/<id>/bisogni/nuovi/?after=N), which a page whose
live updates are paused asks every few seconds: the same messages as the websocket's answer
to a "since", for whoever may see the lab and nobody else; bad input never a 500."""

import pytest
from django.test import Client
from django.utils import timezone

from labs import needs
from tests.labs.helpers import member, need_category
from tests.labs.pages import url, world

pytestmark = pytest.mark.django_db


def _since(client, lab, after=None):
    query = {} if after is None else {"after": after}
    return client.get(url("need_since", lab), query, HTTP_ACCEPT="application/json")


def _posted(lab, participant, text):
    return needs.need_post(
        actor=participant.user, participant=participant, category=need_category(), text=text
    )


@pytest.mark.parametrize("role", ["facilitator", "member", "guest", "coordinator"])
def test_whoever_sees_the_lab_gets_the_needs_after_the_one_given(role):
    lab, clients, people = world()
    anna = people["anna"]
    first = _posted(lab, anna, "Pedibus al mattino")
    second = _posted(lab, anna, "Qualcuno per i compiti")
    bruno = member(lab, "Bruno")
    needs.me_too_add(actor=bruno.user, participant=bruno, need=first)

    response = _since(clients[role], lab, first.pk)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    messages = response.json()["messages"]
    assert [m["type"] for m in messages] == ["need", "counts", "caught_up"]
    assert messages[0]["id"] == second.pk and messages[0]["text"] == "Qualcuno per i compiti"
    assert messages[1]["counts"] == {str(first.pk): 1}
    assert messages[2]["phase"] == "listening"


def test_the_viewers_own_needs_are_marked_own_and_nobody_elses():
    lab, clients, people = world()
    need = _posted(lab, people["anna"], "Pedibus al mattino")
    own = _since(clients["member"], lab, 0).json()["messages"][0]
    other = _since(clients["facilitator"], lab, 0).json()["messages"][0]
    assert own["id"] == other["id"] == need.pk
    assert own.get("own") is True
    assert not other.get("own")


def test_nothing_new_is_only_caught_up():
    lab, clients, people = world()
    need = _posted(lab, people["anna"], "Pedibus al mattino")
    messages = _since(clients["member"], lab, need.pk).json()["messages"]
    assert [m["type"] for m in messages] == ["counts", "caught_up"]


def test_a_hidden_need_is_not_sent():
    lab, clients, people = world()
    need = _posted(lab, people["anna"], "Pedibus al mattino")
    need.hidden_at = timezone.now()
    need.save(update_fields=["hidden_at"])
    messages = _since(clients["member"], lab, 0).json()["messages"]
    assert [m["type"] for m in messages] == ["caught_up"]


@pytest.mark.parametrize("role", ["outsider", "anonymous", "other_coordinator"])
def test_who_may_not_see_the_lab_gets_a_404(role):
    lab, clients, people = world()
    _posted(lab, people["anna"], "Pedibus al mattino")
    response = _since(clients[role], lab, 0)
    assert response.status_code == 404
    assert b"Pedibus" not in response.content


def test_an_unknown_lab_is_a_404():
    assert Client().get("/laboratori/999999/bisogni/nuovi/?after=0").status_code == 404


def test_only_get():
    lab, clients, _people = world()
    assert clients["member"].post(url("need_since", lab), {"after": 0}).status_code == 405


@pytest.mark.parametrize(
    "after",
    ["abc", "1e3", "1.5", "0x10", "", " ", "-1", "١٢", "9" * 30, "9" * 5000, "1;DROP TABLE"],
)
def test_hostile_after_values_are_refused_or_empty_never_a_500(after):
    lab, clients, people = world()
    _posted(lab, people["anna"], "Pedibus al mattino")
    response = _since(clients["member"], lab, after)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        # Past every id: nothing new; never the whole wall for a value that means nothing.
        types = [m["type"] for m in response.json()["messages"]]
        assert "need" not in types


def test_no_after_means_from_the_start():
    lab, clients, people = world()
    need = _posted(lab, people["anna"], "Pedibus al mattino")
    messages = _since(clients["member"], lab).json()["messages"]
    assert messages[0]["id"] == need.pk
