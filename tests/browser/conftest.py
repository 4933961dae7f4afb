import os

import pytest

from tests import instants

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser_page(monkeypatch, settings):
    """A fresh headless Chromium page (the system browser; nothing is downloaded)."""
    from playwright.sync_api import sync_playwright

    if instants.chosen() is not None:
        # Chromium expires cookies by the machine's real clock, not the server's moved one:
        # cookies that end with the browser session keep the sign-in and the CSRF token.
        settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
        settings.CSRF_COOKIE_AGE = None

    # Playwright's sync API keeps an event loop on this thread; the ORM calls made by the live
    # server's teardown are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="it-IT", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        context.close()
        browser.close()
