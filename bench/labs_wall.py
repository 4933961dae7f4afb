#!/usr/bin/env python
"""Benchmark of a lab's live wall: how long a new need takes to reach every connected client.

    .venv/bin/python bench/labs_wall.py                      # in-memory channel layer, 1 server
    .venv/bin/python bench/labs_wall.py --clients 1000 --servers 2 --redis-url own

It builds a fresh database of its own (common.py), a lab in listening with C guests and one
more who posts, and a session for each, as the invitation page would have made. Then it
starts the site in S separate processes: uvicorn as scripts/serve.py runs it, with the
production settings (or daphne, or the test settings, on request); the channel layer in
memory, or Redis with --redis-url ("own": a redis-server of the run's own), which is what
lets S be more than one. It raises its limit of open files, opens C real websockets spread
over the servers (a bounded number of handshakes at a time) and, N times, posts a need
through the lab's page (the JSON the wall's script sends) and times, from just before the
POST, the arrival of that need on every client. The clock is the benchmark's own, so the
figure includes the HTTP request, the service's transaction, the channel layer's fan-out and
the consumers' sends.

It prints the POST's own time, each delivery's p50/p95/max and, per need, the time until the
last client had it (p50/p95/max). The exit code is 1 if a client missed a need or got one twice.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import http.client
import json
import logging
import os
import secrets
import struct
import subprocess
import sys
import time
from urllib.parse import urlencode

from common import percentile, prepare_database, setup_django
from serving import (
    SERVERS,
    collect_static,
    environment,
    raise_open_files,
    redis_for,
    start_web,
    stop,
    wait_for_port,
)

ROUND_TIMEOUT = 15.0
# Handshakes in flight at once: a thousand at once would overflow the servers' accept queue
# and time out, which measures the kernel, not the wall.
CONNECT_CONCURRENCY = 100
PAUSE = 0.2  # between needs, so each one is timed on its own


# --- A minimal websocket client (RFC 6455): enough to subscribe and read -----------------------


class Socket:
    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer

    @classmethod
    async def connect(cls, host: str, port: int, path: str, session_key: str) -> Socket:
        reader, writer = await asyncio.open_connection(host, port)
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write(
            (
                f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                f"Sec-WebSocket-Version: 13\r\nOrigin: http://{host}:{port}\r\n"
                f"Cookie: sessionid={session_key}\r\n\r\n"
            ).encode()
        )
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectionError(head.split(b"\r\n", 1)[0].decode())
        return cls(reader, writer)

    async def send(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        length = len(payload)
        if length < 126:
            head = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
        else:
            head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
        masked = bytes(byte ^ mask[index % 4] for index, byte in enumerate(payload))
        self.writer.write(head + mask + masked)
        await self.writer.drain()

    async def receive(self) -> dict:
        """The next text message, as JSON; answers pings on the way."""
        while True:
            first, second = await self.reader.readexactly(2)
            opcode, length = first & 0x0F, second & 0x7F
            if length == 126:
                (length,) = struct.unpack("!H", await self.reader.readexactly(2))
            elif length == 127:
                (length,) = struct.unpack("!Q", await self.reader.readexactly(8))
            payload = await self.reader.readexactly(length)
            if opcode == 0x9:
                await self.send(0xA, payload)
            elif opcode == 0x8:
                raise ConnectionError("closed by the server")
            elif opcode == 0x1:
                return json.loads(payload)

    def close(self) -> None:
        self.writer.close()


# --- The data ------------------------------------------------------------------------------------


def build_lab(clients: int):
    """A lab in listening; C guests who watch and one who posts, each with a session."""
    # Only after main()'s setup_django(): Django configured, the project on the path.
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from labs import services
    from spaces_pages.demo import seed_spaces
    from spaces_pages.models import HomePage
    from spaces_pages.services import space_groups_ensure
    from wemi_community.catalogue.models import ServiceCategory

    space = seed_spaces(HomePage.objects.get(locale__language_code="it"))[0]
    coordinator = get_user_model().objects.create_user(
        email="coordinatrice@bench.example", display_name="Coordinatrice"
    )
    coordinator.groups.add(space_groups_ensure(space=space).coordination)
    lab = services.lab_create(
        coordinator=coordinator,
        space=space,
        data={"title": "Condominio del benchmark", "kind": "condominium"},
    )

    def session_for(nickname: str) -> str:
        _participant, key = services.join_as_guest(token=lab.invite_token, nickname=nickname)
        session = SessionStore()
        session["lab_guest_keys"] = {str(lab.pk): key}
        session.create()
        return session.session_key

    watchers = [session_for(f"Vicino {n}") for n in range(clients)]
    poster = session_for("Chi scrive")
    category = ServiceCategory.objects.get(
        level=ServiceCategory.Level.LEVEL2, name="Baby sitter condivisa"
    )
    return lab, watchers, poster, category


# --- The servers ---------------------------------------------------------------------------------


def start_servers(
    count: int, database_url: str, redis_url: str, kind: str, production: bool
) -> list[tuple[subprocess.Popen, int]]:
    env = environment(database_url, redis_url, production=production)
    if production:
        collect_static(env)
    servers = [start_web(kind, env) for _ in range(count)]
    for process, port in servers:
        wait_for_port(port, process)
    return servers


class Poster:
    """Posts needs through the lab's page, as the wall's script does."""

    def __init__(self, port: int, lab_id: int, session_key: str, category_id: int):
        self.port, self.lab_id, self.category_id = port, lab_id, category_id
        self.cookies = {"sessionid": session_key}
        self._request("GET", f"/laboratori/{lab_id}/")

    def _request(self, method: str, path: str, body: str = "", headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection.request(method, path, body=body, headers={"Cookie": cookie, **(headers or {})})
        response = connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, data

    def post(self, text: str) -> int:
        status, data = self._request(
            "POST",
            f"/laboratori/{self.lab_id}/bisogni/",
            urlencode({"category": self.category_id, "text": text}),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
                "X-CSRFToken": self.cookies.get("csrftoken", ""),
                "Referer": f"http://127.0.0.1:{self.port}/laboratori/{self.lab_id}/",
            },
        )
        if status != 200:
            raise RuntimeError(f"POST answered {status}: {data[:200]!r}")
        return json.loads(data)["need"]["id"]


# --- The run -------------------------------------------------------------------------------------


async def run(args, lab, watchers, poster_session, category, servers) -> dict:
    path = f"/ws/laboratori/{lab.pk}/"
    limit = asyncio.Semaphore(CONNECT_CONCURRENCY)

    async def connect(index: int, key: str) -> Socket:
        async with limit:
            return await Socket.connect("127.0.0.1", servers[index % len(servers)][1], path, key)

    connecting = time.perf_counter()
    sockets = await asyncio.gather(*(connect(index, key) for index, key in enumerate(watchers)))
    print(f"  {len(sockets)} websockets open in {time.perf_counter() - connecting:.1f} s")
    # Every need each client receives, with the moment: a need that arrives twice, or late
    # into the next round, is seen.
    received: dict[str, dict[int, list[float]]] = {}
    expected_total = len(sockets)

    async def read(index: int, sock: Socket) -> None:
        while True:
            event = await sock.receive()
            if event.get("type") == "need":
                received.setdefault(event.get("text", ""), {}).setdefault(index, []).append(
                    time.perf_counter()
                )

    readers = [asyncio.create_task(read(index, sock)) for index, sock in enumerate(sockets)]
    poster = Poster(servers[0][1], lab.pk, poster_session, category.pk)
    loop = asyncio.get_running_loop()
    deliveries, last_arrivals, post_times, texts = [], [], [], []
    for round_number in range(args.needs):
        text = f"Bisogno numero {round_number + 1} del benchmark"
        texts.append(text)
        started = time.perf_counter()
        await loop.run_in_executor(None, poster.post, text)
        post_times.append(time.perf_counter() - started)
        deadline = started + ROUND_TIMEOUT
        while len(received.get(text, {})) < expected_total and time.perf_counter() < deadline:
            await asyncio.sleep(0.005)
        times = [moments[0] - started for moments in received.get(text, {}).values()]
        deliveries.extend(times)
        if times:
            last_arrivals.append(max(times))
        await asyncio.sleep(PAUSE)
    await asyncio.sleep(1)  # anything that would arrive twice, arrives now
    for task in readers:
        task.cancel()
    for sock in sockets:
        sock.close()
    problems = 0
    for text in texts:
        by_client = received.get(text, {})
        problems += expected_total - len(by_client)
        problems += sum(len(moments) - 1 for moments in by_client.values())
    return {
        "deliveries": deliveries,
        "last": last_arrivals,
        "posts": post_times,
        "problems": problems,
    }


def ms(value: float) -> str:
    return f"{value * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--needs", type=int, default=30)
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument(
        "--redis-url", default="", help="the channel layer's Redis; 'own' starts a redis-server"
    )
    parser.add_argument("--server", choices=SERVERS, default="uvicorn")
    parser.add_argument(
        "--settings",
        choices=("production", "test"),
        default="production",
        help="the servers' settings (test: debug off, static files from the apps)",
    )
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if args.servers > 1 and not args.redis_url:
        sys.exit("More than one server needs --redis-url: the in-memory layer is per process.")
    # Two descriptors a websocket on this side, and the servers' own when they inherit it.
    raise_open_files(4 * args.clients + 1024)
    # The servers must read the sessions built here, signed with this key.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    url, label, drop = prepare_database(args.database_url, "bench_labs_wall.sqlite3")
    setup_django(url)
    for name in ("django-q", "django_tasks", "wagtail"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # Only after main()'s setup_django(): Django configured, the project on the path.
    from django.core.management import call_command
    from django.db import connection

    servers = []
    try:
        with redis_for(args.redis_url) as redis_url:
            layer = f"Redis ({redis_url})" if redis_url else "in-memory"
            call_command("migrate", verbosity=0, interactive=False)
            lab, watchers, poster, category = build_lab(args.clients)
            connection.close()
            servers = start_servers(
                args.servers, url, redis_url, args.server, args.settings == "production"
            )
            print(
                f"Lab wall benchmark on {label}, channel layer {layer}: {args.clients} "
                f"websockets over {args.servers} {args.server} process(es) with the "
                f"{args.settings} settings, {args.needs} needs posted through the page"
            )
            result = asyncio.run(run(args, lab, watchers, poster, category, servers))
            # Before their Redis goes away.
            stop([process for process, _port in servers])
    finally:
        stop([process for process, _port in servers])
        if not args.keep:
            connection.close()
            drop()
    deliveries, last, posts = result["deliveries"], result["last"], result["posts"]
    print(f"  POST of a need: p50 {ms(percentile(posts, 0.5))}, p95 {ms(percentile(posts, 0.95))}")
    print(
        f"  each delivery ({len(deliveries):,}): p50 {ms(percentile(deliveries, 0.5))}, "
        f"p95 {ms(percentile(deliveries, 0.95))}, max {ms(max(deliveries, default=0))}"
    )
    print(
        f"  until the last of {args.clients} clients has it: p50 {ms(percentile(last, 0.5))}, "
        f"p95 {ms(percentile(last, 0.95))}, max {ms(max(last, default=0))}"
    )
    if result["problems"]:
        print(f"  FAILED: {result['problems']} missing or repeated deliveries")
        return 1
    print("  every client got every need exactly once")
    return 0


if __name__ == "__main__":
    sys.exit(main())
