#!/usr/bin/env python
"""Benchmark of the site's pages under load, against the framework's own floor.

    .venv/bin/python bench/pages.py                           # demo data, SQLite, 1 worker
    .venv/bin/python bench/pages.py \\
        --database-url postgres://postgres@127.0.0.1:5432/wemi_bench_pages \\
                                    --redis-url redis://127.0.0.1:6379/9
    .venv/bin/python bench/pages.py --data city               # seed_demo --city
    .venv/bin/python bench/pages.py --database-file var/bench/city.sqlite3   # reuse, no seeding

It builds a fresh database of its own (common.py), loads the demo (or the city), collects the
static files, and starts the site with the production settings through scripts/serve.py (the
production server, its task worker and relay), with bench/pages_site on top: a floor view,
``/__floor__/`` (12 KB of HTML, no database), and the query count of each request in a header.
Then, page after page, ``--users`` concurrent clients (locust, headless, in a process of its
own: bench/pages_load.py) request the page back to back, a warm-up and ``--duration`` seconds
timed; then one client alone, for the latency of a request on its own. The floor is measured
first, from the same server in the same run.

It prints per page the requests per second, the ratio to the floor, p50/p95/p99 under load,
p95 alone, the failures, the queries per request, and the memory of the server's web processes
after the page; then the goals of the issue, met or not (they do not change the exit code).
The exit code is 1 if a page did not answer 200, or if the page of a proposal still showed the
old count after a household joined it through the site (a stale page).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import http.client
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from common import ROOT, _refuse_unless_bench, percentile, prepare_database
from serving import collect_static, environment, free_port

SETTINGS = "bench.pages_site.settings"
GOAL_ANONYMOUS = 1 / 3
GOAL_SIGNED_IN = 1 / 6
GOAL_P95_MS = 50
GOAL_QUERIES = 15
GOAL_RSS_MB = 300


# --- The site: database, settings, server ------------------------------------------------------


def manage(env: dict, *arguments: str) -> None:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        sys.exit(f"manage.py {' '.join(arguments)} failed")
    print(f"  manage.py {' '.join(arguments)}: {time.monotonic() - started:.1f} s", flush=True)


def flush_redis(url: str) -> None:
    """The benchmark's Redis database starts empty (no page cached by an earlier run)."""
    db = urlsplit(url).path.lstrip("/") or "0"
    if db == "0":
        sys.exit("Refusing to flush Redis db 0: give the benchmark a database of its own (/9).")
    import redis

    redis.Redis.from_url(url).flushdb()


def start_site(env: dict, port: int, workers: int, server: str) -> subprocess.Popen:
    command = [sys.executable, "scripts/serve.py", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(workers), "--server", server]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            status, _headers, _body = get(port, "/healthz")
            if status == 200:
                return process
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop_site(process)
            sys.exit("The site did not start")
        time.sleep(0.3)


def stop_site(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def descendants(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found + [d for child in found for d in descendants(child)]


def web_processes(site: subprocess.Popen) -> list[int]:
    """The server's processes (a supervisor and its workers), not the task worker or relay."""
    web = []
    for pid in descendants(site.pid):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"qcluster" not in cmdline and b"relay_tasks" not in cmdline:
            web.append(pid)
    return web


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# --- HTTP, for the checks -----------------------------------------------------------------------


def get(port: int, path: str, cookie: str = "", method: str = "GET", body: bytes = b""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    return response.status, response.headers, payload


# --- The pages ----------------------------------------------------------------------------------


def setup_django(env: dict) -> None:
    for key in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"):
        os.environ[key] = env[key]
    for key in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "REDIS_URL"):
        if key in env:
            os.environ[key] = env[key]
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def session_cookie(user, *, second_factor: bool = False) -> str:
    """A signed-in session made in the database, as the sign-in would (staff sign in with a
    second factor: their session carries their confirmed device)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if second_factor:
        device = next(iter(devices_for_user(user, confirmed=True)), None)
        if device is not None:
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return f"sessionid={session.session_key}"


def candidates() -> dict:
    """Per kind of page, a few URLs to try (the first that answers 200 anonymously is kept)."""
    from django.urls import reverse
    from wagtail.models import Page

    from events.models import Event
    from labs.models import Lab
    from proposals.models import Proposal
    from shared_services.models import SharedService
    from spaces_pages.models import HomePage, SpaceIndexPage, SpacePage
    from volunteering.models import Opportunity

    def first(queryset, n=8):
        return [obj.get_absolute_url() for obj in queryset.order_by("pk")[:n]]

    def pages(model):
        return [
            page.url
            for page in model.objects.live().public().filter(locale__language_code="it")[:3]
        ]

    found = {
        "home": pages(HomePage),
        "spaces": pages(SpaceIndexPage),
        "space": pages(SpacePage),
        "proposals": [reverse("proposals:list")],
        "proposal": first(Proposal.objects.filter(state=Proposal.State.GATHERING)),
        "events": [reverse("events:list")],
        "event": first(Event.objects.all()),
        "volunteering": [reverse("volunteering:list")],
        "opportunity": first(Opportunity.objects.all()),
        "labs": [reverse("labs:list")],
        "lab": first(Lab.objects.all()),
        "service": first(SharedService.objects.all()),
        "search": [reverse("search") + "?q=doposcuola"],
        "observatory": [reverse("observatory:index")],
        "open data": ["/dati-aperti/"],
    }
    # Any other kind of public Wagtail page (a standard page, the catalogue), one of each.
    seen = {HomePage, SpaceIndexPage, SpacePage}
    for page in Page.objects.live().public().filter(depth__gt=2, locale__language_code="it"):
        model = page.specific_class
        if model is not None and model not in seen:
            seen.add(model)
            found[model._meta.verbose_name.lower()] = [page.url]
    return found


def signed_in_pages() -> list[tuple[str, str, str]]:
    """(name, URL, cookie) of a resident's and a coordinator's pages."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from events.models import Event
    from wemi_community.accounts.demo import demo_email

    users = get_user_model().objects
    resident = users.get(email=demo_email("residente"))
    coordinator = users.get(email=demo_email("coordinatrice"))
    mine = session_cookie(resident)
    theirs = session_cookie(coordinator, second_factor=True)
    rows = [
        ("resident: profile", reverse("accounts:profile"), mine),
        ("resident: notifications", reverse("notifications:list"), mine),
        ("resident: my proposals", reverse("proposals:mine"), mine),
        ("resident: my events", reverse("events:mine"), mine),
        ("resident: my volunteering", reverse("volunteering:mine"), mine),
        ("resident: proposals", reverse("proposals:list"), mine),
        ("coordinator: admin", "/admin/", theirs),
        ("coordinator: hours to review", reverse("volunteering:hours_review"), theirs),
        ("coordinator: proposals", reverse("proposals:list"), theirs),
    ]
    # An event of the coordinator's space: the first whose list of registrations opens.
    events = Event.objects.order_by("pk").values_list("pk", flat=True)[:30]
    rows.append(
        (
            "coordinator: registrations",
            [reverse("events:registrations", args=[pk]) for pk in events],
            theirs,
        )
    )
    return rows


def first_answering(port: int, name: str, urls: list[str], cookie: str, failures: list[str]):
    """The first URL answering 200. One that answers otherwise (a private lab, a redirect to a
    profile to fill in) is skipped, and said; a server error is a failure."""
    answers = []
    for url in urls:
        status = get(port, url, cookie)[0]
        if status == 200:
            return url
        answers.append(f"{url} {status}")
        if status >= 500:
            failures.append(f"{name}: {url} answered {status}")
    print(f"  skipped {name}: {', '.join(answers[:3]) or 'nothing to request'}", flush=True)
    return None


# --- The stale-page check -----------------------------------------------------------------------

PROGRESS = re.compile(rb'<progress class="wemi-progress" max="\d+" value="(\d+)"')


def stale_check(port: int, proposal_url: str) -> str | None:
    """A household joins the proposal through the site; the next anonymous request of the
    proposal's page must show the new count. Returns the failure, or None."""
    from django.contrib.auth import get_user_model

    status, _h, before_page = get(port, proposal_url)
    before = PROGRESS.search(before_page)
    if status != 200 or before is None:
        return f"{proposal_url}: no count on the page before the join (HTTP {status})"
    person = get_user_model().objects.create_user(
        email=f"adesione.{secrets.token_hex(4)}@bench.example",
        display_name="Famiglia del benchmark",
    )
    csrf = secrets.token_hex(16)  # a CSRF secret of our own, as the cookie would carry it
    cookie = f"{session_cookie(person)}; csrftoken={csrf}"
    status, headers, answer = get(
        port,
        proposal_url + "ci-sto/",
        cookie=cookie,
        method="POST",
        body=f"csrfmiddlewaretoken={csrf}&household_size=2".encode(),
    )
    if status != 302:
        return f"{proposal_url}ci-sto/: the join answered HTTP {status}"
    status, _h, after_page = get(port, proposal_url)
    after = PROGRESS.search(after_page)
    if after is None or int(after.group(1)) != int(before.group(1)) + 1:
        shown = after.group(1).decode() if after else "nothing"
        return (
            f"{proposal_url}: {before.group(1).decode()} households before the join, {shown} after"
        )
    return None


# --- The websockets ---------------------------------------------------------------------------


async def _open_socket(port: int, path: str, cookie: str) -> tuple:
    """A websocket as a browser opens it: the handshake's time, and whether it was accepted."""
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write(
        (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            f"Origin: http://127.0.0.1:{port}\r\nCookie: {cookie}\r\n\r\n"
        ).encode()
    )
    await writer.drain()
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
    elapsed = time.perf_counter() - started
    accepted = b" 101 " in head.split(b"\r\n", 1)[0]
    # Held open until every client has connected: the server holds them all at once.
    return elapsed, accepted, writer


def websocket_check(port: int, cookie: str, count: int) -> dict:
    """``count`` signed-in websockets (/ws/me/, the live notifications) opened at once."""

    async def run():
        opened = await asyncio.gather(
            *(_open_socket(port, "/ws/me/", cookie) for _ in range(count)),
            return_exceptions=True,
        )
        times, refused = [], 0
        for result in opened:
            if isinstance(result, BaseException) or not result[1]:
                refused += 1
            else:
                times.append(result[0] * 1000)
            if not isinstance(result, BaseException):
                result[2].close()
        return times, refused

    started = time.perf_counter()
    times, refused = asyncio.run(run())
    return {
        "sockets": count,
        "refused": refused,
        "seconds": time.perf_counter() - started,
        "p50": percentile(times, 0.5),
        "p95": percentile(times, 0.95),
    }


# --- The run ------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", choices=["demo", "city"], default="demo")
    parser.add_argument("--database-url", default="")
    parser.add_argument(
        "--database-file", default="", help="an SQLite file already loaded: reused, not seeded"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="with --database-url: already loaded, no seeding"
    )
    parser.add_argument(
        "--redis-url", default="", help="cache, channel layer and task broker on Redis"
    )
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--single-duration", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--server", default="uvicorn", choices=["uvicorn", "daphne", "granian"])
    parser.add_argument("--sockets", type=int, default=100, help="websockets to open at once")
    parser.add_argument(
        "--only",
        default="",
        help="only the pages whose name contains one of these (comma-separated)",
    )
    parser.add_argument("--json", default="", help="also write the results to this file")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    drop = None
    if args.database_file:
        path = Path(args.database_file).resolve()
        _refuse_unless_bench(path.name)
        url, label, seed = f"sqlite:///{path}", f"SQLite ({args.database_file}, reused)", False
    elif args.reuse:
        name = urlsplit(args.database_url).path.lstrip("/")
        _refuse_unless_bench(name)
        url, label, seed = args.database_url, f"{args.database_url} (reused)", False
    else:
        url, label, drop = prepare_database(args.database_url, f"bench_pages_{args.data}.sqlite3")
        seed = True
    if args.redis_url:
        flush_redis(args.redis_url)
    secret_key = os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50)
    env = environment(url, args.redis_url, settings_module=SETTINGS, secret_key=secret_key)
    print(f"Database: {label}; Redis: {args.redis_url or 'none (in-memory cache)'}", flush=True)
    # A reused database gets the migrations it lacks (indexes added since it was loaded).
    manage(env, "migrate", "--noinput")
    if seed:
        manage(env, "seed_demo", *(["--city"] if args.data == "city" else []))
    collect_static(env, ROOT / "var" / "bench" / "static")
    setup_django(env)

    port = free_port()
    site = start_site(env, port, args.workers, args.server)
    failures: list[str] = []
    results: list[dict] = []
    websockets = None
    try:
        # The anonymous pages: the first candidate of each kind that answers 200.
        plan_pages = [
            {
                "name": "floor (bare Django view)",
                "url": "/__floor__/",
                "cookie": "",
                "kind": "floor",
            }
        ]
        proposal_url = None
        for kind, urls in candidates().items():
            chosen = first_answering(port, kind, urls, "", failures)
            if chosen is None:
                continue
            if kind == "proposal":
                proposal_url = chosen
            for lang, prefix in (("it", ""), ("en", "/en")):
                plan_pages.append(
                    {
                        "name": f"{kind} ({lang})",
                        "url": prefix + chosen,
                        "cookie": "",
                        "kind": "anonymous",
                    }
                )
        signed_in = signed_in_pages()
        resident_cookie = signed_in[0][2]
        for name, urls, cookie in signed_in:
            urls = [urls] if isinstance(urls, str) else urls
            chosen = first_answering(port, name, urls, cookie, failures)
            if chosen is None:
                continue
            plan_pages.append({"name": name, "url": chosen, "cookie": cookie, "kind": "signed in"})
        if args.only:
            wanted = [part.strip() for part in args.only.split(",") if part.strip()]
            plan_pages = [
                p for p in plan_pages if p["kind"] == "floor" or any(w in p["name"] for w in wanted)
            ]

        plan = {
            "host": f"http://127.0.0.1:{port}",
            "users": args.users,
            "warmup": args.warmup,
            "duration": args.duration,
            "single_duration": args.single_duration,
            "pages": plan_pages,
        }
        print(
            f"\n{args.server}, {args.workers} worker(s); {args.users} clients, "
            f"{args.warmup:g} s warm-up + {args.duration:g} s per page, then 1 client "
            f"{args.single_duration:g} s\n",
            flush=True,
        )
        load = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "pages_load.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        load.stdin.write(json.dumps(plan))
        load.stdin.close()
        kinds = {p["url"] + p["cookie"]: p["kind"] for p in plan_pages}
        floor = None
        header = (
            f"{'page':34} {'rps':>7} {'/floor':>6} {'p50':>5} {'p95':>5} {'p99':>5} "
            f"{'p95 1':>6} {'fail':>5} {'queries':>8} {'RSS MB':>7}"
        )
        print(header + "\n" + "-" * len(header), flush=True)
        for line in load.stdout:
            row = json.loads(line)
            page = next(p for p in plan_pages if p["name"] == row["name"])
            row["kind"] = kinds[page["url"] + page["cookie"]]
            web = web_processes(site)
            row["rss"] = [round(rss_mb(pid), 1) for pid in web]
            if row["kind"] == "floor":
                floor = row["rps"]
            row["ratio"] = row["rps"] / floor if floor else 0.0
            q = row["queries_max"]
            queries = (
                "-"
                if q is None
                else (f"{q}" if q == row["queries_min"] else f"{row['queries_min']}-{q}")
            )
            print(
                f"{row['name'][:34]:34} {row['rps']:7.1f} {row['ratio']:6.2f} {row['p50']:5.0f} "
                f"{row['p95']:5.0f} {row['p99']:5.0f} {row['single_p95']:6.0f} "
                f"{row['failures'] + row['single_failures']:5d} {queries:>8} "
                f"{max(row['rss'] or [0]):7.0f}",
                flush=True,
            )
            if row["failures"] or row["single_failures"]:
                failures.append(f"{row['name']} {row['url']}: answers {row['statuses']}")
            results.append(row)
        if load.wait():
            failures.append("the load process failed")

        if proposal_url:
            stale = stale_check(port, proposal_url)
            print(
                f"\nStale-page check (a join through the site, then {proposal_url} anonymously): "
                f"{'ok' if stale is None else 'FAILED: ' + stale}"
            )
            if stale:
                failures.append(stale)
        if args.sockets:
            ws = websocket_check(port, resident_cookie, args.sockets)
            print(
                f"Websockets: {ws['sockets']} signed-in /ws/me/ opened at once in "
                f"{ws['seconds']:.2f} s, handshake p50 {ws['p50']:.0f} ms, p95 {ws['p95']:.0f} ms, "
                f"{ws['refused']} refused"
            )
            if ws["refused"]:
                failures.append(f"{ws['refused']} of {ws['sockets']} websockets refused")
            websockets = ws
        web = web_processes(site)
        memory = [round(rss_mb(pid), 1) for pid in web]
    finally:
        stop_site(site)
        if drop and not args.keep:
            drop()

    print_goals(results, memory)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "server": args.server,
                    "workers": args.workers,
                    "rows": results,
                    "rss": memory,
                    "websockets": websockets,
                },
                indent=1,
            )
        )
    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures))
        return 1
    return 0


def print_goals(results: list[dict], memory: list[float]) -> None:
    def mark(ok: bool) -> str:
        return "✓" if ok else "✗"

    def worst(rows, key, reverse=False):
        rows = [r for r in rows if r.get(key) is not None]
        return sorted(rows, key=lambda r: r[key], reverse=reverse)[0] if rows else None

    anonymous = [r for r in results if r["kind"] == "anonymous"]
    signed = [r for r in results if r["kind"] == "signed in"]
    pages = anonymous + signed
    print("\nGoals (they do not change the exit code):")
    for label, rows, goal in (
        ("anonymous pages", anonymous, GOAL_ANONYMOUS),
        ("signed-in pages", signed, GOAL_SIGNED_IN),
    ):
        if rows:
            low = worst(rows, "ratio")
            met = sum(r["ratio"] >= goal for r in rows)
            print(
                f"  {mark(met == len(rows))} {label} at least 1/{round(1 / goal)} of the floor: "
                f"{met}/{len(rows)} pages; lowest {low['ratio']:.2f} ({low['name']})"
            )
    if pages:
        slow = worst(pages, "single_p95", reverse=True)
        met = sum(r["single_p95"] < GOAL_P95_MS for r in pages)
        print(
            f"  {mark(met == len(pages))} single-request p95 under {GOAL_P95_MS} ms: "
            f"{met}/{len(pages)} pages; "
            f"slowest {slow['single_p95']:.0f} ms ({slow['name']})"
        )
        most = worst(pages, "queries_max", reverse=True)
        if most:
            met = sum((r["queries_max"] or 0) <= GOAL_QUERIES for r in pages)
            print(
                f"  {mark(met == len(pages))} at most {GOAL_QUERIES} queries per page: "
                f"{met}/{len(pages)} pages; "
                f"most {most['queries_max']} ({most['name']})"
            )
    if memory:
        print(
            f"  {mark(max(memory) < GOAL_RSS_MB)} server process under {GOAL_RSS_MB} MB "
            "after the run: "
            f"{', '.join(f'{m:.0f}' for m in memory)} MB"
        )


if __name__ == "__main__":
    sys.exit(main())
