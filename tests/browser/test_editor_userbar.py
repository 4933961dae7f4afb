"""An editor on the public site: the space's coordinator opens the space's page, where
Wagtail's user bar shows, opens the bar and follows it to the page's editor, with no
Content Security Policy violation on the site's strict policy (the watcher fails the test on
any)."""

import re

import pytest

from tests.browser.helpers import sign_in, wait_for_js
from tests.factories.roles import CoordinatorFactory
from tests.spaces.helpers import make_space

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def editor_and_space():
    # Made before the browser starts: inside Playwright's event loop the ORM would open a
    # second connection that outlives the test.
    space = make_space("WeMi Prova Redazione")
    return CoordinatorFactory(space=space, email="redazione@esempio.example"), space


def test_the_editor_bar_on_a_public_page(editor_and_space, live_server, browser_page):
    editor, space = editor_and_space
    page = browser_page
    sign_in(page, live_server, editor)
    page.goto(live_server.url + space.url)
    userbar = page.locator("wagtail-userbar")
    assert userbar.count() == 1
    # The bar's web component draws itself in its shadow root, from its own script and
    # stylesheet: once it has, its trigger is a button.
    trigger = userbar.locator("#wagtail-userbar-trigger")
    trigger.click()
    assert trigger.get_attribute("aria-expanded") == "true"
    edit = userbar.locator("a[href*='/admin/pages/']").filter(has_text=re.compile("Modifica"))
    assert edit.count() >= 1
    wait_for_js(page, "document.querySelector('wagtail-userbar').shadowRoot !== null")
    edit.first.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
