"""Signing in and out: errors, unconfirmed accounts, lockout, language, redirects, CSRF."""

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/account/accedi/"
LOGIN_EN = "/en/account/accedi/"


def test_english_login_page(client):
    response = client.get(LOGIN_EN)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    assert "<h1" in response.text and "Sign in" in response.text
    assert 'name="username"' in response.text
    assert 'autocomplete="current-password"' in response.text
    assert 'href="/en/account/password/recupera/"' in response.text


def test_wrong_password_is_a_clear_non_field_error(client, resident):
    response = client.post(LOGIN_EN, {"username": resident.email, "password": "sbagliata-123"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("__all__", "invalid_login")
    assert "The e-mail address or the password is not correct" in response.text
    assert "_auth_user_id" not in client.session


def test_unknown_email_gets_the_same_error(client):
    response = client.post(LOGIN_EN, {"username": "chi@esempio.example", "password": "x" * 12})
    assert response.context["form"].has_error("__all__", "invalid_login")


def test_unconfirmed_account_with_right_password_is_told_to_confirm(client, unconfirmed_user):
    response = client.post(
        LOGIN_EN, {"username": unconfirmed_user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "unconfirmed")
    assert "You have not confirmed your e-mail address yet" in response.text
    assert "/en/account/conferma/nuovo-link/?email=nuova%40esempio.example" in response.text
    assert "_auth_user_id" not in client.session


def test_unconfirmed_account_with_wrong_password_learns_nothing(client, unconfirmed_user):
    response = client.post(
        LOGIN_EN, {"username": unconfirmed_user.email, "password": "sbagliata-123"}
    )
    assert response.context["form"].has_error("__all__", "invalid_login")
    assert "nuovo-link/?email" not in response.text


def test_login_goes_to_the_profile_in_the_persons_language(client):
    user = UserFactory(preferred_language="en")
    response = client.post(LOGIN, {"username": user.email.upper(), "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.url == "/en/account/profilo/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_safe_next_is_honoured_in_the_persons_language(client):
    italian = UserFactory(preferred_language="it")
    response = client.post(
        LOGIN_EN + "?next=/en/account/password/cambia/",
        {
            "username": italian.email,
            "password": DEFAULT_PASSWORD,
            "next": "/en/account/password/cambia/",
        },
    )
    assert response.url == "/account/password/cambia/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "it"


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/account/", "javascript:alert(1)"]
)
def test_an_unsafe_next_is_ignored(client, resident, unsafe):
    response = client.post(
        LOGIN, {"username": resident.email, "password": DEFAULT_PASSWORD, "next": unsafe}
    )
    assert response.status_code == 302
    assert response.url == "/account/profilo/"


def test_the_profile_requires_login_and_comes_back_after_it(client, resident):
    response = client.get("/en/account/profilo/")
    assert response.status_code == 302
    assert response.url == "/en/account/accedi/?next=/en/account/profilo/"
    page = client.get(response.url)
    assert 'name="next" value="/en/account/profilo/"' in page.text


def test_lockout_after_too_many_failures(client, resident):
    limit = settings.AXES_FAILURE_LIMIT
    wrong = {"username": resident.email, "password": "sbagliata-123"}
    for _ in range(limit - 1):
        assert client.post(LOGIN_EN, wrong).status_code == 200

    locked = client.post(LOGIN_EN, wrong)
    assert locked.status_code == 429
    assert "Sign-in temporarily locked" in locked.text
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"locked for {minutes} minutes" in locked.text
    assert 'href="/en/account/password/recupera/"' in locked.text

    # Even the right password waits for the cool-off now, in any letter case.
    right = client.post(
        LOGIN_EN, {"username": resident.email.upper(), "password": DEFAULT_PASSWORD}
    )
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_and_address(client, resident):
    wrong = {"username": resident.email, "password": "sbagliata-123"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN_EN, wrong)
    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    assert (
        elsewhere.post(
            LOGIN_EN, {"username": resident.email, "password": DEFAULT_PASSWORD}
        ).status_code
        == 302
    )
    other = UserFactory()
    assert (
        client.post(LOGIN_EN, {"username": other.email, "password": DEFAULT_PASSWORD}).status_code
        == 302
    )


def test_logout_requires_post(resident_client):
    assert resident_client.get("/account/esci/").status_code == 405
    assert "_auth_user_id" in resident_client.session

    response = resident_client.post("/en/account/esci/")
    assert response.status_code == 302
    assert response.url == "/en/"
    assert "_auth_user_id" not in resident_client.session


def test_login_without_csrf_token_is_refused(resident):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": resident.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_logout_without_csrf_token_is_refused(resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    assert client.post("/account/esci/").status_code == 403
    assert "_auth_user_id" in client.session
