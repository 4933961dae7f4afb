"""A live ASGI server for browser tests that need websockets (pytest-django's live_server is
WSGI only). Use it with::

    from tests.browser import asgi_server

    asgi_live_server = asgi_server.asgi_live_server  # the fixture, for this module's tests
    pytestmark = [
        pytest.mark.browser,
        pytest.mark.django_db(transaction=True, serialized_rollback=True),
    ]

    def test_something(seeded_data, asgi_live_server, browser_page):
        browser_page.goto(asgi_live_server.url + "/")
        asgi_live_server.call(services.notify, [user.pk], "comment.reply", target=space)

(``from tests.browser.asgi_server import asgi_live_server  # noqa: F401`` works too, but ruff
then also reports each test's parameter as a redefinition, F811.)

Daphne serves ``wemi_community.asgi.application`` (static files included) from a thread of
the test process, so it reads the test database: SQLite's shared in-memory database as much
as PostgreSQL. Twisted's reactor cannot start twice in a process, so the server starts at the
first test that asks for it and serves every later one; it stops when the process exits."""

from __future__ import annotations

import asyncio
import atexit
import threading
import time
from dataclasses import dataclass

import pytest
from channels.db import database_sync_to_async

START_TIMEOUT = 10
CALL_TIMEOUT = 15
# Daphne gives an application 10 s to end after its connection closed, then cancels it.
IDLE_TIMEOUT = 15


@dataclass(frozen=True)
class AsgiLiveServer:
    host: str
    port: int
    loop: asyncio.AbstractEventLoop
    daphne: object

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def call(self, func, *args, **kwargs):
        """Runs ``func(*args, **kwargs)`` as the server runs its own database code: in a
        worker thread of the server's event loop, whose connection is closed afterwards.

        Use it for any ORM work once the browser is open. Called directly from the test, the
        ORM would run inside Playwright's event loop, on a connection nothing closes; and a
        live push from here reaches the server's in-memory channel layer safely (from any
        other thread it would touch the layer's queues from the wrong event loop)."""

        coroutine = database_sync_to_async(func)(*args, **kwargs)
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(CALL_TIMEOUT)

    def wait_idle(self, timeout: float = IDLE_TIMEOUT) -> bool:
        """Waits until every connection is closed and its application instance has ended
        (daphne reaps them about once a second). Until then a websocket consumer may still be
        receiving from the channel layer on the server's event loop, and channels-redis
        refuses a receive from another loop, such as the next async test's."""

        async def connections():
            return len(self.daphne.connections)

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not asyncio.run_coroutine_threadsafe(connections(), self.loop).result(timeout):
                return True
            time.sleep(0.1)
        return False


_server: AsgiLiveServer | None = None
_lock = threading.Lock()


def _start() -> AsgiLiveServer:
    # Imported at the first start: importing twisted's reactor installs it for the whole process.
    from daphne.server import Server
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
    from twisted.internet import reactor

    from wemi_community.asgi import application

    # Static files straight from the apps' folders, as runserver does: the pages load their
    # CSS and JavaScript (live.js) without a collectstatic.
    server = Server(
        application=ASGIStaticFilesHandler(application),
        endpoints=["tcp:port=0:interface=127.0.0.1"],
        signal_handlers=False,
        verbosity=0,
    )
    thread = threading.Thread(target=server.run, name="asgi-live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.listening_addresses:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("The ASGI live server did not start")
        time.sleep(0.05)
    host, port = server.listening_addresses[0]

    def stop():
        if reactor.running:
            reactor.callFromThread(reactor.stop)
            thread.join(timeout=5)

    atexit.register(stop)
    return AsgiLiveServer(host=host, port=port, loop=reactor._asyncioEventloop, daphne=server)


def asgi_server() -> AsgiLiveServer:
    """The process's ASGI live server, started on first use."""
    global _server
    with _lock:
        if _server is None:
            _server = _start()
        return _server


@pytest.fixture
def asgi_live_server(transactional_db):
    """The running server. The server thread sees only committed data, hence the
    transactional database; mark the test ``serialized_rollback=True`` when it needs the
    page tree or the reference data back.

    Ask for it before ``browser_page``: it is then torn down after the browser has closed,
    and waits for the server to be idle, so nothing of this test still runs in the next."""
    server = asgi_server()
    yield server
    assert server.wait_idle(), (
        "The ASGI live server still has open connections after the test: "
        "request asgi_live_server before browser_page, and close any extra browser."
    )
