"""A blocked account cannot sign in, is told why only when the right password is given, and
loses the sessions it already had."""

import pytest
from django.contrib.auth.backends import ModelBackend

from tests.factories import DEFAULT_PASSWORD, UserFactory
from wemi_community.accounts.roles import Role
from wemi_community.participation.moderation import user_block, user_unblock

pytestmark = pytest.mark.django_db

LOGIN_EN = "/en/account/accedi/"
PROFILE_EN = "/en/account/profilo/"


@pytest.fixture
def staff():
    return UserFactory(display_name="Elena", roles=[Role.CITY_STAFF])


@pytest.fixture
def blocked(staff):
    person = UserFactory(email="bloccata@esempio.example", preferred_language="en")
    user_block(moderator=staff, user=person, reason="Spam ripetuto")
    return person


def sign_in(client, email, password=DEFAULT_PASSWORD):
    return client.post(LOGIN_EN, {"username": email, "password": password})


def test_the_right_password_learns_the_account_is_blocked(client, blocked):
    response = sign_in(client, blocked.email)
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "blocked")
    assert "This account has been blocked by the moderators" in response.text
    assert "Spam ripetuto" not in response.text  # the reason is for the staff
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_learns_nothing(client, blocked):
    response = sign_in(client, blocked.email, "sbagliata-123")
    form = response.context["form"]
    assert form.has_error("__all__", "invalid_login") and not form.has_error("__all__", "blocked")
    assert "blocked" not in response.text


def test_a_blocked_unconfirmed_account_is_told_it_is_blocked(client, staff):
    person = UserFactory(is_active=False, email_confirmed_at=None)
    user_block(moderator=staff, user=person, reason="Spam")
    response = sign_in(client, person.email)
    assert response.context["form"].has_error("__all__", "blocked")
    assert response.context["form"].unconfirmed_email is None


def test_open_sessions_end_when_the_account_is_blocked(client, staff):
    person = UserFactory(preferred_language="en")
    assert sign_in(client, person.email).status_code == 302
    assert client.get(PROFILE_EN).status_code == 200
    user_block(moderator=staff, user=person, reason="Spam")
    response = client.get(PROFILE_EN)
    assert response.status_code == 302 and "/accedi/" in response.url


def test_a_forced_session_ends_too(client, staff):
    person = UserFactory()
    client.force_login(person)
    user_block(moderator=staff, user=person, reason="Spam")
    assert client.get(PROFILE_EN).status_code == 302


def test_the_backend_no_longer_loads_a_blocked_user(blocked):
    assert ModelBackend().get_user(blocked.pk) is None


def test_after_unblocking_they_sign_in_again(client, staff, blocked):
    user_unblock(moderator=staff, user=blocked)
    assert sign_in(client, blocked.email).status_code == 302
    assert client.session["_auth_user_id"] == str(blocked.pk)
