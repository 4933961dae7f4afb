"""Live notifications in a real browser, over a real websocket: the bell's count and a toast
arrive without a reload; reading them (here or in another tab) brings the count down."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.browser import asgi_server
from tests.browser.helpers import sign_in, wait_for_js
from tests.factories import UserFactory
from tests.spaces.helpers import make_space
from wemi_community.notifications.models import Notification
from wemi_community.notifications.services import notify

# The fixture, visible to this module's tests (an assignment: ruff takes the tests' parameter
# of the same name for a redefinition of an import).
asgi_live_server = asgi_server.asgi_live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def italian(message: str, **values) -> str:
    with translation.override("it"):
        return gettext(message) % values if values else gettext(message)


@pytest.fixture
def people():
    # Seeded before the browser starts: inside Playwright's event loop the ORM would open a
    # second connection that outlives the test (later ORM work goes through server.call).
    anna = UserFactory(display_name="Anna", notification_preference="never")
    bruno = UserFactory(display_name="Bruno", notification_preference="never")
    space = make_space("Spazio Lambrate")
    return anna, bruno, space, space.url


@pytest.fixture
def page(browser_page):
    """The browser page, failing the test on any JavaScript error."""
    errors = []
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    yield browser_page
    assert errors == []


def wait_for_stream(page):
    page.locator("html[data-wemi-live='open']").wait_for(state="attached")


def unread(page):
    return page.locator("[data-wemi-bell] [data-wemi-bell-count]")


def unread_text(page):
    return page.locator("[data-wemi-bell] [data-wemi-bell-text]")


def test_a_notification_arrives_live_and_opening_it_marks_it_read(people, asgi_live_server, page):
    anna, bruno, space, space_url = people
    server = asgi_live_server
    sign_in(page, server, anna)
    page.goto(server.url + "/")
    expect(unread(page)).to_be_hidden()
    expect(unread_text(page)).to_have_text(italian("No unread notifications"))
    wait_for_stream(page)
    page.evaluate("window.wemiNotReloaded = true")

    server.call(notify, [anna.pk], "comment.reply", target=space, actor=bruno)

    expect(unread(page)).to_be_visible()
    expect(unread(page)).to_have_text("1")
    expect(unread_text(page)).to_have_text(italian("1 unread notification"))
    toast = page.locator("#wemi-toasts .wemi-toast")
    expect(toast).to_have_count(1)
    toast.hover()  # a toast under the pointer stays: no race with its 6 s on a slow machine
    expect(toast).to_contain_text("Bruno")
    expect(toast).to_contain_text("Spazio Lambrate")
    assert page.evaluate("window.wemiNotReloaded") is True

    # Opening it from the toast marks it read and goes to the space's page.
    toast.locator(".wemi-toast-open").click()
    page.wait_for_url(server.url + space_url)
    expect(unread(page)).to_be_hidden()
    assert server.call(lambda: Notification.objects.get(recipient=anna).read_at) is not None


def test_reading_all_in_one_tab_updates_the_other_and_toasts_go_away(
    people, asgi_live_server, page
):
    anna, bruno, space, _ = people
    server = asgi_live_server
    sign_in(page, server, anna)
    page.goto(server.url + "/")
    wait_for_stream(page)

    server.call(notify, [anna.pk], "comment.reply", target=space, actor=bruno)
    server.call(notify, [anna.pk], "comment.new", target=space, actor=bruno)
    expect(unread(page)).to_have_text("2")
    expect(unread_text(page)).to_have_text(italian("%(count)s unread notifications", count=2))
    toasts = page.locator("#wemi-toasts .wemi-toast")
    expect(toasts).to_have_count(2)

    other_tab = page.context.new_page()
    other_tab.goto(server.url + "/notifiche/")
    expect(other_tab.locator(".wemi-notification.is-unread")).to_have_count(2)
    other_tab.locator("form[action^='/notifiche/tutte-lette/'] button").click()
    # htmx swaps the list in place; the bell of this tab comes with it.
    expect(other_tab.locator(".wemi-notification.is-unread")).to_have_count(0)
    expect(unread(other_tab)).to_be_hidden()

    # The first tab hears it over its stream, without a reload.
    expect(unread(page)).to_be_hidden()
    expect(unread_text(page)).to_have_text(italian("No unread notifications"))
    # And its toasts leave by themselves after a few seconds.
    expect(toasts).to_have_count(0, timeout=10_000)
    other_tab.close()


# A stand-in for the browser's WebSocket whose connections all close at once with the given
# code, counting the attempts: what live.js does when the stream drops or is refused.
FAILING_SOCKET = """
window.wemiSocketAttempts = 0;
window.WebSocket = function () {
  var listeners = {};
  window.wemiSocketAttempts += 1;
  this.addEventListener = function (type, listener) {
    (listeners[type] = listeners[type] || []).push(listener);
  };
  this.close = function () {};
  setTimeout(function () {
    (listeners.close || []).forEach(function (listener) { listener({code: %d}); });
  }, 10);
};
"""


def test_a_dropped_stream_is_opened_again_with_backoff(people, asgi_live_server, page):
    anna, *_ = people
    sign_in(page, asgi_live_server, anna)
    page.add_init_script(FAILING_SOCKET % 1006)
    page.goto(asgi_live_server.url + "/")
    # 1 s, then 2 s (each give or take a quarter): three attempts within 5 s, not more.
    wait_for_js(page, "window.wemiSocketAttempts >= 3", timeout=6_000)
    assert page.evaluate("window.wemiSocketAttempts") <= 4


def test_a_refused_stream_is_not_retried(people, asgi_live_server, page):
    anna, *_ = people
    sign_in(page, asgi_live_server, anna)
    page.add_init_script(FAILING_SOCKET % 4403)
    page.goto(asgi_live_server.url + "/")
    wait_for_js(page, "window.wemiSocketAttempts >= 1")
    page.wait_for_timeout(2_000)
    assert page.evaluate("window.wemiSocketAttempts") == 1


def test_without_websockets_the_page_still_works(people, asgi_live_server, page):
    anna, *_ = people
    sign_in(page, asgi_live_server, anna)
    page.add_init_script("delete window.WebSocket;")
    page.goto(asgi_live_server.url + "/")
    expect(unread_text(page)).to_have_text(italian("No unread notifications"))
    assert page.evaluate("typeof window.WebSocket") == "undefined"
    assert page.locator("html").get_attribute("data-wemi-live") is None
    # (The page fixture fails the test on any JavaScript error.)
