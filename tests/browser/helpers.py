"""What the browser journeys share."""

import re
import time

from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import DEFAULT_PASSWORD
from wemi_community.accounts import mfa
from wemi_community.accounts.demo import demo_email


def sign_in(page, server, user):
    """Signs ``user`` in through the login page, as people do."""
    page.goto(server.url + "/account/accedi/")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Accedi").last.click()
    page.wait_for_url(re.compile(r"/account/profilo/$"))


def wait_for_js(page, expression: str, *, timeout: int = 10_000) -> None:
    """Waits until ``expression`` is true in the page. Playwright's wait_for_function polls
    with eval inside the page, which the Content Security Policy refuses; page.evaluate is
    not subject to it."""
    waited = 0
    while not page.evaluate(expression):
        if waited >= timeout:
            raise AssertionError(f"Still false after {timeout} ms: {expression}")
        page.wait_for_timeout(100)
        waited += 100


def demo_totp_code(local_part: str) -> str:
    """The code a staff demo login's authenticator app shows now (the README's key), or the
    next one when the server has already taken this one (a second sign-in within 30 s)."""
    device = TOTPDevice.objects.get(user__email=demo_email(local_part), confirmed=True)
    step = max(int(time.time()) // device.step, device.last_t + 1)
    return mfa.current_code(device.key, at=step * device.step)
