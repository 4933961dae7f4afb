"""What goes wrong on the way back from the gateway never answers with a 500: a forged
id_token, a state used twice or unknown, a wrong nonce, a gateway that does not answer, a
missing or invalid codice fiscale, a cancelled sign-in."""

import base64
import json

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import SESSION_KEY

from tests.factories import DEFAULT_PASSWORD, UserFactory
from wemi_community.accounts import oidc
from wemi_community.accounts.models import ExternalIdentity

from .oidc_helpers import query_of, sign_in_round_trip, through_gateway, to_gateway

pytestmark = pytest.mark.django_db


def _forged(token: str) -> str:
    """The same claims and header (kid), signed with a key that is not the gateway's."""
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": header["kid"]})


def test_a_forged_id_token_is_refused(client, oidc_on, monkeypatch):
    real = oidc.OidcBackend.get_token

    def forging(self, payload):
        answer = real(self, payload)
        return {**answer, "id_token": _forged(answer["id_token"])}

    monkeypatch.setattr(oidc.OidcBackend, "get_token", forging)
    response = sign_in_round_trip(client)
    assert response.status_code == 400
    assert "non è andato a buon fine" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert not ExternalIdentity.objects.exists()


def test_a_token_for_another_client_is_refused(client, oidc_on, monkeypatch):
    real = oidc.OidcBackend.verify_token

    def other_audience(self, token, **kwargs):
        monkeypatch.setattr(oidc.OidcBackend, "OIDC_RP_CLIENT_ID", "someone-else")
        return real(self, token, **kwargs)

    monkeypatch.setattr(oidc.OidcBackend, "verify_token", other_audience)
    assert sign_in_round_trip(client).status_code == 400


def test_a_state_used_twice_or_unknown_is_refused(client, oidc_on):
    callback = through_gateway(to_gateway(client))
    assert client.get(callback).status_code == 302
    replayed = client.get(callback)
    assert replayed.status_code == 400
    unknown = client.get("/account/spid/ritorno/?code=abc&state=not-a-state-of-ours")
    assert unknown.status_code == 400


def test_a_callback_without_a_session_is_refused(client, oidc_on):
    callback = through_gateway(to_gateway(client))
    client.cookies.clear()
    assert client.get(callback).status_code == 400


def test_a_wrong_nonce_is_refused(client, oidc_on):
    url = to_gateway(client)
    session = client.session
    state = query_of(url)["state"]
    states = session["oidc_states"]
    states[state]["nonce"] = "not-the-nonce-sent"
    session["oidc_states"] = states
    session.save()
    response = client.get(through_gateway(url))
    assert response.status_code == 400
    assert SESSION_KEY not in client.session


def test_a_gateway_that_does_not_answer_leaves_the_password_sign_in_working(
    client, oidc_on, settings
):
    from tests.oidc_provider.fixtures import free_port

    settings.OIDC_ISSUER = f"http://127.0.0.1:{free_port()}/o"
    response = client.get("/account/spid/entra/")
    assert response.status_code == 503
    assert "Il servizio SPID/CIE non risponde" in response.content.decode()
    # The login page and the password still work.
    assert "Entra con SPID" in client.get("/account/accedi/").content.decode()
    person = UserFactory()
    signed_in = client.post(
        "/account/accedi/", {"username": person.email, "password": DEFAULT_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert int(client.session[SESSION_KEY]) == person.pk


def test_a_discovery_timeout_is_the_same_page(client, oidc_on, monkeypatch):
    def timeout(*args, **kwargs):
        raise requests.Timeout("slow")

    monkeypatch.setattr(oidc.requests, "get", timeout)
    assert client.get("/account/cie/entra/").status_code == 503


def test_a_token_endpoint_that_does_not_answer_is_the_same_page(client, oidc_on, monkeypatch):
    url = to_gateway(client)
    callback = through_gateway(url)

    def refused(*args, **kwargs):
        raise requests.ConnectionError("refused")

    monkeypatch.setattr("mozilla_django_oidc.auth.requests.post", refused)
    response = client.get(callback)
    assert response.status_code == 503
    assert "entra con email e password" in response.content.decode()


def test_the_discovery_is_fetched_once(client, oidc_on, monkeypatch):
    calls = []
    real = oidc.requests.get

    def counting(url, *args, **kwargs):
        calls.append(url)
        return real(url, *args, **kwargs)

    monkeypatch.setattr(oidc.requests, "get", counting)
    to_gateway(client)
    to_gateway(client, "/account/cie/entra/")
    assert calls == [oidc_on.issuer + "/.well-known/openid-configuration"]


def test_a_missing_codice_fiscale_is_explained(client, oidc_on):
    oidc_on.set_person(username="senza-cf", **{"https://attributes.eid.gov.it/fiscal_number": None})
    response = sign_in_round_trip(client)
    assert response.status_code == 409
    assert "Manca il codice fiscale" in response.content.decode()


def test_the_short_claim_name_and_an_invalid_code(client, oidc_on):
    oidc_on.set_person(
        username="corto",
        fiscal_number="vrdnna90d43f205z",
        **{"https://attributes.eid.gov.it/fiscal_number": None},
    )
    assert sign_in_round_trip(client)["Location"] == "/account/spid/nuovo-account/"
    assert client.session["accounts_oidc_pending"]["identity"]["fiscal_code"] == (
        "VRDNNA90D43F205Z"
    )
    oidc_on.set_person(
        username="sbagliato", **{"https://attributes.eid.gov.it/fiscal_number": "TINIT-XXX"}
    )
    response = sign_in_round_trip(client)
    assert response.status_code == 409
    assert "non è valido" in response.content.decode()


def test_a_cancelled_sign_in_goes_back_to_the_login_page(client, oidc_on):
    state = query_of(to_gateway(client))["state"]
    response = client.get(f"/account/spid/ritorno/?error=access_denied&state={state}")
    assert response.status_code == 302
    assert response["Location"] == "/account/accedi/"
    assert state not in client.session.get("oidc_states", {})


def test_fiscal_code_claims():
    assert oidc.fiscal_code_from_claims({"fiscal_number": " tinit-rssmra85t50f205v "}) == (
        "RSSMRA85T50F205V"
    )
    with pytest.raises(oidc.IdentityRefused) as refused:
        oidc.fiscal_code_from_claims({"email": "x@y.example"})
    assert refused.value.reason == "no_fiscal_code"
    # Not a token of ours: base64 noise in the claim is refused too.
    noise = base64.b64encode(json.dumps({"a": 1}).encode()).decode()
    with pytest.raises(oidc.IdentityRefused):
        oidc.fiscal_code_from_claims({"fiscal_number": noise})
