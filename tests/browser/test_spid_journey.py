"""Signing in with SPID in a real browser, through the test OpenID Connect provider: the
login page, the gateway, back, a new account with its profile pre-filled."""

import re

import pytest

from tests.accounts.oidc_helpers import MARIA_EMAIL
from wemi_community.accounts.models import ExternalIdentity

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_newcomer_signs_in_with_spid(oidc_on, live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + "/account/accedi/")
    page.get_by_role("link", name="Entra con SPID").click()
    page.wait_for_url(re.compile(r"/account/spid/nuovo-account/$"))
    assert "Rossi" in page.content()
    page.get_by_label("Nome visualizzato").fill("Maria R.")
    page.locator("label[for=id_privacy_consent]").click()
    page.get_by_role("button", name="Crea l'account").click()
    page.wait_for_url(re.compile(r"/account/profilo/$"))
    assert page.locator("input[name=first_name]").input_value() == "Maria"
    assert page.locator("input[name=last_name]").input_value() == "Rossi"
    assert "Maria R." in page.locator("header").inner_text()
    assert ExternalIdentity.objects.get().user.email == MARIA_EMAIL
