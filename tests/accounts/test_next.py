"""After signing in, people land on the page they came from (``next``): from the header's link,
after signing up and confirming the e-mail, after a lockout and a new password. Never on
another site."""

import pytest
from django.conf import settings

from tests.cms.helpers import soup
from tests.factories import DEFAULT_PASSWORD, UserFactory

from .helpers import confirmation_link, path_of, reset_link
from .test_signup_pages import STRONG, signup_data

pytestmark = pytest.mark.django_db

LOGIN = "/account/accedi/"
SIGNUP = "/account/registrati/"
PAGE = "/proposte/?ordine=recenti"

UNSAFE = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "https:evil.example",
    "javascript:alert(1)",
    "https://testserver.evil.example/",
    " //evil.example/",
]


def header_link(response, label: str) -> str:
    links = {a.get_text(strip=True): a["href"] for a in soup(response).select("header a[href]")}
    return links[label]


def test_the_headers_sign_in_link_comes_back_to_the_page(client, resident):
    page = client.get(PAGE)
    link = header_link(page, "Accedi")
    assert link == "/account/accedi/?next=%2Fproposte%2F%3Fordine%3Drecenti"

    form = client.get(link)
    assert soup(form).select_one("main form input[name=next]")["value"] == PAGE
    # The sign-in page's own header link keeps that destination, not the sign-in page.
    assert header_link(form, "Accedi") == link
    assert header_link(form, "Registrati") == f"{SIGNUP}?next=%2Fproposte%2F%3Fordine%3Drecenti"

    response = client.post(
        link, {"username": resident.email, "password": DEFAULT_PASSWORD, "next": PAGE}
    )
    assert response.status_code == 302
    assert response.url == PAGE


def test_signed_in_people_sent_to_sign_in_go_where_next_says(resident_client):
    assert resident_client.get(f"{LOGIN}?next=/proposte/").url == "/proposte/"
    assert resident_client.get(f"{SIGNUP}?next=/proposte/").url == "/proposte/"
    assert resident_client.get(f"{LOGIN}?next=https://evil.example/").url == "/account/profilo/"


def test_sign_up_confirm_and_first_sign_in_land_on_the_page_of_before(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    form = client.get(f"{SIGNUP}?next=/proposte/")
    assert soup(form).select_one("main form input[name=next]")["value"] == "/proposte/"
    assert soup(form).select_one(f'a[href="{LOGIN}?next=/proposte/"]') is not None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, signup_data(next="/proposte/"))

    confirmed = client.get(path_of(confirmation_link(mailoutbox[0])))
    assert confirmed.url == LOGIN

    response = client.post(LOGIN, {"username": "marco@esempio.example", "password": STRONG})
    assert response.url == "/proposte/"
    # Landing away from the profile, the newcomer is told where to complete it.
    alerts = " ".join(a.get_text() for a in soup(client.get(response.url)).select("main .alert"))
    assert "Ti diamo il benvenuto in WeMi Community, Marco!" in alerts
    # Once only: the next sign-in goes to the profile again.
    client.logout()
    again = client.post(LOGIN, {"username": "marco@esempio.example", "password": STRONG})
    assert again.url == "/account/profilo/"


def test_after_a_lockout_and_a_new_password_the_sign_in_lands_on_the_page_of_before(
    client, resident, mailoutbox, django_capture_on_commit_callbacks
):
    wrong = {"username": resident.email, "password": "sbagliata-123", "next": "/proposte/"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = client.post(f"{LOGIN}?next=/proposte/", wrong)
    assert locked.status_code == 429
    page = soup(locked)
    assert page.select_one('a[href="/account/password/recupera/?next=/proposte/"]') is not None
    assert page.select_one(f'main a[href="{LOGIN}?next=/proposte/"]') is not None

    reset_page = client.get("/account/password/recupera/?next=/proposte/")
    assert soup(reset_page).select_one("main form input[name=next]")["value"] == "/proposte/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/password/recupera/", {"email": resident.email, "next": "/proposte/"})
    step = client.get(path_of(reset_link(mailoutbox[0])))
    new = "Nuova-password-di-Giulia-7"
    client.post(step.url, {"new_password1": new, "new_password2": new})

    response = client.post(LOGIN, {"username": resident.email, "password": new})
    assert response.url == "/proposte/"


@pytest.mark.parametrize("unsafe", UNSAFE)
def test_open_redirects_are_refused_at_sign_in(client, resident, unsafe):
    form = client.get(LOGIN, {"next": unsafe})
    assert soup(form).select_one("main form input[name=next]") is None
    response = client.post(
        LOGIN, {"username": resident.email, "password": DEFAULT_PASSWORD, "next": unsafe}
    )
    assert response.status_code == 302
    assert response.url == "/account/profilo/"


@pytest.mark.parametrize("unsafe", UNSAFE)
def test_open_redirects_are_refused_through_sign_up(
    client, unsafe, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{SIGNUP}?next={unsafe}", signup_data(next=unsafe))
    assert "accounts_next" not in client.session
    client.get(path_of(confirmation_link(mailoutbox[0])))
    response = client.post(LOGIN, {"username": "marco@esempio.example", "password": STRONG})
    assert response.url == "/account/profilo/"


def test_a_tampered_session_destination_is_checked_again(client, resident):
    session = client.session
    session["accounts_next"] = "https://evil.example/"
    session.save()
    response = client.post(LOGIN, {"username": resident.email, "password": DEFAULT_PASSWORD})
    assert response.url == "/account/profilo/"


@pytest.mark.parametrize("unsafe", UNSAFE)
def test_open_redirects_are_refused_on_the_lockout_page(client, unsafe):
    person = UserFactory()
    wrong = {"username": person.email, "password": "sbagliata-123", "next": unsafe}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = client.post(LOGIN, wrong)
    assert locked.status_code == 429
    hrefs = [a["href"] for a in soup(locked).select("main a[href]")]
    assert hrefs and not [href for href in hrefs if "next=" in href or "evil" in href]


def test_the_home_page_s_sign_in_and_sign_up_buttons_come_back_home(client):
    page = soup(client.get("/"))
    hrefs = {a["href"] for a in page.select("main a[href]")}
    assert f"{LOGIN}?next=%2F" in hrefs
    assert f"{SIGNUP}?next=%2F" in hrefs
    assert LOGIN not in hrefs and SIGNUP not in hrefs
