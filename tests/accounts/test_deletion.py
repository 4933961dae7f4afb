"""Deleting one's account: the service, the page, the summary, the final e-mail."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from events import kinds as event_kinds
from events.models import Registration
from proposals.models import Support
from tests.events.helpers import space_with_coordinator
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.participation import CommentFactory
from tests.factories.proposals import ProposalFactory
from wemi_community.accounts.deletion import account_delete
from wemi_community.accounts.models import AccountDeletion, ExternalIdentity, PrivacyConsent
from wemi_community.accounts.services import privacy_consent_record
from wemi_community.core.errors import StateConflict
from wemi_community.core.models import AuditEntry
from wemi_community.notifications.models import Notification
from wemi_community.participation.models import Follow

pytestmark = pytest.mark.django_db

DELETED = "Partecipante cancellato"


@pytest.fixture
def anna():
    person = UserFactory(
        email="anna@esempio.example",
        display_name="Anna Verdi",
        first_name="Anna",
        last_name="Verdi",
        nickname="annav",
    )
    privacy_consent_record(user=person)
    return person


@pytest.fixture
def scenario(anna):
    """The demo's kind of resident: a seat at a full event with someone waiting, a join to
    a proposal still gathering, a comment on it."""
    space, _coordinator = space_with_coordinator()
    event = EventFactory(space=space, capacity=4, days=6)
    RegistrationFactory(event=event, user=anna, seats=4)
    bruno = UserFactory(display_name="Bruno")
    waiting = RegistrationFactory(event=event, user=bruno)
    assert waiting.state == Registration.State.WAITLISTED
    assert Notification.objects.filter(recipient=anna).exists()
    proposal = ProposalFactory(space=space, supporters=[anna])
    comment = CommentFactory(target=proposal, author=anna, text="Ci sto, ho due bambini")
    return {
        "event": event,
        "bruno": bruno,
        "waiting": waiting,
        "proposal": proposal,
        "comment": comment,
    }


def _delete_on_the_page(client, person, password=DEFAULT_PASSWORD):
    client.force_login(person)
    return client.post(
        reverse("accounts:account_delete"), {"password": password, "understood": "on"}
    )


def test_the_resident_deletes_her_account_and_the_waitlist_moves_up(
    client, anna, scenario, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _delete_on_the_page(client, anna)
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("accounts:account_deleted"))

    # The summary, once, after signing out.
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "deletion-kept" in text and "deletion-deleted" in text
    assert "_auth_user_id" not in client.session

    # Her seat went to Bruno, who was told.
    scenario["waiting"].refresh_from_db()
    assert scenario["waiting"].state == Registration.State.CONFIRMED
    assert Notification.objects.filter(
        recipient=scenario["bruno"], kind=str(event_kinds.NOTIFY_EVENT_PROMOTED)
    ).exists()
    # Her household left the proposal; her comment stays, signed as deleted.
    assert not Support.objects.filter(user=anna).exists()
    proposal_page = client.get(scenario["proposal"].get_absolute_url())
    assert DELETED in proposal_page.content.decode()
    assert "Anna Verdi" not in proposal_page.content.decode()
    assert "Ci sto, ho due bambini" in proposal_page.content.decode()

    # Her notifications and follows are gone.
    assert not Notification.objects.filter(recipient=anna).exists()
    assert not Follow.objects.filter(user=anna).exists()

    anna.refresh_from_db()
    assert anna.is_deleted and not anna.is_active
    assert (anna.email, anna.nickname, anna.first_name, anna.last_name) == (None, None, "", "")
    assert anna.display_name == DELETED
    assert not anna.has_usable_password()
    # Consents are kept (proof of lawful processing), the deletion is recorded.
    assert PrivacyConsent.objects.filter(user=anna).count() == 1
    deletion = AccountDeletion.objects.get(user=anna)
    assert deletion.channel == AccountDeletion.Channel.SELF
    assert deletion.requested_by == anna
    assert {part["app"] for part in deletion.summary} >= {"accounts", "events", "proposals"}
    assert AuditEntry.objects.filter(action="account.erased", target_id=str(anna.pk)).exists()

    # The final e-mail went to the address she had, in Italian, once.
    final = [m for m in mail.outbox if m.to == ["anna@esempio.example"]]
    assert len(final) == 1
    assert "eliminato" in final[0].subject
    assert "Iscrizioni" in final[0].body or "iscrizione" in final[0].body.lower()
    assert deletion.__class__.objects.get(pk=deletion.pk).final_email_sent_at is not None


def test_signing_in_afterwards_fails(client, anna):
    ExternalIdentity.objects.create(
        user=anna,
        issuer="https://id.comune.milano.it",
        subject="abc",
        fiscal_code="VRDNNA80A41F205X",
    )
    TOTPDevice.objects.create(user=anna, name="app")
    StaticDevice.objects.create(user=anna, name="codici")
    account_delete(user=anna, actor=anna, channel=AccountDeletion.Channel.SELF)
    response = client.post(
        reverse("accounts:login"),
        {"username": "anna@esempio.example", "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    # The digital identity that SPID/CIE sign-in would match is gone, as are second factors.
    assert not ExternalIdentity.objects.filter(subject="abc").exists()
    assert not TOTPDevice.objects.filter(user=anna).exists()
    assert not StaticDevice.objects.filter(user=anna).exists()


def test_an_open_session_ends(client, anna):
    client.force_login(anna)
    assert client.get(reverse("accounts:profile")).status_code == 200
    account_delete(user=anna, actor=anna, channel=AccountDeletion.Channel.SELF)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_deleting_twice_is_a_conflict(client, anna):
    account_delete(user=anna, actor=anna, channel=AccountDeletion.Channel.SELF)
    with pytest.raises(StateConflict, match="già stato eliminato"):
        account_delete(user=anna, actor=anna, channel=AccountDeletion.Channel.SELF)
    assert AccountDeletion.objects.filter(user=anna).count() == 1


def test_the_page_answers_409_when_the_account_is_already_deleted(client, anna, monkeypatch):
    client.force_login(anna)
    # Deleted by the desk in another tab, while this page was open.
    from wemi_community.accounts import privacy_views

    def already(**kwargs):
        raise StateConflict("Questo account è già stato eliminato.")

    monkeypatch.setattr(privacy_views, "account_delete", already)
    response = client.post(
        reverse("accounts:account_delete"), {"password": DEFAULT_PASSWORD, "understood": "on"}
    )
    assert response.status_code == 409
    assert "già stato eliminato" in response.content.decode()


def test_a_wrong_password_is_an_error_next_to_the_field(client, anna):
    response = _delete_on_the_page(client, anna, password="sbagliata")
    assert response.status_code == 200
    assert "La password non è corretta." in response.content.decode()
    anna.refresh_from_db()
    assert not anna.is_deleted


def test_the_box_must_be_ticked(client, anna):
    client.force_login(anna)
    response = client.post(reverse("accounts:account_delete"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    assert "Spunta la casella" in response.content.decode()
    anna.refresh_from_db()
    assert not anna.is_deleted


def test_password_attempts_are_rate_limited(client, anna, settings):
    settings.WEMI_RATE_LIMITS = {"account_delete": "2/h"}
    client.force_login(anna)
    url = reverse("accounts:account_delete")
    for _attempt in range(2):
        assert client.post(url, {"password": "no", "understood": "on"}).status_code == 200
    assert client.post(url, {"password": DEFAULT_PASSWORD, "understood": "on"}).status_code == 429
    anna.refresh_from_db()
    assert not anna.is_deleted


def test_without_a_password_a_sign_in_of_the_last_five_minutes_confirms(client):
    spid_only = UserFactory(email="spid@esempio.example")
    spid_only.set_unusable_password()
    spid_only.save()
    start = datetime.datetime(2027, 3, 28, 1, 0, tzinfo=datetime.UTC)
    url = reverse("accounts:account_delete")
    with time_machine.travel(start, tick=False):
        client.force_login(spid_only)
    with time_machine.travel(start + datetime.timedelta(minutes=6), tick=False):
        page = client.get(url)
        assert 'name="password"' not in page.content.decode()
        response = client.post(url, {"understood": "on"})
        assert response.status_code == 200
        assert "entro cinque minuti" in response.content.decode()
    spid_only.refresh_from_db()
    assert not spid_only.is_deleted
    with time_machine.travel(start + datetime.timedelta(minutes=10), tick=False):
        client.force_login(spid_only)
    with time_machine.travel(start + datetime.timedelta(minutes=14), tick=False):
        response = client.post(url, {"understood": "on"})
    assert response.status_code == 302
    spid_only.refresh_from_db()
    assert spid_only.is_deleted


def test_a_person_without_email_gets_no_final_email(anna, django_capture_on_commit_callbacks):
    anna.email = None
    anna.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=anna, actor=anna, channel=AccountDeletion.Channel.SELF)
    assert mail.outbox == []


def test_the_final_email_is_claimed_before_it_is_sent(anna, django_capture_on_commit_callbacks):
    from wemi_community.accounts.deletion import send_final_email

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        deletion = account_delete(user=anna, actor=anna, channel=AccountDeletion.Channel.SELF)
    assert len(mail.outbox) == 1
    # A retried task sends nothing more.
    assert send_final_email(deletion.pk, "anna@esempio.example", "it") is False
    assert len(mail.outbox) == 1


def test_the_erasure_runs_at_the_moment_of_the_deletion(anna, scenario):
    # A registration for an event already over stays, anonymous; only the future ones go.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30), tick=False):
        account_delete(user=anna, actor=anna, channel=AccountDeletion.Channel.SELF)
    registration = Registration.objects.get(user=anna)
    assert registration.state == Registration.State.CONFIRMED
    deletion = AccountDeletion.objects.get(user=anna)
    kept = [line for part in deletion.summary for line in part["kept"]]
    assert any("statistiche" in line for line in kept)
