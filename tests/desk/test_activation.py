"""Getting online later: the desk prints a one-time code (hashed, 14 days, a new one voids
the old, audited), the person types it on the public activation page with an e-mail and a
password, is signed in and finds what the desk did for them; a wrong, expired or used code
says so without telling which; an e-mail address already an account's records a report for
the City instead and changes nothing."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from desk import activation
from desk.models import ActivationCode, DeskConflict
from events import services as events_services
from tests.accounts.helpers import confirmation_link, path_of
from tests.cms.helpers import soup
from tests.desk.helpers import desk_space, event_at, open_session, register
from tests.factories import UserFactory
from wemi_community.core.audit import assisting
from wemi_community.core.models import AuditEntry

pytestmark = pytest.mark.django_db

ACTIVATE = "/sportello/attiva/"
PASSWORD = "Girasole-sul-balcone-48"
INVALID = "Questo codice non funziona"


@pytest.fixture
def desk():
    space, operator = desk_space("WeMi Capuana", phone="02 8846 1234", email="capuana@wemi.example")
    resident = register(space, operator)
    return space, operator, resident


def issue(operator, resident, space):
    return activation.activation_issue(actor=operator, resident=resident, space=space)


def form(code, **changes) -> dict:
    return {
        "code": code,
        "email": "giuseppina.ferri@esempio.example",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "privacy_consent": "on",
        **changes,
    }


class TestIssue:
    def test_the_code_is_stored_only_as_a_hash_and_expires_in_14_days(self, desk):
        space, operator, resident = desk
        issued = issue(operator, resident, space)
        assert len(issued.code) == 10
        assert set(issued.code) <= set(activation.CODE_ALPHABET)
        assert issued.display == f"{issued.code[:5]}-{issued.code[5:]}"
        record = ActivationCode.objects.get()
        assert issued.code not in record.code_hash
        assert record.expires_at - record.created_at == datetime.timedelta(days=14)
        entry = AuditEntry.objects.get(action="desk.activation_issued")
        assert (entry.actor, entry.on_behalf_of) == (operator, resident.user)
        assert issued.code not in str(entry.data)

    def test_the_validity_is_a_setting(self, desk, settings):
        settings.DESK_ACTIVATION_DAYS = 3
        space, operator, resident = desk
        record = issue(operator, resident, space).record
        assert record.expires_at - record.created_at == datetime.timedelta(days=3)

    def test_a_new_code_voids_the_previous(self, desk):
        space, operator, resident = desk
        first = issue(operator, resident, space)
        issue(operator, resident, space)
        first.record.refresh_from_db()
        assert first.record.voided_at is not None
        with pytest.raises(ValidationError):
            activation.account_activate(
                code=first.code,
                email="a@esempio.example",
                password=PASSWORD,
                privacy_consent=True,
                language="it",
            )

    def test_only_desks_issue_and_never_for_someone_online(self, desk):
        space, operator, resident = desk
        with pytest.raises(PermissionDenied):
            issue(UserFactory(), resident, space)
        resident.user.set_password(PASSWORD)
        resident.user.save()
        with pytest.raises(PermissionDenied):
            issue(operator, resident, space)

    def test_the_printed_page(self, client, desk):
        space, operator, resident = desk
        client.force_login(operator)
        page = client.get(reverse("desk:resident", args=[resident.user_id]))
        button = soup(page).select_one("#desk-online form")
        assert button["action"] == reverse("desk:activation_print", args=[resident.user_id])
        assert "Stampa un codice di attivazione" in button.get_text()

        printed = client.post(button["action"])
        assert printed.status_code == 200
        assert printed["Cache-Control"] == "no-store"
        html = soup(printed)
        code = html.select_one("#activation-code").get_text().strip()
        assert len(code) == 11 and code[5] == "-"
        text = html.get_text(" ", strip=True)
        assert "Giuseppina Ferri" in text
        assert "Il tuo codice di attivazione" in text
        assert "http://testserver/sportello/attiva/" in text or "/sportello/attiva/" in text
        assert "02 8846 1234" in text and "capuana@wemi.example" in text
        expiry = ActivationCode.objects.get().expires_at
        assert timezone.localtime(expiry).strftime("%d/%m/%Y") in text
        assert html.select_one(".qr svg") is not None
        assert 'href="/static/desk/css/print.css"' in printed.content.decode()
        # The code works.
        result = activation.account_activate(
            code=code.lower(),
            email="g@esempio.example",
            password=PASSWORD,
            privacy_consent=True,
            language="it",
        )
        assert result.completed

    def test_printing_is_a_post_and_needs_a_desk(self, client, desk):
        space, operator, resident = desk
        url = reverse("desk:activation_print", args=[resident.user_id])
        client.force_login(operator)
        assert client.get(url).status_code == 405
        client.force_login(UserFactory())
        assert client.post(url).status_code == 403
        assert not ActivationCode.objects.exists()


class TestActivate:
    def test_happy_path_signs_in_and_shows_what_the_desk_did(
        self, client, desk, mailoutbox, django_capture_on_commit_callbacks
    ):
        space, operator, resident = desk
        person = resident.user
        event = event_at(space, title="Merenda in cortile")
        # As an assisted session at the desk records it.
        with assisting(operator, person, space.title):
            events_services.registration_create(actor=person, event=event, seats=2)
        issued = issue(operator, resident, space)

        page = client.get(ACTIVATE)
        assert page.status_code == 200
        assert "Attiva il tuo account" in soup(page).get_text()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(ACTIVATE, form(f" {issued.display.lower()} "))
        assert response.status_code == 302
        assert response.url == reverse("desk:activated")

        person.refresh_from_db()
        assert person.email == "giuseppina.ferri@esempio.example"
        assert person.check_password(PASSWORD)
        assert person.is_active and person.email_confirmed_at is None
        assert person.privacy_consent_at is not None
        issued.record.refresh_from_db()
        assert issued.record.used_at is not None
        entry = AuditEntry.objects.get(action="desk.account_activated")
        assert entry.actor == person

        welcome = client.get(response.url)
        assert welcome.status_code == 200
        assert welcome.wsgi_request.user == person
        assert "Il tuo account è attivo" in soup(welcome).get_text()
        done = soup(welcome).select_one(".desk-done-for-me").get_text(" ")
        assert "Merenda in cortile" in done
        mine = client.get(reverse("events:mine"))
        assert "Merenda in cortile" in mine.content.decode()

        # The usual confirmation e-mail, to the new address.
        assert [message.to for message in mailoutbox] == [[person.email]]
        confirmed = client.get(path_of(confirmation_link(mailoutbox[0])))
        assert confirmed.status_code == 302
        person.refresh_from_db()
        assert person.email_confirmed_at is not None

        # Signing in later works with the new e-mail and password.
        client.logout()
        signed = client.post("/account/accedi/", {"username": person.email, "password": PASSWORD})
        assert signed.status_code == 302

    def test_a_used_code_does_not_work_twice(self, client, desk):
        space, operator, resident = desk
        issued = issue(operator, resident, space)
        assert client.post(ACTIVATE, form(issued.code)).status_code == 302
        client.logout()
        again = client.post(ACTIVATE, form(issued.code, email="altra@esempio.example"))
        assert again.status_code == 422
        assert INVALID in soup(again).get_text()

    def test_an_expired_code(self, client, desk):
        space, operator, resident = desk
        issued = issue(operator, resident, space)
        with time_machine.travel(timezone.now() + datetime.timedelta(days=14, minutes=1)):
            response = client.post(ACTIVATE, form(issued.code))
        assert response.status_code == 422
        assert INVALID in soup(response).get_text()
        resident.user.refresh_from_db()
        assert not resident.user.has_usable_password()
        # A day before it lapses, it still works.
        with time_machine.travel(timezone.now() + datetime.timedelta(days=13)):
            assert client.post(ACTIVATE, form(issued.code)).status_code == 302

    def test_a_wrong_code_reads_the_same_as_an_expired_one(self, client, desk):
        space, operator, resident = desk
        issue(operator, resident, space)
        for code in ("AAAAA-AAAAA", "short", ""):
            response = client.post(ACTIVATE, form(code))
            assert response.status_code == 422
        assert INVALID in soup(client.post(ACTIVATE, form("AAAAA-AAAAA"))).get_text()
        assert not AuditEntry.objects.filter(action="desk.account_activated").exists()

    def test_passwords_and_consent_are_checked(self, client, desk):
        space, operator, resident = desk
        issued = issue(operator, resident, space)
        mismatch = client.post(ACTIVATE, form(issued.code, password2="Altra-password-99"))
        assert mismatch.status_code == 422
        assert "Le due password non coincidono" in soup(mismatch).get_text()
        weak = client.post(ACTIVATE, form(issued.code, password1="12345", password2="12345"))
        assert weak.status_code == 422
        assert "Questa password è troppo comune" in soup(weak).get_text()
        no_consent = form(issued.code)
        del no_consent["privacy_consent"]
        refused = client.post(ACTIVATE, no_consent)
        assert refused.status_code == 422
        assert "accetta l'informativa" in soup(refused).get_text().replace("’", "'")
        issued.record.refresh_from_db()
        assert issued.record.used_at is None

    def test_an_e_mail_of_another_account_records_a_report(self, client, desk):
        space, operator, resident = desk
        online = UserFactory(email="giuseppina.ferri@esempio.example", display_name="Giusy")
        issued = issue(operator, resident, space)
        response = client.post(
            ACTIVATE, form(issued.code, email="Giuseppina.Ferri@esempio.example")
        )
        assert response.status_code == 409
        text = soup(response).get_text(" ", strip=True)
        assert "uniranno i tuoi due profili" in text
        assert not response.wsgi_request.user.is_authenticated
        conflict = DeskConflict.objects.get()
        assert (conflict.desk_user, conflict.online_user) == (resident.user, online)
        assert conflict.why == DeskConflict.Why.EMAIL and conflict.is_open
        resident.user.refresh_from_db()
        assert resident.user.email is None and not resident.user.has_usable_password()
        issued.record.refresh_from_db()
        assert issued.record.used_at is None
        # Trying again adds nothing but the trail.
        client.post(ACTIVATE, form(issued.code))
        assert DeskConflict.objects.count() == 1

    def test_rate_limited(self, client, desk, monkeypatch):
        monkeypatch.setitem(
            __import__("wemi_community.core.ratelimits", fromlist=["RATES"]).RATES,
            "desk_activation",
            "2/h",
        )
        for _ in range(2):
            assert client.post(ACTIVATE, form("AAAAA-AAAAA")).status_code == 422
        assert client.post(ACTIVATE, form("AAAAA-AAAAA")).status_code == 429
        assert client.get(ACTIVATE).status_code == 200

    def test_signed_in_people_get_no_form(self, client, desk):
        client.force_login(UserFactory())
        page = client.get(ACTIVATE)
        assert page.status_code == 200
        assert soup(page).select_one("#desk-activate") is None

    def test_never_during_an_assisted_session(self, client, desk):
        space, operator, resident = desk
        open_session(client, operator, resident.user, space)
        assert client.get(ACTIVATE).status_code == 403
