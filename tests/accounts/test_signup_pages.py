"""Sign-up as a person meets it: the form, the e-mail, the link, the first sign-in."""

import pytest
from django.test import Client

from spaces_pages import demo
from tests.cms.helpers import soup
from tests.factories import UserFactory
from wemi_community.accounts.models import User

from .helpers import confirmation_link, html_part, path_of

pytestmark = pytest.mark.django_db

STRONG = "Cortile-di-via-Padova-42"


def signup_data(**overrides):
    return {
        "email": "Marco@Esempio.example",
        "display_name": "Marco",
        "password1": STRONG,
        "password2": STRONG,
        "preferred_language": "it",
        "privacy_consent": "on",
    } | overrides


def test_the_whole_journey_from_signup_to_profile(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    page = client.get("/account/registrati/")
    assert page.status_code == 200
    assert 'autocomplete="new-password"' in page.text
    assert 'autocomplete="email"' in page.text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/registrati/", signup_data())
    assert response.status_code == 302
    assert response.url == "/account/registrati/controlla-email/"
    user = User.objects.get(email="marco@esempio.example")
    assert not user.is_active

    done = client.get(response.url)
    assert "marco@esempio.example" in done.text

    assert len(mailoutbox) == 1
    link = confirmation_link(mailoutbox[0])
    assert link in html_part(mailoutbox[0])

    confirmed = client.get(path_of(link))
    assert confirmed.status_code == 302
    assert confirmed.url == "/account/accedi/"
    user.refresh_from_db()
    assert user.is_active and user.email_confirmed_at

    # The same link a second time: a clear page, not an error, and nothing changes.
    again = client.get(path_of(link))
    assert again.status_code == 200
    assert again.templates[0].name == "accounts/confirm_invalid.html"

    login = client.post(
        "/account/accedi/", {"username": "MARCO@esempio.example", "password": STRONG}
    )
    assert login.status_code == 302
    assert login.url == "/account/profilo/"

    profile = client.get("/account/profilo/")
    assert profile.status_code == 200
    assert profile.context["user"] == user


def test_duplicate_email_is_a_field_error_whatever_the_case(client):
    UserFactory(email="marco@esempio.example")
    response = client.post("/account/registrati/", signup_data(email="MARCO@ESEMPIO.EXAMPLE"))
    assert response.status_code == 200
    assert response.context["form"].has_error("email", "duplicate_email")
    assert User.objects.filter(email__iexact="marco@esempio.example").count() == 1


def test_malformed_email_is_a_field_error(client):
    response = client.post("/account/registrati/", signup_data(email="marco@"))
    assert response.context["form"].has_error("email", "invalid")
    assert not User.objects.exists()


def test_privacy_consent_is_required(client):
    data = signup_data()
    del data["privacy_consent"]
    response = client.post("/account/registrati/", data)
    assert response.context["form"].has_error("privacy_consent", "required")
    assert not User.objects.exists()


def test_weak_or_mismatched_passwords_are_field_errors(client):
    weak = client.post(
        "/account/registrati/", signup_data(password1="12345678901", password2="12345678901")
    )
    assert weak.context["form"].has_error("password1", "password_entirely_numeric")
    similar = client.post(
        "/account/registrati/",
        signup_data(password1="marco@esempio", password2="marco@esempio"),
    )
    assert similar.context["form"].has_error("password1", "password_too_similar")
    mismatch = client.post("/account/registrati/", signup_data(password2=STRONG + "x"))
    assert mismatch.context["form"].has_error("password2", "password_mismatch")
    assert not User.objects.exists()


def test_english_signup_mails_in_english(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.ACCOUNT_CONFIRMATION_TIMEOUT = 2 * 24 * 60 * 60
    page = client.get("/en/account/registrati/")
    assert page.context["form"].initial["preferred_language"] == "en"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/account/registrati/", signup_data(preferred_language="en"))
    assert response.url == "/en/account/registrati/controlla-email/"
    done = client.get(response.url)
    assert "within 2\xa0days" in done.text  # timeuntil joins with a no-break space
    message = mailoutbox[0]
    assert "/en/account/conferma/" in confirmation_link(message)
    assert "Confirm your e-mail address" in message.subject
    assert "The link works for 2" in message.body


def test_a_mangled_link_gets_the_invalid_page(client, unconfirmed_user):
    for path in ("/en/account/conferma/Zm9v/abc-123/", "/en/account/conferma/!!/x/"):
        response = client.get(path)
        assert response.status_code == 200
        assert "This link does not work any more" in response.text
        assert 'href="/en/account/conferma/nuovo-link/"' in response.text
    unconfirmed_user.refresh_from_db()
    assert not unconfirmed_user.is_active


def test_resend_page_answers_the_same_for_any_address(
    client, unconfirmed_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/account/conferma/nuovo-link/", {"email": unconfirmed_user.email})
        unknown = client.post("/account/conferma/nuovo-link/", {"email": "chi@esempio.example"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == "/account/conferma/nuovo-link/inviato/"
    assert [m.to for m in mailoutbox] == [[unconfirmed_user.email]]


def test_signed_in_people_skip_signup_and_login(resident_client):
    for path in ("/account/registrati/", "/account/accedi/"):
        response = resident_client.get(path)
        assert response.status_code == 302
        assert response.url == "/account/profilo/"


def test_signup_without_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/registrati/", signup_data())
    assert response.status_code == 403
    assert not User.objects.exists()


def test_the_privacy_checkbox_links_to_the_notice(client):
    demo.seed()
    for prefix, words, notice in (
        (
            "",
            "Ho letto l'informativa privacy (si apre in una nuova scheda) e acconsento",
            "informativa privacy",
        ),
        (
            "/en",
            "I have read the privacy notice (opens in a new tab) and I agree",
            "privacy notice",
        ),
    ):
        page = soup(client.get(f"{prefix}/account/registrati/"))
        label = page.select_one('label[for="id_privacy_consent"]')
        assert " ".join(label.get_text().split()).startswith(words)
        link = label.select_one("a")
        assert link["href"] == f"{prefix}/privacy/"
        assert link["target"] == "_blank" and "noopener" in link["rel"]
        assert link.get_text().startswith(notice)


def test_without_a_privacy_page_the_label_is_plain_text(client):
    label = soup(client.get("/account/registrati/")).select_one('label[for="id_privacy_consent"]')
    assert label.select_one("a") is None
    assert "Ho letto l'informativa privacy" in label.get_text()


def test_a_missing_consent_names_the_field_without_nesting_links(client):
    demo.seed()
    data = signup_data()
    del data["privacy_consent"]
    summary = soup(client.post("/account/registrati/", data)).select_one(".wemi-error-summary")
    (entry,) = [a for a in summary.select("a") if a["href"] == "#id_privacy_consent"]
    assert entry.select_one("a") is None
    assert "informativa privacy" in entry.get_text()


def test_signed_up_on_another_host_the_email_links_to_site_url(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "example.org"]
    settings.SITE_URL = "http://127.0.0.1:8765"
    client = Client(HTTP_HOST="example.org:8765")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/registrati/", signup_data())
    link = confirmation_link(mailoutbox[0])
    assert link.startswith("http://127.0.0.1:8765/account/conferma/")
    assert "example.org" not in mailoutbox[0].body
