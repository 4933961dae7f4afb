"""Consents per version of the privacy notice: asked again after a new version, recorded
once; the migration that gave the accounts of before their first version."""

from __future__ import annotations

import datetime
import io
from importlib import import_module

import pytest
from django.apps import apps
from django.test import override_settings
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, UserFactory
from wemi_community.accounts import demo
from wemi_community.accounts.models import PrivacyConsent, User
from wemi_community.accounts.services import privacy_consent_is_current, privacy_consent_record
from wemi_community.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def carla():
    person = UserFactory(email="carla@esempio.example")
    with override_settings(PRIVACY_NOTICE_VERSION="2026-01"):
        privacy_consent_record(user=person)
    return person


def test_the_current_version_lets_everything_through(client, carla):
    with override_settings(PRIVACY_NOTICE_VERSION="2026-01"):
        client.force_login(carla)
        assert client.get(reverse("accounts:profile")).status_code == 200


@override_settings(PRIVACY_NOTICE_VERSION="2027-03")
def test_a_new_version_is_asked_at_sign_in_and_recorded_once(client, carla):
    response = client.post(
        reverse("accounts:login"),
        {"username": "carla@esempio.example", "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    profile = reverse("accounts:profile")
    asked = client.get(profile)
    assert asked.status_code == 302
    assert asked["Location"] == reverse("accounts:privacy_accept")

    page = client.get(asked["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert "2027-03" in text
    assert reverse("accounts:account_delete") in text
    assert reverse("accounts:logout") in text

    refused = client.post(reverse("accounts:privacy_accept"), {})
    assert refused.status_code == 200
    assert "Spunta la casella per accettare" in refused.content.decode()
    assert not PrivacyConsent.objects.filter(user=carla, version="2027-03").exists()

    accepted = client.post(reverse("accounts:privacy_accept"), {"accept": "on"})
    assert accepted.status_code == 302
    assert accepted["Location"] == profile
    assert client.get(profile).status_code == 200
    # A second acceptance records nothing more.
    again = client.post(reverse("accounts:privacy_accept"), {"accept": "on"})
    assert again.status_code == 302
    assert PrivacyConsent.objects.filter(user=carla, version="2027-03").count() == 1
    assert PrivacyConsent.objects.filter(user=carla).count() == 2
    assert AuditEntry.objects.filter(action="account.privacy_accepted", actor=carla).count() == 1


def test_a_session_already_open_is_asked_at_its_next_page(client, carla):
    with override_settings(PRIVACY_NOTICE_VERSION="2026-01"):
        client.force_login(carla)
        assert client.get(reverse("accounts:profile")).status_code == 200
    with override_settings(PRIVACY_NOTICE_VERSION="2027-03"):
        response = client.get(reverse("accounts:profile"))
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:privacy_accept")
        # Signing out and deleting the account stay open to someone who refuses.
        assert client.get(reverse("accounts:account_delete")).status_code == 200
        assert client.post(reverse("accounts:logout")).status_code == 302


def test_anonymous_visitors_are_not_asked(client):
    with override_settings(PRIVACY_NOTICE_VERSION="2099-01"):
        assert client.get(reverse("accounts:login")).status_code == 200


def test_the_migration_gives_every_consent_of_before_its_first_version():
    accepted = datetime.datetime(2026, 2, 1, 9, tzinfo=datetime.UTC)
    before = UserFactory(privacy_consent_at=accepted)
    never = UserFactory(privacy_consent_at=None)
    already = UserFactory(privacy_consent_at=accepted)
    PrivacyConsent.objects.create(user=already, version="2026-01", accepted_at=accepted)
    migration = import_module(
        "wemi_community.accounts.migrations.0007_consents_per_version_retention"
    )
    migration.consents_from_timestamps(apps, None)
    migration.consents_from_timestamps(apps, None)  # run again: nothing doubles
    consent = PrivacyConsent.objects.get(user=before)
    assert (consent.version, consent.accepted_at) == ("2026-01", accepted)
    assert not PrivacyConsent.objects.filter(user=never).exists()
    assert PrivacyConsent.objects.filter(user=already).count() == 1


@override_settings(PRIVACY_NOTICE_VERSION="2027-03")
def test_accounts_that_never_accepted_online_are_not_stopped(client):
    made_in_the_admin = UserFactory()
    client.force_login(made_in_the_admin)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_the_demo_logins_accepted_the_notice_in_force_once():
    apps.get_app_config("catalogue").seed_reference_data(stdout=io.StringIO())
    demo.seed()
    demo.record_consents()
    demo.record_consents()
    logins = User.objects.filter(email__endswith="@" + demo.DEMO_DOMAIN)
    assert logins.count() == len(demo.DEMO_ACCOUNTS)
    for user in logins:
        assert privacy_consent_is_current(user)
        assert PrivacyConsent.objects.filter(user=user).count() == 1
