"""SPID/CIE sign-in against a real OpenID Connect provider (tests/oidc_provider), started by
the suite: the buttons, the round trip, a new account, a returning identity."""

import pytest
from django.contrib.auth import SESSION_KEY

from wemi_community.accounts.models import ExternalIdentity, PrivacyConsent, User
from wemi_community.core.models import AuditEntry

from .oidc_helpers import MARIA_CF, MARIA_EMAIL, query_of, sign_in_round_trip, to_gateway

pytestmark = pytest.mark.django_db


def test_no_buttons_and_no_pages_while_the_gateway_is_not_configured(client, settings):
    settings.OIDC_ISSUER = ""
    page = client.get("/account/accedi/").content.decode()
    assert "Entra con SPID" not in page
    assert client.get("/account/spid/entra/").status_code == 404
    assert client.get("/account/spid/ritorno/?code=x&state=y").status_code == 404


def test_buttons_on_the_login_and_signup_pages(client, oidc_on):
    for path in ("/account/accedi/?next=/proposte/", "/account/registrati/"):
        page = client.get(path).content.decode()
        assert "Entra con SPID" in page
        assert "Entra con CIE" in page
        assert "vendor/spid/img/spid-ico-circle-bb.svg" in page
    page = client.get("/account/accedi/?next=/proposte/").content.decode()
    assert 'href="/account/spid/entra/?next=/proposte/"' in page


def test_the_start_sends_state_nonce_pkce_and_the_chosen_identity(client, oidc_on):
    spid = query_of(to_gateway(client, "/account/spid/entra/"))
    assert spid["response_type"] == "code"
    assert spid["client_id"] == "wemi-community"
    assert spid["redirect_uri"] == "http://testserver/account/spid/ritorno/"
    assert len(spid["state"]) >= 32 and len(spid["nonce"]) >= 32
    assert spid["code_challenge_method"] == "S256" and spid["code_challenge"]
    assert spid["idp_hint"] == "spid"
    cie = query_of(to_gateway(client, "/account/cie/entra/"))
    assert cie["idp_hint"] == "cie"
    assert cie["state"] != spid["state"]


def test_the_method_parameter_is_configurable(client, oidc_on, settings):
    settings.OIDC_METHOD_PARAM = "kc_idp_hint"
    settings.OIDC_METHOD_VALUES = {"spid": "spid-gw", "cie": "cie-gw"}
    query = query_of(to_gateway(client, "/account/cie/entra/"))
    assert query["kc_idp_hint"] == "cie-gw"
    assert "idp_hint" not in query


def test_a_newcomer_gets_an_account_with_the_profile_pre_filled(client, oidc_on):
    response = sign_in_round_trip(client)
    assert response.status_code == 302
    assert response["Location"] == "/account/spid/nuovo-account/"
    assert SESSION_KEY not in client.session

    page = client.get("/account/spid/nuovo-account/").content.decode()
    assert "Maria" in page and "Rossi" in page and MARIA_EMAIL in page
    # Nothing exists until the person confirms.
    assert not User.objects.filter(email=MARIA_EMAIL).exists()

    refused = client.post("/account/spid/nuovo-account/", {"display_name": "Maria"})
    assert refused.status_code == 200
    assert "accetta l&#x27;informativa" in refused.content.decode().lower() or (
        "informativa" in refused.content.decode()
    )
    assert not User.objects.filter(email=MARIA_EMAIL).exists()

    response = client.post(
        "/account/spid/nuovo-account/", {"display_name": "Maria R.", "privacy_consent": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/profilo/"
    user = User.objects.get(email=MARIA_EMAIL)
    assert (user.first_name, user.last_name, user.display_name) == ("Maria", "Rossi", "Maria R.")
    assert user.email_confirmed_at is not None and user.is_active
    assert not user.has_usable_password()
    assert int(client.session[SESSION_KEY]) == user.pk
    identity = ExternalIdentity.objects.get(user=user)
    assert identity.fiscal_code == MARIA_CF
    assert identity.method == "spid"
    assert identity.issuer == oidc_on.issuer
    assert PrivacyConsent.objects.filter(user=user).count() == 1
    assert AuditEntry.objects.filter(action="account.identity_linked", actor=user).exists()
    assert AuditEntry.objects.filter(action="account.registered", actor=user).exists()
    profile = client.get("/account/profilo/")
    assert profile.status_code == 200
    assert 'value="Maria"' in profile.content.decode()


def test_a_linked_identity_signs_in_at_once(client, oidc_on, django_user_model):
    sign_in_round_trip(client)
    client.post("/account/spid/nuovo-account/", {"display_name": "Maria", "privacy_consent": "on"})
    user = User.objects.get(email=MARIA_EMAIL)
    client.post("/account/esci/")
    assert SESSION_KEY not in client.session

    response = sign_in_round_trip(client, "/account/cie/entra/?next=/proposte/")
    assert response.status_code == 302
    assert response["Location"] == "/proposte/"
    assert int(client.session[SESSION_KEY]) == user.pk
    assert ExternalIdentity.objects.get(user=user).last_used_at is not None
    assert User.objects.count() == django_user_model.objects.count()
    assert User.objects.filter(email=MARIA_EMAIL).count() == 1


def test_a_blocked_account_cannot_sign_in_with_its_identity(client, oidc_on):
    sign_in_round_trip(client)
    client.post("/account/spid/nuovo-account/", {"display_name": "Maria", "privacy_consent": "on"})
    client.post("/account/esci/")
    User.objects.filter(email=MARIA_EMAIL).update(blocked_at="2026-01-01T10:00Z", is_active=False)
    response = sign_in_round_trip(client)
    assert response.status_code == 403
    assert "non può accedere" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_the_pages_after_the_callback_need_a_fresh_pending_identity(client, oidc_on):
    for path in ("/account/spid/collega/", "/account/spid/nuovo-account/"):
        response = client.get(path)
        assert response.status_code == 400
        assert "scaduto" in response.content.decode()
