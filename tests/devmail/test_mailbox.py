"""Development's mailbox: the e-mail backend prints each message and keeps it under var/, and
/dev/posta/ shows them, newest first, with working links; only when DEBUG is on."""

import importlib

import pytest
from django.core import mail
from django.test import Client
from django.urls import NoReverseMatch, clear_url_caches, reverse
from django.utils import timezone

from tests.cms.helpers import soup
from tests.factories import UserFactory
from wemi_community.devmail import mailbox

pytestmark = pytest.mark.django_db

BACKEND = "wemi_community.devmail.backend.EmailBackend"
SIGNUP = "/account/registrati/"


@pytest.fixture
def dev_mail(settings, tmp_path):
    settings.EMAIL_BACKEND = BACKEND
    settings.WEMI_DEV_MAILBOX_DIR = tmp_path / "mail"
    return tmp_path / "mail"


@pytest.fixture
def debug_site(settings, dev_mail):
    """The site as `make run` serves it: DEBUG on, so the /dev/ URLs exist."""
    # Taken here because the fixture reloads it, with DEBUG on and then off.
    import wemi_community.urls as root

    settings.DEBUG = True
    importlib.reload(root)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(root)
    clear_url_caches()


def send(subject: str, to: str, body: str = "Apri http://127.0.0.1:8000/account/profilo/ ora."):
    mail.EmailMultiAlternatives(subject, body, to=[to]).send()


def test_the_backend_prints_and_keeps_each_message(dev_mail, capsys):
    send("Conferma il tuo indirizzo", "marco@esempio.example")
    assert "Conferma il tuo indirizzo" in capsys.readouterr().out  # the console, as before
    (stored,) = mailbox.messages()[0]
    assert stored.subject == "Conferma il tuo indirizzo"
    assert stored.recipients == ["marco@esempio.example"]
    assert "http://127.0.0.1:8000/account/profilo/" in stored.text
    assert len(list(dev_mail.glob("*.eml"))) == 1


@pytest.mark.instants
def test_the_time_is_the_moment_it_was_sent(dev_mail):
    before = timezone.now().replace(microsecond=0)
    send("Adesso", "a@esempio.example")
    (stored,) = mailbox.messages()[0]
    assert stored.sent_at.tzinfo is not None
    assert before <= stored.sent_at <= timezone.now()


def test_only_the_newest_are_kept(dev_mail, monkeypatch):
    monkeypatch.setattr(mailbox, "KEEP", 3)
    for number in range(5):
        send(f"Messaggio {number}", "a@esempio.example")
    found, total = mailbox.messages()
    assert [m.subject for m in found] == ["Messaggio 4", "Messaggio 3", "Messaggio 2"]
    assert total == 3


def test_a_crafted_id_reads_nothing(dev_mail):
    send("Uno", "a@esempio.example")
    for bad in ("../../etc/passwd", "1-abc", "", "0" * 19 + "-zzzzzzzz"):
        assert mailbox.get(bad) is None


def test_without_debug_there_is_no_mailbox(client, dev_mail):
    send("Segreto", "a@esempio.example")
    assert client.get("/dev/posta/").status_code == 404
    assert client.get("/en/dev/posta/").status_code == 404
    with pytest.raises(NoReverseMatch):
        reverse("devmail:list")
    # …and the "check your e-mail" page says nothing about it.
    page = client.get("/account/registrati/controlla-email/")
    assert "/dev/posta/" not in page.content.decode()


def test_the_mailbox_lists_the_messages_newest_first(debug_site):
    send("Primo", "a@esempio.example")
    send("Secondo", "b@esempio.example", "Il link: http://127.0.0.1:8000/proposte/")
    page = soup(Client().get("/dev/posta/"))
    items = page.select(".wemi-devmail-list > li")
    assert [item.select_one("h2").get_text(strip=True) for item in items] == ["Secondo", "Primo"]
    assert "b@esempio.example" in items[0].get_text()
    link = items[0].select_one(".wemi-devmail-body a")
    assert link["href"] == "http://127.0.0.1:8000/proposte/"
    # In English too, and one message on its own page.
    assert Client().get("/en/dev/posta/").status_code == 200
    own = Client().get(items[1].select_one("h2 a")["href"])
    assert own.status_code == 200 and "Primo" in own.content.decode()
    assert Client().get("/dev/posta/0000000000000000001-00000000/").status_code == 404


def test_the_mailbox_filters_by_recipient_and_empties(debug_site):
    send("Per Anna", "anna@esempio.example")
    send("Per Bruno", "bruno@esempio.example")
    client = Client()
    page = soup(client.get("/dev/posta/", {"to": "ANNA@esempio.example"}))
    assert [h.get_text(strip=True) for h in page.select(".wemi-devmail-list h2")] == ["Per Anna"]
    assert client.get(reverse("devmail:clear")).status_code == 405
    assert client.post(reverse("devmail:clear")).status_code == 302
    assert mailbox.messages() == ([], 0)


def test_a_newcomer_reads_the_confirmation_in_the_mailbox(
    debug_site, django_capture_on_commit_callbacks
):
    client = Client()
    data = {
        "email": "marco@esempio.example",
        "display_name": "Marco",
        "password1": "Cortile-di-via-Padova-42",
        "password2": "Cortile-di-via-Padova-42",
        "preferred_language": "it",
        "privacy_consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(SIGNUP, data, follow=True)
    hint = soup(done).select_one(".wemi-devmail-hint a")
    assert hint["href"] == "/dev/posta/?to=marco%40esempio.example"

    box = soup(client.get(hint["href"]))
    links = [a["href"] for a in box.select(".wemi-devmail-body a") if "/conferma/" in a["href"]]
    confirm = next(link for link in links if "nuovo-link" not in link)
    path = confirm.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).url == "/account/accedi/"


def test_the_hint_stays_silent_when_mail_goes_elsewhere(debug_site, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page = Client().get("/account/password/recupera/inviata/")
    assert "wemi-devmail-hint" not in page.content.decode()
    notice = soup(Client().get("/dev/posta/")).select_one(".alert-warning")
    assert "locmem" in notice.get_text()


def test_after_asking_for_a_new_password_the_hint_opens_that_address(
    debug_site, django_capture_on_commit_callbacks
):
    person = UserFactory(email="giulia@esempio.example")
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/account/password/recupera/", {"email": person.email}, follow=True)
    hint = soup(done).select_one(".wemi-devmail-hint a")
    assert hint["href"] == "/dev/posta/?to=giulia%40esempio.example"
    box = soup(client.get(hint["href"]))
    assert [h.get_text(strip=True) for h in box.select(".wemi-devmail-list h2")] == [
        "Scegli una nuova password per WeMi Community"
    ]


def test_waiting_for_one_person_s_message_the_page_looks_again(debug_site):
    client = Client()
    waiting = soup(client.get("/dev/posta/", {"to": "anna@esempio.example"}))
    assert waiting.select_one('meta[http-equiv="refresh"]')["content"] == "3"
    assert "entro pochi secondi" in waiting.get_text()
    send("Per Anna", "anna@esempio.example")
    arrived = soup(client.get("/dev/posta/", {"to": "anna@esempio.example"}))
    assert arrived.select_one('meta[http-equiv="refresh"]') is None
    # The whole mailbox never reloads by itself.
    assert soup(client.get("/dev/posta/")).select_one('meta[http-equiv="refresh"]') is None
