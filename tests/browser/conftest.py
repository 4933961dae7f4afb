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


# Reports every Content Security Policy violation on the console, where the watcher reads it
# (Chromium logs most of them there too; this catches the rest, e.g. in event handlers).
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    "Content Security Policy violation: " + event.violatedDirective + " " +
    (event.blockedURI || "inline") + " at " + event.sourceFile + ":" + event.lineNumber
  );
});
"""


class CspWatcher:
    """Collects the Content Security Policy violations of every page of a browser."""

    def __init__(self):
        self.violations: list[str] = []

    def watch_context(self, context):
        context.add_init_script(CSP_REPORTER)
        context.on("page", self.watch_page)
        for page in context.pages:
            self.watch_page(page)
        return context

    def watch_page(self, page):
        page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.violations.append(message.text)

    def watch_browser(self, browser):
        """Every context the browser opens, the tests' own too, is watched."""
        new_context = browser.new_context

        def watched_new_context(*args, **kwargs):
            return self.watch_context(new_context(*args, **kwargs))

        browser.new_context = watched_new_context
        return browser

    def check(self):
        if self.violations:
            pytest.fail(
                "Content Security Policy violations:\n" + "\n".join(sorted(set(self.violations)))
            )


@pytest.fixture
def csp_watcher():
    """Fails the test, at its end, on any Content Security Policy violation it caused."""
    watcher = CspWatcher()
    yield watcher
    watcher.check()


@pytest.fixture
def browser_page(monkeypatch, settings, csp_watcher):
    """A fresh headless Chromium page (the system browser; nothing is downloaded)."""
    # Imported only when a browser test runs: the rest of the suite does not load Playwright.
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
        csp_watcher.watch_browser(browser)
        context = browser.new_context(locale="it-IT", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        context.close()
        browser.close()
