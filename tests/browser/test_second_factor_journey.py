"""Two-step verification in a real browser, under the strict CSP: a city staff member signs
in, is sent to set up an authenticator app (QR code as inline SVG, the key written out),
confirms it with a code, sees the recovery codes once, reaches the admin; the next sign-in
asks the app's code."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD
from tests.factories.roles import CityStaffFactory
from wemi_community.accounts import mfa

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def staff(settings):
    settings.STAFF_MFA_REQUIRED = True
    # Made before the browser starts (see test_first_visit.py).
    return CityStaffFactory(email="elena.mfa@esempio.example")


def code_for(secret: str, *, steps_ahead: int = 0) -> str:
    key = mfa.key_from_base32(secret.replace(" ", ""))
    return mfa.current_code(key, at=time.time() + 30 * steps_ahead)


def sign_in(page, server: str, email: str, next_url: str = "") -> None:
    page.goto(f"{server}/account/accedi/" + (f"?next={next_url}" if next_url else ""))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Accedi").last.click()


def test_staff_set_up_the_app_then_type_its_code(staff, live_server, browser_page):
    page, server = browser_page, live_server.url

    sign_in(page, server, staff.email, next_url="/admin/")
    page.wait_for_url(re.compile(r"/account/sicurezza/attiva/\?next=%2Fadmin%2F$"))
    expect(page.locator("#second-factor-qr svg")).to_be_visible()
    secret = page.locator("#second-factor-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7 ]{32,}", secret)

    page.get_by_label("Codice").fill("123")
    page.get_by_role("button", name="Conferma e attiva").click()
    expect(page.locator("main")).to_contain_text("Il codice è di 6 cifre.")

    page.get_by_label("Codice").fill(code_for(secret))
    page.get_by_role("button", name="Conferma e attiva").click()
    page.wait_for_url(re.compile(r"/account/sicurezza/codici/"))
    codes = page.locator("#recovery-codes li")
    expect(codes).to_have_count(10)
    page.get_by_role("link", name="Li ho salvati: continua").click()
    page.wait_for_url(re.compile(r"/admin/$"))

    # A new session: the password, then the app's code (the next one: each works once).
    page.context.clear_cookies()
    sign_in(page, server, staff.email)
    page.wait_for_url(re.compile(r"/account/verifica-accesso/$"))
    page.get_by_label("Codice").fill("000000")
    page.get_by_role("button", name="Verifica").click()
    expect(page.locator("main")).to_contain_text("Il codice non è corretto.")
    page.get_by_label("Codice").fill(code_for(secret, steps_ahead=1))
    page.get_by_role("button", name="Verifica").click()
    page.wait_for_url(re.compile(r"/account/profilo/$"))
    page.goto(f"{server}/account/sicurezza/")
    expect(page.locator("#second-factor")).to_contain_text("Ti restano 10 codici di recupero.")
