"""Linking a digital identity to an existing account: a desk resident by codice fiscale,
a confirmed e-mail after the person confirms, and the refusals."""

import datetime

import pytest
from django.contrib.auth import SESSION_KEY

from tests.desk.helpers import desk_space, register
from tests.factories import UserFactory
from wemi_community.accounts import identities
from wemi_community.accounts.models import ExternalIdentity, User
from wemi_community.core.models import AuditEntry

from .oidc_helpers import MARIA_CF, MARIA_EMAIL, sign_in_round_trip

pytestmark = pytest.mark.django_db


def test_a_desk_resident_is_found_by_codice_fiscale_and_linked_after_confirming(client, oidc_on):
    space, operator = desk_space()
    resident = register(
        space,
        operator,
        first_name="Maria",
        last_name="Rossi",
        fiscal_code=MARIA_CF,
        birth_date=datetime.date(1985, 12, 10),
    )
    assert identities.accounts_for_fiscal_code(MARIA_CF) == {resident.user}

    response = sign_in_round_trip(client)
    assert response["Location"] == "/account/spid/collega/"
    page = client.get("/account/spid/collega/").content.decode()
    assert "Abbiamo trovato un tuo account" in page
    assert not ExternalIdentity.objects.exists()

    response = client.post("/account/spid/collega/")
    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == resident.user.pk
    link = ExternalIdentity.objects.get()
    assert (link.user, link.fiscal_code) == (resident.user, MARIA_CF)
    entry = AuditEntry.objects.get(action="account.identity_linked")
    assert entry.actor == resident.user and entry.data["via"] == "confirmation"


def test_a_confirmed_e_mail_is_linked_only_after_the_person_confirms(client, oidc_on):
    owner = UserFactory(email=MARIA_EMAIL, display_name="Mary")
    response = sign_in_round_trip(client)
    assert response["Location"] == "/account/spid/collega/"
    page = client.get("/account/spid/collega/").content.decode()
    assert "Mary" in page and "m•••@esempio.example" in page
    # Looking at the page links nothing and signs nobody in.
    assert not ExternalIdentity.objects.exists()
    assert SESSION_KEY not in client.session

    client.post("/account/spid/collega/")
    assert ExternalIdentity.objects.get().user == owner
    assert int(client.session[SESSION_KEY]) == owner.pk
    # The confirmation is used up.
    assert client.post("/account/spid/collega/").status_code == 400


def test_an_unconfirmed_e_mail_is_not_linked(client, oidc_on):
    stranger = UserFactory(email=MARIA_EMAIL, is_active=False, email_confirmed_at=None)
    response = sign_in_round_trip(client)
    assert response["Location"] == "/account/spid/nuovo-account/"
    client.post("/account/spid/nuovo-account/", {"display_name": "Maria", "privacy_consent": "on"})
    new = ExternalIdentity.objects.get().user
    assert new != stranger
    # The address stays with the account that has it; the new one goes without.
    assert new.email is None


def test_a_codice_fiscale_linked_to_another_account_links_nothing(client, oidc_on):
    holder = UserFactory()
    ExternalIdentity.objects.create(
        user=holder, issuer=oidc_on.issuer, subject="another-subject", fiscal_code=MARIA_CF
    )
    UserFactory(email=MARIA_EMAIL)
    response = sign_in_round_trip(client)
    assert response.status_code == 409
    assert "già collegato a un altro account" in response.content.decode()
    assert ExternalIdentity.objects.count() == 1
    assert SESSION_KEY not in client.session


def test_a_codice_fiscale_held_by_the_desk_and_by_an_identity_links_nothing(client, oidc_on):
    space, operator = desk_space()
    register(space, operator, fiscal_code=MARIA_CF, birth_date=datetime.date(1985, 12, 10))
    ExternalIdentity.objects.create(
        user=UserFactory(), issuer=oidc_on.issuer, subject="x", fiscal_code=MARIA_CF
    )
    assert sign_in_round_trip(client).status_code == 409


def test_an_e_mail_of_someone_with_another_codice_fiscale_links_nothing(client, oidc_on):
    other = UserFactory(email=MARIA_EMAIL)
    ExternalIdentity.objects.create(
        user=other, issuer=oidc_on.issuer, subject="x", fiscal_code="BNCLCU70B01F205Q"
    )
    response = sign_in_round_trip(client)
    assert response.status_code == 409
    assert "un altro codice fiscale" in response.content.decode()


def test_a_deleted_account_cannot_be_linked(client, oidc_on):
    UserFactory(email=MARIA_EMAIL, deleted_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    response = sign_in_round_trip(client)
    assert response.status_code == 403
    assert not ExternalIdentity.objects.exists()
    assert User.objects.filter(deleted_at__isnull=True, email=MARIA_EMAIL).count() == 0
