"""Friendly error pages in the visitor's language: 404, 403, CSRF failure, 500."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import permission_denied

from .helpers import soup, text

pytestmark = pytest.mark.django_db

LEAD_404 = "We could not find the page you asked for."


def test_unknown_url_gets_the_friendly_404_in_english(client):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    document = soup(response)
    assert document.html["lang"] == "en"
    assert text(document.select_one("main h1")) == "Page not found"
    assert LEAD_404 in text(document.main)
    links = [a["href"] for a in document.select("main .wemi-error-links a")]
    assert "/en/" in links
    assert "Traceback" not in response.content.decode()


def test_unknown_url_gets_the_friendly_404_in_italian(client):
    # The lead sentence needs the Italian catalogue (locale/it) compiled: this test fails
    # until the translations exist.
    response = client.get("/pagina-che-non-esiste/")

    assert response.status_code == 404
    document = soup(response)
    assert document.html["lang"] == "it"
    assert text(document.select_one("main h1")) == "Pagina non trovata"
    assert LEAD_404 not in text(document.main), "the 404 page is not translated into Italian"
    assert "/" in [a["href"] for a in document.select("main .wemi-error-links a")]


@pytest.mark.urls("tests.cms.urls")
@pytest.mark.parametrize(("path", "language"), [("/test-boom/", "it"), ("/en/test-boom/", "en")])
def test_a_crash_renders_the_standalone_500_page(path, language):
    client = Client(raise_request_exception=False)

    response = client.get(path)

    assert response.status_code == 500
    assert [t.name for t in response.templates] == ["500.html"]
    # Rendered without the request: no context processors ran.
    assert "request" not in response.context
    assert "user" not in response.context
    body = response.content.decode()
    assert "Deliberate failure" not in body
    assert "Traceback" not in body
    document = soup(response)
    assert document.html["lang"] == language
    assert document.select_one("main h1") is not None
    assert document.select_one(".wemi-user-menu") is None
    home = "/en/" if language == "en" else "/"
    assert document.select_one("main a.btn")["href"] == home


@pytest.mark.urls("tests.cms.urls")
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/test-database-away/", "Servizio temporaneamente non disponibile"),
        ("/en/test-database-away/", "Service temporarily unavailable"),
    ],
)
def test_an_unreachable_database_is_the_503_page(path, heading):
    response = Client(raise_request_exception=False).get(path)

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert [t.name for t in response.templates] == ["503.html", "500.html"]
    assert "request" not in response.context
    document = soup(response)
    assert text(document.select_one("main h1")) == heading
    assert "5432" not in response.content.decode()


@pytest.mark.urls("tests.cms.urls")
def test_the_500_page_is_in_english_under_en():
    response = Client(raise_request_exception=False).get("/en/test-boom/")

    assert text(soup(response).select_one("main h1")) == "Something went wrong"


def test_csrf_failure_explains_the_expired_form_in_english():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/en/", {"anything": "1"})

    assert response.status_code == 403
    assert "403_csrf.html" in [t.name for t in response.templates]
    document = soup(response)
    assert document.html["lang"] == "en"
    assert text(document.select_one("main h1")) == "The form has expired"
    assert "reload that page" in text(document.main)
    # The full layout works in this view too.
    assert document.select_one(".wemi-language-switch form") is not None


def test_csrf_failure_on_the_language_switch_uses_the_friendly_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 403
    assert "403_csrf.html" in [t.name for t in response.templates]
    document = soup(response)
    assert document.html["lang"] == "it"
    assert document.select_one("main .wemi-error-page h1") is not None
    assert "CSRF verification failed" not in response.content.decode()


def test_permission_denied_renders_the_friendly_403(rf: RequestFactory):
    request = rf.get("/en/somewhere/")
    request.user = AnonymousUser()
    with translation.override("en"):
        response = permission_denied(request, PermissionDenied())
        login_url = reverse("accounts:login")

    assert response.status_code == 403
    document = soup(response)
    assert text(document.select_one("main h1")) == "Access denied"
    login = document.select_one("main a.btn")
    assert login["href"] == f"{login_url}?next=/en/somewhere/"
