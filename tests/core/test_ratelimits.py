"""Rate limits on the writes anyone may reach: the request within the limit works, the one
past it gets the Italian 429 page (with Retry-After) and writes nothing. Each test lowers
its limit to two, so it stays quick; the real numbers are checked on their own."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from labs import codesign
from labs.models import MeToo, Need, Participant, PollVote
from tests.factories import UserFactory
from tests.labs.helpers import need_category, open_lab
from tests.labs.pages import guest_client, url, world
from tests.labs.test_codesign_pages import _draft_world
from tests.participation.helpers import conversation_space, target_kwargs
from tests.participation.moderation_helpers import content_type_id, make_comment
from wemi_community.accounts.models import User
from wemi_community.core import ratelimits
from wemi_community.core.ratelimits import RATES
from wemi_community.participation.models import Comment, Report

pytestmark = pytest.mark.django_db

STRONG = "Cortile-di-via-Padova-42"


@pytest.fixture
def limit_of_two(monkeypatch):
    def lower(*names):
        for name in names:
            monkeypatch.setitem(RATES, name, "2/h")

    return lower


def assert_refused(response):
    assert response.status_code == 429
    text = response.content.decode()
    assert "Troppe richieste" in text and "non è stato salvato nulla" in text
    assert '<html lang="it"' in text  # the site's layout, in Italian
    assert int(response["Retry-After"]) > 0


def _as_written(rate: str) -> str:
    count, period = rate.split("/")
    return f"{count} an hour" if period == "h" else f"{count} in {period[:-1]} minutes"


def test_the_limits_are_the_documented_ones():
    # DESIGN.md's table is what the City reads: it must say the numbers the code applies.
    design = (Path(__file__).resolve().parents[2] / "DESIGN.md").read_text()
    documented = dict(re.findall(r"^\s*\| `(\w+)` \| ([^|]+?) \|", design, re.MULTILINE))
    # "60 an hour per address": whose count it is stands after the number.
    written = {name: (documented.get(name) or "").split(" per ")[0] for name in RATES}
    assert written == {name: _as_written(rate) for name, rate in RATES.items()}


def test_an_unknown_limit_is_a_mistake_at_import():
    with pytest.raises(KeyError):
        ratelimits.rate_limit("nothing")


def test_sign_up_at_the_real_limit_of_five_an_hour_per_address():
    client = Client()
    for number in range(5):
        data = {
            "email": f"persona{number}@esempio.example",
            "display_name": f"Persona {number}",
            "password1": STRONG,
            "password2": STRONG,
            "preferred_language": "it",
            "privacy_consent": "on",
        }
        assert client.post("/account/registrati/", data).status_code == 302
    data["email"] = "sesta@esempio.example"
    assert_refused(client.post("/account/registrati/", data))
    assert User.objects.filter(email__endswith="@esempio.example").count() == 5
    # Another address is counted apart; reading the page is never limited.
    assert Client(REMOTE_ADDR="10.0.0.9").post("/account/registrati/", data).status_code == 302
    assert client.get("/account/registrati/").status_code == 200


def test_login_past_the_limit_is_refused_even_with_the_right_password(limit_of_two):
    limit_of_two("login")
    person = UserFactory(email="rosa@esempio.example")
    person.set_password(STRONG)
    person.save()
    client = Client()
    wrong = {"username": person.email, "password": "sbagliata-123"}
    assert client.post("/account/accedi/", wrong).status_code == 200
    assert client.post("/account/accedi/", wrong).status_code == 200
    refused = client.post("/account/accedi/", {"username": person.email, "password": STRONG})
    assert_refused(refused)
    assert "_auth_user_id" not in client.session


def test_password_reset_and_confirmation_resend_each_stop(
    limit_of_two, mailoutbox, django_capture_on_commit_callbacks
):
    limit_of_two("password_reset", "confirmation_resend")
    UserFactory(email="rosa@esempio.example")
    client = Client()
    reset = "/account/password/recupera/"

    def ask():
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reset, {"email": "rosa@esempio.example"})

    assert ask().status_code == 302
    assert ask().status_code == 302
    sent = len(mailoutbox)
    assert sent >= 1
    assert_refused(ask())
    assert len(mailoutbox) == sent
    resend = "/account/conferma/nuovo-link/"
    for _ in range(2):
        assert client.post(resend, {"email": "altra@esempio.example"}).status_code == 302
    assert_refused(client.post(resend, {"email": "altra@esempio.example"}))


def test_comments_are_counted_per_person(limit_of_two):
    limit_of_two("comment")
    space = conversation_space()
    kwargs = target_kwargs(space)
    post = f"/partecipa/commenti/{kwargs['content_type_id']}/{kwargs['object_id']}/nuovo/"
    rosa, gino = Client(), Client()
    rosa.force_login(UserFactory())
    gino.force_login(UserFactory())
    assert rosa.post(post, {"text": "Uno"}).status_code == 302
    assert rosa.post(post, {"text": "Due"}).status_code == 302
    assert_refused(rosa.post(post, {"text": "Tre"}))
    assert not Comment.objects.filter(body_source="Tre").exists()
    # Another person on the same address still writes.
    assert gino.post(post, {"text": "Tre"}).status_code == 302


def test_reports(limit_of_two):
    limit_of_two("report")
    space = conversation_space()
    reporter = Client()
    reporter.force_login(UserFactory())
    comments = [make_comment(space, UserFactory(), f"Testo {n}") for n in range(3)]

    def report(comment):
        return reporter.post(
            f"/partecipa/segnala/{content_type_id(comment)}/{comment.pk}/",
            {"reason": "spam", "text": ""},
        )

    assert report(comments[0]).status_code == 302
    assert report(comments[1]).status_code == 302
    assert_refused(report(comments[2]))
    assert Report.objects.count() == 2


def test_joining_a_lab_as_a_guest_is_counted_by_address(limit_of_two):
    limit_of_two("lab_join")
    lab, _coordinator, _facilitator = open_lab()
    join = reverse("labs:invite", args=[lab.invite_token])
    for nickname in ("Uno", "Due"):
        assert Client().post(join, {"as": "guest", "nickname": nickname}).status_code == 302
    assert_refused(Client().post(join, {"as": "guest", "nickname": "Tre"}))
    assert Participant.objects.filter(lab=lab).count() == 2
    # The invitation page itself still opens.
    assert Client().get(join).status_code == 200


def test_needs_and_me_too_are_counted_per_guest_not_per_address(limit_of_two):
    limit_of_two("need", "me_too")
    lab, clients, _people = world()
    data = {"category": need_category().pk}
    guest = clients["guest"]
    assert guest.post(url("need_post", lab), {**data, "text": "Uno"}).status_code == 302
    assert guest.post(url("need_post", lab), {**data, "text": "Due"}).status_code == 302
    assert_refused(guest.post(url("need_post", lab), {**data, "text": "Tre"}))
    assert not Need.objects.filter(text="Tre").exists()
    # Another guest in the same room (same address) still posts.
    other, _participant = guest_client(lab, "Vicina")
    assert other.post(url("need_post", lab), {**data, "text": "Tre"}).status_code == 302

    needs = list(Need.objects.filter(lab=lab).exclude(text="Tre"))
    mine = Need.objects.get(text="Tre")
    member = clients["member"]
    assert member.post(url("me_too", lab, needs[0].pk)).status_code == 302
    assert member.post(url("me_too", lab, needs[1].pk)).status_code == 302
    assert_refused(member.post(url("me_too", lab, mine.pk)))
    assert MeToo.objects.filter(need=mine).count() == 0


def test_poll_votes(limit_of_two):
    limit_of_two("lab_vote")
    lab, clients, people, proposal = _draft_world()
    polls = [
        codesign.poll_create(
            actor=people["facilitator"], proposal=proposal, question=f"D{n}", options=["A", "B"]
        )
        for n in range(3)
    ]

    def vote(poll):
        return clients["guest"].post(
            url("poll_vote", lab, poll.pk), {"option": poll.options.first().pk}
        )

    assert vote(polls[0]).status_code == 302
    assert vote(polls[1]).status_code == 302
    assert_refused(vote(polls[2]))
    assert PollVote.objects.count() == 2


def test_certificate_checks(limit_of_two):
    limit_of_two("certificate_check")
    client = Client()
    for _ in range(2):
        assert client.get("/verifica/WEMI-AAAA-BBBB/").status_code == 404
    assert_refused(client.get("/verifica/WEMI-AAAA-BBBB/"))


def test_the_page_in_english_too(limit_of_two):
    limit_of_two("certificate_check")
    client = Client()
    for _ in range(2):
        client.get("/en/verifica/WEMI-AAAA-BBBB/")
    refused = client.get("/en/verifica/WEMI-AAAA-BBBB/")
    assert refused.status_code == 429
    assert "Too many requests" in refused.content.decode()
    # The count's window ends when it ends: with a minute or less left the page says "in a
    # minute", otherwise "in N minutes".
    minutes = re.search(r"try again in (a|\d+) minute", refused.content.decode())
    assert minutes
    assert 1 <= (1 if minutes.group(1) == "a" else int(minutes.group(1))) <= 60
