"""The Content Security Policy: strict on the site, looser in the Wagtail admin, and no
template of ours with what the strict policy refuses."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def directives(response, header="Content-Security-Policy") -> dict[str, set[str]]:
    policy = response[header]
    parts = [part.strip().split() for part in policy.split(";") if part.strip()]
    return {name: set(values) for name, *values in parts}


def test_a_public_page_sends_the_strict_policy():
    response = Client().get("/verifica/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == {"'self'"}
    assert policy["script-src"] == {"'self'"}
    assert policy["style-src"] == {"'self'"}
    # The spaces' map shows OpenStreetMap's tiles.
    assert policy["img-src"] == {"'self'", "data:", "https://tile.openstreetmap.org"}
    assert policy["connect-src"] == {"'self'", "ws:", "wss:"}
    assert policy["frame-ancestors"] == {"'none'"}
    assert policy["form-action"] == {"'self'"}
    assert policy["base-uri"] == {"'self'"}
    assert policy["object-src"] == {"'none'"}
    assert "Content-Security-Policy-Report-Only" not in response
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_error_pages_and_the_english_site_too():
    client = Client()
    for path in ("/en/verifica/", "/pagina-che-non-esiste/"):
        response = client.get(path)
        assert directives(response)["script-src"] == {"'self'"}, path


def test_the_admin_works_under_its_own_looser_policy():
    editor = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["frame-ancestors"] == {"'self'"}
    assert policy["object-src"] == {"'none'"}
    # Its login page as well.
    login = Client().get("/admin/login/")
    assert login.status_code == 200
    assert "'unsafe-inline'" in directives(login)["script-src"]


TEMPLATE_ROOTS = [
    Path(settings.BASE_DIR) / name
    for name in (
        "cms_templates",
        "spaces_pages",
        "proposals",
        "shared_services",
        "labs",
        "events",
        "volunteering",
    )
] + [Path(settings.BASE_DIR) / "wemi_community"]
# Inline script (a <script> without src, other than JSON data), <style>, style="…", onclick="…".
REFUSED = [
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", re.I),
    re.compile(r"<style[\s>]", re.I),
    re.compile(r"\sstyle=\"", re.I),
    re.compile(r"\son[a-z]+=\"", re.I),
]


def test_no_page_template_has_what_the_strict_policy_refuses():
    found = []
    for root in TEMPLATE_ROOTS:
        for path in root.rglob("templates/**/*.html"):
            # E-mails are read in mail clients, which need inline styles; no policy applies.
            # Pages of the Wagtail admin live under its looser policy.
            if "/email/" in str(path) or "/admin/" in str(path):
                continue
            text = path.read_text(encoding="utf-8")
            for pattern in REFUSED:
                found += [f"{path}: {match.group(0)}" for match in pattern.finditer(text)]
    assert found == []
