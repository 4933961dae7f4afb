"""A process manager stops the site (SIGTERM to scripts/serve.py): the request in flight
finishes and what it wrote is kept, the websockets are closed with a code that tells browsers
to reconnect, and serve.py exits cleanly within its bound with no child left behind.

The request in flight is a real one, a sign-in, whose body the client sends in two halves with
the signal in between: the server has it, unfinished, when it is told to stop."""

import base64
import http.cookies
import os
import re
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.faults.own_redis import free_port, own_redis  # noqa: F401 (a fixture)
from tests.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "chiusura@esempio.example"

pytestmark = pytest.mark.skipif(
    not Path("/proc").exists(), reason="needs /proc to watch the processes"
)


serve = load_script("serve")


def _descendants(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    children = [int(p) for p in out.stdout.split()]
    return children + [d for c in children for d in _descendants(c)]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def _read_until(sock: socket.socket, marker: bytes, buffer: bytes = b"") -> bytes:
    while marker not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            break
        buffer += chunk
    return buffer


def _open_websocket(port: int, path: str, cookie: str) -> tuple[socket.socket, bytes]:
    """A websocket as a browser opens it; returns the socket and the status line."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            f"Origin: http://127.0.0.1:{port}\r\nCookie: {cookie}\r\n\r\n"
        ).encode()
    )
    head = _read_until(sock, b"\r\n\r\n")
    return sock, head.split(b"\r\n", 1)[0]


def _recv_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("the connection ended without a close frame")
        data += chunk
    return data


def _close_code(sock: socket.socket) -> int:
    """Reads frames up to the close frame (the server's frames are not masked); its code."""
    while True:
        first, second = _recv_exactly(sock, 2)
        length = second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", _recv_exactly(sock, 2))
        elif length == 127:
            (length,) = struct.unpack("!Q", _recv_exactly(sock, 8))
        payload = _recv_exactly(sock, length)
        if first & 0x0F == 0x8:
            return struct.unpack("!H", payload[:2])[0]


@pytest.fixture
def site_env(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "SITE_URL", "ALLOWED_HOSTS", "MEDIA_ROOT"}
    }
    env.update(DJANGO_SETTINGS_MODULE="wemi_community.settings.dev", WEMI_VAR_DIR=str(tmp_path))
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [*manage, "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    # One person, and a session of theirs for the websocket.
    made = subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from django.test import Client\n"
            "from tests.factories import UserFactory\n"
            f"person = UserFactory(email={EMAIL!r})\n"
            "client = Client()\n"
            "client.force_login(person)\n"
            "print(client.cookies['sessionid'].value)\n",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    env["_SESSION"] = made.stdout.strip().splitlines()[-1]
    return env


# Two workers share their cache and channel layer on Redis (serve.py refuses them without):
# the supervisor passes the signal on, and each worker drains its own request and websockets.
@pytest.mark.parametrize("workers", [1, 2])
def test_sigterm_lets_the_request_finish_closes_websockets_and_exits(
    site_env, tmp_path, request, workers
):
    from tests.factories import DEFAULT_PASSWORD

    session = site_env.pop("_SESSION")
    if workers > 1:
        site_env["REDIS_URL"] = request.getfixturevalue("own_redis").url
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "scripts/serve.py",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=site_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 40
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.status == 200
                break
            except OSError:
                assert time.monotonic() < deadline, "the web server never answered"
                time.sleep(0.5)
        processes = _descendants(proc.pid)
        cmdlines = [Path(f"/proc/{p}/cmdline").read_bytes() for p in processes]
        assert any(b"qcluster" in c for c in cmdlines)
        assert any(b"uvicorn" in c for c in cmdlines)
        if workers > 1:
            # uvicorn's supervisor starts its workers as spawned processes.
            spawned = [c for c in cmdlines if b"spawn_main" in c]
            assert len(spawned) >= workers

        # The sign-in form's CSRF cookie; its value is a valid token for the form.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/account/accedi/", timeout=10) as r:
            cookies = http.cookies.SimpleCookie()
            for header in r.headers.get_all("Set-Cookie"):
                cookies.load(header)
        csrf = cookies["csrftoken"].value

        ws, status = _open_websocket(port, "/ws/me/", f"sessionid={session}")
        assert b" 101 " in status

        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": csrf, "username": EMAIL, "password": DEFAULT_PASSWORD}
        ).encode()
        half = len(body) // 2
        request = socket.create_connection(("127.0.0.1", port), timeout=15)
        request.sendall(
            (
                f"POST /account/accedi/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\nCookie: csrftoken={csrf}\r\n\r\n"
            ).encode()
            + body[:half]
        )
        time.sleep(0.5)  # the server has the request, and half of its body

        signalled = time.monotonic()
        proc.send_signal(signal.SIGTERM)

        # The websocket is closed at once, with "going away" or "service restart": a browser
        # reconnects (to another process behind the proxy).
        ws.settimeout(5)
        assert _close_code(ws) in {1001, 1012}
        ws.close()

        # The request is still in flight: its body ends after the signal, and it is served.
        time.sleep(1)
        assert proc.poll() is None, "the site stopped before the request in flight was done"
        request.sendall(body[half:])
        answer = _read_until(request, b"\r\n\r\n")
        request.close()
        head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        assert head.startswith("HTTP/1.1 302 "), head  # signed in, sent on to the profile
        new_session = re.search(r"sessionid=([a-z0-9]+)", head).group(1)

        code = proc.wait(timeout=serve.GRACE_SECONDS + 5)
        assert code == 0
        assert time.monotonic() - signalled < serve.GRACE_SECONDS + 3
        time.sleep(0.5)
        assert not [p for p in processes if _alive(p)], "a child outlived serve.py"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        for pid in _descendants(proc.pid):
            os.kill(pid, signal.SIGKILL)
        log.close()

    # What the request wrote is there: its session and the time of the sign-in.
    with sqlite3.connect(tmp_path / "wemi.sqlite3") as db:
        assert db.execute(
            "SELECT count(*) FROM django_session WHERE session_key = ?", (new_session,)
        ).fetchone() == (1,)
        (last_login,) = db.execute(
            "SELECT last_login FROM accounts_user WHERE email = ?", (EMAIL,)
        ).fetchone()
    assert last_login is not None
