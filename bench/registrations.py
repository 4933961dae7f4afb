#!/usr/bin/env python
"""Benchmark of a rush on one event: 2,000 people registering over HTTP for 100 seats.

    .venv/bin/python bench/registrations.py                          # SQLite, no Redis
    .venv/bin/python bench/registrations.py --redis-url own \\
        --database-url postgres://postgres@127.0.0.1:5432/wemi_bench_registrations

It builds a fresh database of its own (common.py) with one event of --seats seats (one seat a
registration) and --people residents, each already signed in (a session row as the sign-in
page would have written; residents need no second factor), then serves the site with the
production settings and the production server (uvicorn as scripts/serve.py runs it, or
daphne) and lets --concurrency clients (threads) register everyone at once, each doing what
the event's page does: GET the page (the CSRF cookie and the form), then POST the form. It
prints the total time, the requests per second, p50/p95/max of each registration (GET + POST)
and of the POSTs alone, the HTTP statuses, and checks the database: exactly --seats
confirmed, everyone else on the waitlist, one registration per person, the event's counters
matching its rows.
The exit code is 1 on overbooking, on any error (a 5xx, a connection that failed, an answer
other than the form's redirect) or on counters that disagree."""

from __future__ import annotations

import argparse
import datetime
import http.client
import logging
import os
import queue
import re
import secrets
import sys
import threading
import time
from collections import Counter
from types import SimpleNamespace
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

CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def build_event(people: int, seats: int):
    """One event in five days with ``seats`` seats, one seat a registration; ``people``
    residents with a session each. Returns (event id, session keys)."""
    # Only after main()'s setup_django(): Django configured, the project on the path.
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from events import services
    from spaces_pages.demo import seed_spaces
    from spaces_pages.models import HomePage
    from spaces_pages.services import space_groups_ensure
    from wemi_community.accounts import mfa
    from wemi_community.core.milan import in_rome

    User = get_user_model()
    space = seed_spaces(HomePage.objects.get(locale__language_code="it"))[0]
    coordinator = User.objects.create_user(
        email="coordinatrice@bench.example", display_name="Coordinatrice"
    )
    coordinator.groups.add(space_groups_ensure(space=space).coordination)
    day = timezone.localdate() + datetime.timedelta(days=5)
    event = services.event_create(
        actor=coordinator,
        space=space,
        data={
            "title": "Concerto in cortile",
            "description": "Posti limitati: iscriversi.",
            "category": "workshop",
            "audience": "everyone",
            "place_kind": "space",
            "registration_required": True,
            "capacity": seats,
            "max_seats_per_registration": 1,
            "price": "0",
            "organiser_kind": "space",
            "starts_at": in_rome(day, datetime.time(18)),
            "ends_at": in_rome(day, datetime.time(20)),
        },
    )[0]
    # Residents sign in by e-mail link or SPID: no password of their own (one unusable hash,
    # computed once, for all of them).
    unusable = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"residente{n}@bench.example",
            display_name=f"Residente {n}",
            nickname=f"residente{n}",
            password=unusable,
        )
        for n in range(people)
    )
    expires = timezone.now() + datetime.timedelta(days=1)
    store = SessionStore()
    sessions = []
    for user in users:
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        # What the sign-in also writes: the second factor's state (none needed).
        mfa.on_sign_in(None, SimpleNamespace(session=data), user)
        sessions.append(
            Session(
                session_key=store._get_new_session_key(),
                session_data=store.encode(data),
                expire_date=expires,
            )
        )
    Session.objects.bulk_create(sessions, batch_size=500)
    return event.pk, [session.session_key for session in sessions]


# --- The rush ------------------------------------------------------------------------------------


def _cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


class Browser:
    """One client's keep-alive connection; cookies are sent by hand (the production cookies
    are Secure, which a cookie jar would keep off plain HTTP)."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, cookies: dict, body: str = "", headers=None):
        headers = {"Cookie": _cookie_header(cookies), **(headers or {})}
        try:
            self.connection.request(method, path, body=body or None, headers=headers)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            # The server closed a kept-alive connection between two requests: a new one.
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.connection.request(method, path, body=body or None, headers=headers)
            response = self.connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data, response.getheader("Location", "")


def rush(port: int, event_id: int, sessions: list[str], concurrency: int) -> dict:
    """``concurrency`` threads, each one client, take the people from a shared queue and
    register them as the page's form does; started together."""
    page, action = f"/eventi/{event_id}/", f"/eventi/{event_id}/iscriviti/"
    people: queue.SimpleQueue[str] = queue.SimpleQueue()
    for key in sessions:
        people.put(key)
    statuses: Counter[str] = Counter()
    registrations, posts, failures = [], [], []
    lock = threading.Lock()
    start = threading.Barrier(concurrency + 1)

    def client_loop() -> None:
        browser = Browser(port)
        start.wait()
        while True:
            try:
                key = people.get_nowait()
            except queue.Empty:
                browser.connection.close()
                return
            cookies = {"sessionid": key}
            started = time.perf_counter()
            try:
                status, data, _location = browser.request("GET", page, cookies)
                token = CSRF_FIELD.search(data)
                with lock:
                    statuses[f"GET {status}"] += 1
                if status != 200 or token is None:
                    with lock:
                        failures.append(f"GET {status} without the form")
                    continue
                posted = time.perf_counter()
                status, data, location = browser.request(
                    "POST",
                    action,
                    cookies,
                    urlencode({"csrfmiddlewaretoken": token.group(1).decode(), "seats": "1"}),
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Referer": f"http://127.0.0.1:{port}{page}",
                    },
                )
                done = time.perf_counter()
                with lock:
                    statuses[f"POST {status}"] += 1
                    # The form's answer: back to the event's page (not to the sign-in).
                    if status == 302 and location.startswith(page):
                        registrations.append(done - started)
                        posts.append(done - posted)
                    else:
                        failures.append(f"POST {status} to {location!r}: {data[:120]!r}")
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    statuses[type(error).__name__] += 1
                    failures.append(repr(error))
                browser.connection.close()
                browser = Browser(port)

    threads = [threading.Thread(target=client_loop) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    start.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return {
        "elapsed": time.perf_counter() - started,
        "statuses": statuses,
        "registrations": registrations,
        "posts": posts,
        "failures": failures,
    }


def check(event_id: int, people: int, seats: int) -> list[str]:
    """What the database says after the rush; the list of problems (empty when right)."""
    from django.db.models import Count, Sum

    from events.models import Event, Registration

    problems = []
    event = Event.objects.get(pk=event_id)
    rows = Registration.objects.filter(event_id=event_id)
    by_state = dict(rows.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    seats_by_state = dict(
        rows.values_list("state").annotate(n=Sum("seats")).values_list("state", "n")
    )
    confirmed = by_state.get(Registration.State.CONFIRMED, 0)
    waitlisted = by_state.get(Registration.State.WAITLISTED, 0)
    print(f"  registrations by state: {dict(sorted(by_state.items()))}")
    print(
        f"  event counters: seats_taken {event.seats_taken}, waitlist_seats "
        f"{event.waitlist_seats} (capacity {event.capacity})"
    )
    if confirmed > seats:
        problems.append(f"OVERBOOKED: {confirmed} confirmed for {seats} seats")
    elif confirmed < seats:
        problems.append(f"only {confirmed} confirmed for {seats} seats")
    if waitlisted != people - seats:
        problems.append(f"{waitlisted} on the waitlist, {people - seats} expected")
    duplicates = rows.values("user_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    if duplicates:
        problems.append(f"{duplicates} people registered more than once")
    if rows.values("user_id").distinct().count() != people:
        problems.append("not everyone has a registration")
    if event.seats_taken != seats_by_state.get(Registration.State.CONFIRMED, 0):
        problems.append("seats_taken disagrees with the confirmed rows")
    if event.waitlist_seats != seats_by_state.get(Registration.State.WAITLISTED, 0):
        problems.append("waitlist_seats disagrees with the waitlisted rows")
    return problems


def ms(value: float) -> str:
    return f"{value * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--seats", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--server", choices=SERVERS, default="uvicorn")
    parser.add_argument("--workers", type=int, default=2, help="server processes (uvicorn)")
    parser.add_argument("--database-url", default="")
    parser.add_argument(
        "--redis-url", default="", help="Redis for cache and queue; 'own' starts a redis-server"
    )
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    raise_open_files(4 * args.concurrency + 1024)
    # The server runs with the production settings and must read the sessions built here.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    url, label, drop = prepare_database(args.database_url, "bench_registrations.sqlite3")
    setup_django(url)
    for name in ("django-q", "django_tasks", "wagtail"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # Only after main()'s setup_django(): Django configured, the project on the path.
    from django.core.management import call_command
    from django.db import connection

    processes = []
    try:
        with redis_for(args.redis_url) as redis_url:
            call_command("migrate", verbosity=0, interactive=False)
            built = time.perf_counter()
            event_id, sessions = build_event(args.people, args.seats)
            built = time.perf_counter() - built
            connection.close()
            env = environment(url, redis_url)
            collect_static(env)
            process, port = start_web(args.server, env, workers=args.workers)
            processes.append(process)
            wait_for_port(port, process)
            layer = f"Redis ({redis_url})" if redis_url else "no Redis"
            print(
                f"Registration rush on {label}, {layer}: {args.people} people for "
                f"{args.seats} seats, {args.concurrency} concurrent clients, {args.server} "
                f"with {args.workers} worker(s), production settings "
                f"(people and sessions built in {built:.1f} s)"
            )
            result = rush(port, event_id, sessions, args.concurrency)
            stop(processes)
            processes = []
            problems = check(event_id, args.people, args.seats)
    finally:
        stop(processes)
        if not args.keep:
            connection.close()
            drop()
    done, posts = result["registrations"], result["posts"]
    requests = sum(n for key, n in result["statuses"].items() if key.startswith(("GET", "POST")))
    print(
        f"  {len(done)} registrations in {result['elapsed']:.1f} s: "
        f"{len(done) / result['elapsed']:.0f} registrations/s, "
        f"{requests / result['elapsed']:.0f} requests/s"
    )
    print(
        f"  each registration (GET + POST): p50 {ms(percentile(done, 0.5))}, "
        f"p95 {ms(percentile(done, 0.95))}, max {ms(max(done, default=0))}"
    )
    print(
        f"  each POST: p50 {ms(percentile(posts, 0.5))}, p95 {ms(percentile(posts, 0.95))}, "
        f"max {ms(max(posts, default=0))}"
    )
    print(f"  HTTP: {dict(sorted(result['statuses'].items()))}")
    if result["failures"]:
        problems.append(f"{len(result['failures'])} failed requests, e.g. {result['failures'][0]}")
    for problem in problems:
        print(f"  FAILED: {problem}")
    if problems:
        return 1
    print(f"  {args.seats} confirmed, {args.people - args.seats} waitlisted, 0 errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
