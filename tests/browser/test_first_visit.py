"""A newcomer's first visit, in a real browser: home page, English and back, sign in."""

import re

import pytest

from wemi_community.accounts import demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo_accounts():
    # Seeded before the browser starts: inside Playwright's event loop the ORM would open a
    # second connection that outlives the test.
    return demo.seed()


def test_home_language_switch_and_demo_login(demo_accounts, live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "it"
    assert page.get_by_role("link", name=re.compile("Vai al contenuto")).count() == 1

    page.get_by_role("button", name=re.compile("English")).first.click()
    page.wait_for_url(re.compile(r"/en/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name=re.compile("Skip to main content")).count() == 1

    page.get_by_role("button", name=re.compile("Italiano")).first.click()
    page.wait_for_url(re.compile(r":\d+/$"))
    assert page.locator("html").get_attribute("lang") == "it"

    page.get_by_role("link", name="Accedi").first.click()
    page.get_by_label("E-mail").fill(demo.demo_email("residente"))
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Accedi").last.click()
    # Back on the page the sign-in started from, signed in.
    page.wait_for_url(re.compile(r":\d+/$"))
    assert "Giulia (demo)" in page.locator("header").inner_text()
