"""Live updates when the server loses its channel layer (Redis down), in a real browser: the
socket closes as "paused" (4503), the page says so in Italian and polls its data every
LIVE_POLL_SECONDS; when sockets stay open again the notice goes and live updates resume.

The wall meets the real thing: the server's channel layer fails (every push and every join
raises, as channels_redis does without Redis) and is given back. The bell and the seats have
their sockets closed with 4503 by the browser's router, then let through."""

import os
import re
from pathlib import Path

import pytest
from channels.layers import channel_layers
from playwright.sync_api import expect

from events import services as event_services
from labs import needs
from tests import failing_layer as layers
from tests.browser import asgi_server
from tests.browser.helpers import sign_in
from tests.events.helpers import publish
from tests.factories import UserFactory
from tests.labs.helpers import member, need_category, open_lab
from tests.spaces.helpers import make_space
from wemi_community.core import live as core_live
from wemi_community.notifications.services import notify

asgi_live_server = asgi_server.asgi_live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WALL_PAUSED = (
    "Aggiornamenti in tempo reale sospesi: la pagina si aggiorna da sola ogni pochi secondi."
)
BELL_PAUSED = (
    "Notifiche in tempo reale sospese: il contatore si aggiorna da solo ogni pochi secondi."
)
SEATS_PAUSED = (
    "Aggiornamenti in tempo reale sospesi: i posti si aggiornano da soli ogni pochi secondi."
)
# The backoff doubles from 1 s while paused: the socket that finds the layer back may come
# some seconds after it is back.
BACK_LIVE_MS = 20_000
PAUSED_SOCKET = 4503


@pytest.fixture
def page(browser_page, settings):
    """The browser page, polling every second while paused, failing on any JS error."""
    settings.LIVE_POLL_SECONDS = 1
    errors = []
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    yield browser_page
    assert errors == []


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where the screenshots go: WEMI_SCREENSHOT_DIR to look at them, else the test's tmp."""
    folder = Path(os.environ.get("WEMI_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def layer_switch(settings):
    """Takes the server's channel layer away (``down()``) and gives it back (``up()``)."""
    working = settings.CHANNEL_LAYERS

    class Switch:
        @staticmethod
        def down():
            settings.CHANNEL_LAYERS = {"default": {"BACKEND": "tests.failing_layer.FailingLayer"}}
            layers.FailingLayer.sends = 0
            channel_layers.backends.clear()

        @staticmethod
        def up():
            settings.CHANNEL_LAYERS = working
            channel_layers.backends.clear()

    yield Switch
    Switch.up()
    core_live.layer_answered()


def polls(page, path_pattern: str) -> list[str]:
    """The addresses the page fetches matching ``path_pattern``, as they happen."""
    seen = []
    page.on("request", lambda r: seen.append(r.url) if re.search(path_pattern, r.url) else None)
    return seen


# --- The wall ---------------------------------------------------------------------------------


@pytest.fixture
def room():
    """Seeded before the browser starts (see test_live_bell)."""
    lab, _coordinator, _facilitator = open_lab()
    anna = member(lab, "Anna")
    bruno = member(lab, "Bruno")
    category = need_category()
    needs.need_post(actor=anna.user, participant=anna, category=category, text="Pedibus al mattino")
    return lab, anna, bruno, category


def post_need(server, participant, category, text):
    return server.call(
        needs.need_post,
        actor=participant.user,
        participant=participant,
        category=category,
        text=text,
    )


def card(page, text):
    return page.locator("[data-need-id]", has_text=text)


def test_the_wall_pauses_polls_and_goes_live_again_with_the_channel_layer(
    room, asgi_live_server, page, layer_switch, shots
):
    lab, anna, bruno, category = room
    server = asgi_live_server
    sign_in(page, server, anna.user)
    seen = polls(page, r"/bisogni/nuovi/\?after=")

    layer_switch.down()
    page.goto(f"{server.url}/laboratori/{lab.pk}/")
    page.evaluate("window.wemiNotReloaded = true")
    notice = page.locator("[data-live-notice]")
    expect(notice).to_have_text(WALL_PAUSED)
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("role", "status")
    expect(notice).to_have_class(re.compile(r"\balert\b.*\balert-warning\b"))
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "offline")
    # The bell is paused by the same outage, but one notice is enough: the wall's.
    expect(page.locator("html")).to_have_attribute("data-wemi-live", "paused")
    expect(page.locator("#wemi-live-notice")).to_have_text(BELL_PAUSED)
    expect(page.locator("#wemi-live-notice")).to_be_hidden()
    page.screenshot(path=shots / "wall-paused.png")
    page.locator("#parete").screenshot(path=shots / "wall-paused-section.png")

    # Bruno's need is saved though its push fails; Anna's page finds it by polling.
    post_need(server, bruno, category, "Qualcuno per i compiti")
    assert layers.FailingLayer.sends >= 1
    arrived = card(page, "Qualcuno per i compiti")
    expect(arrived).to_be_visible(timeout=5_000)
    expect(arrived).to_contain_text("Bruno")
    expect(page.locator("[data-needs-total]")).to_have_text("2")
    assert seen, "the paused page never polled"

    # The layer is back: the next socket stays open, the notice goes, polling stops.
    layer_switch.up()
    expect(page.locator("[data-live-status]")).to_have_attribute(
        "data-state", "live", timeout=BACK_LIVE_MS
    )
    expect(notice).to_be_hidden()
    expect(notice).to_have_text("")
    page.wait_for_timeout(1_500)
    polled = len(seen)

    # Live again: a need arrives over the socket, without polling.
    post_need(server, bruno, category, "Un passaggio in farmacia")
    expect(card(page, "Un passaggio in farmacia")).to_be_visible(timeout=5_000)
    page.wait_for_timeout(1_500)
    assert len(seen) == polled
    for text in ("Pedibus al mattino", "Qualcuno per i compiti", "Un passaggio in farmacia"):
        expect(card(page, text)).to_have_count(1)
    assert page.evaluate("window.wemiNotReloaded === true")


# --- The bell ---------------------------------------------------------------------------------


class SocketGate:
    """Routes the page's websockets matching a pattern: closed as paused, or let through."""

    def __init__(self, page, pattern: str):
        self.through = False
        self.attempts = 0
        page.route_web_socket(re.compile(pattern), self._route)

    def _route(self, ws):
        self.attempts += 1
        if self.through:
            ws.connect_to_server()
        else:
            ws.close(code=PAUSED_SOCKET, reason="paused")


@pytest.fixture
def people():
    anna = UserFactory(display_name="Anna", notification_preference="never")
    bruno = UserFactory(display_name="Bruno", notification_preference="never")
    space = make_space("Spazio Lambrate")
    return anna, bruno, space


def test_the_bell_pauses_counts_by_polling_and_goes_live_again(
    people, asgi_live_server, page, shots
):
    anna, bruno, space = people
    server = asgi_live_server
    sign_in(page, server, anna)
    gate = SocketGate(page, r"/ws/me/$")
    seen = polls(page, r"/notifiche/non-lette/$")

    page.goto(server.url + "/")
    notice = page.locator("#wemi-live-notice")
    expect(notice).to_have_text(BELL_PAUSED)
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("role", "status")
    expect(page.locator("html")).to_have_attribute("data-wemi-live", "paused")
    badge = page.locator("[data-wemi-bell] [data-wemi-bell-count]")
    expect(badge).to_be_hidden()
    page.screenshot(path=shots / "bell-paused.png")

    server.call(notify, [anna.pk], "comment.reply", target=space, actor=bruno)
    expect(badge).to_have_text("1", timeout=5_000)
    expect(badge).to_be_visible()
    assert seen
    # Polling brings the count, not a toast.
    expect(page.locator("#wemi-toasts .wemi-toast")).to_have_count(0)

    gate.through = True
    expect(notice).to_be_hidden(timeout=BACK_LIVE_MS)
    expect(page.locator("html")).to_have_attribute("data-wemi-live", "open")
    page.wait_for_timeout(1_500)
    polled = len(seen)

    server.call(notify, [anna.pk], "comment.new", target=space, actor=bruno)
    expect(page.locator("#wemi-toasts .wemi-toast")).to_have_count(1)
    expect(badge).to_have_text("2")
    page.wait_for_timeout(1_500)
    assert len(seen) == polled
    assert gate.attempts >= 2


# --- The seats --------------------------------------------------------------------------------


@pytest.fixture
def event():
    event, _coordinator = publish(capacity=5, max_seats_per_registration=2)
    return event, UserFactory(display_name="Carla"), UserFactory(display_name="Dario")


def test_the_seats_pause_poll_and_go_live_again(event, asgi_live_server, page):
    event, carla, dario = event
    server = asgi_live_server
    gate = SocketGate(page, rf"/ws/eventi/{event.pk}/$")
    seen = polls(page, rf"/eventi/{event.pk}/posti/$")

    page.goto(f"{server.url}/eventi/{event.pk}/")
    registration_card = page.locator("[data-event-seats]")
    notice = registration_card.locator("[data-live-notice]")
    expect(notice).to_have_text(SEATS_PAUSED)
    expect(notice).to_be_visible()
    seats = registration_card.locator("[data-seats-text]")
    expect(seats).to_have_text(re.compile(r"^5 "))

    server.call(event_services.registration_create, actor=carla, event=event, seats=2)
    expect(seats).to_have_text(re.compile(r"^3 "), timeout=5_000)
    assert seen

    gate.through = True
    expect(notice).to_be_hidden(timeout=BACK_LIVE_MS)
    page.wait_for_timeout(1_500)
    polled = len(seen)
    server.call(event_services.registration_create, actor=dario, event=event, seats=2)
    expect(seats).to_have_text(re.compile(r"^1 "))
    page.wait_for_timeout(1_500)
    assert len(seen) == polled
