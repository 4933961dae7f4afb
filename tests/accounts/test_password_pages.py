"""Forgotten and changed passwords, with the links from the e-mails."""

import pytest
from django.conf import settings

from tests.factories import DEFAULT_PASSWORD
from wemi_community.core.models import AuditEntry

from .helpers import html_part, path_of, reset_link

pytestmark = pytest.mark.django_db

NEW = "Nuova-password-di-Giulia-7"


def request_reset(client, email, capture, prefix=""):
    with capture(execute=True):
        return client.post(f"{prefix}/account/password/recupera/", {"email": email})


def test_the_full_reset_flow(client, resident, mailoutbox, django_capture_on_commit_callbacks):
    response = request_reset(client, resident.email.upper(), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response.url == "/account/password/recupera/inviata/"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [resident.email]
    link = reset_link(message)
    assert link.startswith(settings.SITE_URL + "/account/password/nuova/")
    assert link in html_part(message)

    # Django swaps the token for a session key before showing the form.
    step = client.get(path_of(link))
    assert step.status_code == 302
    form_page = client.get(step.url)
    assert form_page.context["validlink"] is True

    done = client.post(step.url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    assert done.url == "/account/password/nuova/fatto/"

    resident.refresh_from_db()
    assert resident.check_password(NEW)
    assert AuditEntry.objects.filter(action="account.password_set", data={"via": "reset"}).exists()

    # The link works once.
    reused = client.get(path_of(link))
    assert reused.status_code == 200
    assert reused.context["validlink"] is False

    login = client.post("/account/accedi/", {"username": resident.email, "password": NEW})
    assert login.status_code == 302


def test_an_invalid_reset_link_says_so_and_offers_a_new_one(client, resident):
    response = client.get("/en/account/password/nuova/MQ/abc-def/")
    assert response.status_code == 200
    assert response.context["validlink"] is False
    assert "This link does not work any more" in response.text
    assert 'href="/en/account/password/recupera/"' in response.text


def test_reset_in_english_mails_in_english(
    client, resident, mailoutbox, django_capture_on_commit_callbacks
):
    request_reset(client, resident.email, django_capture_on_commit_callbacks, prefix="/en")
    assert "/en/account/password/nuova/" in reset_link(mailoutbox[0])
    assert "Choose a new password" in mailoutbox[0].subject


def test_unknown_or_unconfirmed_addresses_look_the_same_and_get_nothing(
    client, unconfirmed_user, mailoutbox, django_capture_on_commit_callbacks
):
    unknown = request_reset(client, "chi@esempio.example", django_capture_on_commit_callbacks)
    pending = request_reset(client, unconfirmed_user.email, django_capture_on_commit_callbacks)
    assert unknown.status_code == pending.status_code == 302
    assert unknown.url == pending.url
    assert mailoutbox == []


def test_a_reset_lifts_the_lockout(
    client, resident, mailoutbox, django_capture_on_commit_callbacks
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/account/accedi/", {"username": resident.email, "password": "sbagliata-1"})
    locked = client.post(
        "/account/accedi/", {"username": resident.email, "password": DEFAULT_PASSWORD}
    )
    assert locked.status_code == 429

    request_reset(client, resident.email, django_capture_on_commit_callbacks)
    step = client.get(path_of(reset_link(mailoutbox[0])))
    client.post(step.url, {"new_password1": NEW, "new_password2": NEW})

    assert (
        client.post("/account/accedi/", {"username": resident.email, "password": NEW}).status_code
        == 302
    )


def test_password_change(resident_client, resident):
    page = resident_client.get("/account/password/cambia/")
    assert page.status_code == 200
    assert 'autocomplete="current-password"' in page.text

    wrong = resident_client.post(
        "/account/password/cambia/",
        {"old_password": "non-questa-1", "new_password1": NEW, "new_password2": NEW},
    )
    assert wrong.context["form"].has_error("old_password", "password_incorrect")

    weak = resident_client.post(
        "/account/password/cambia/",
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": "1234567890",
            "new_password2": "1234567890",
        },
    )
    assert weak.context["form"].errors["new_password2"]

    response = resident_client.post(
        "/account/password/cambia/",
        {"old_password": DEFAULT_PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert response.url == "/account/password/cambia/fatto/"
    resident.refresh_from_db()
    assert resident.check_password(NEW)
    # Still signed in: the session hash was updated with the password.
    assert resident_client.get("/account/profilo/").status_code == 200
    assert AuditEntry.objects.filter(action="account.password_set", data={"via": "change"}).exists()


def test_password_change_requires_login(client):
    response = client.get("/account/password/cambia/")
    assert response.status_code == 302
    assert response.url.startswith("/account/accedi/?next=")
