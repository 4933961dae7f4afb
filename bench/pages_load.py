"""The load of bench/pages.py, in a process of its own: locust patches the standard library
with gevent, which the benchmark's own Django must not run under.

Reads a plan as JSON on stdin ({"host", "users", "warmup", "duration", "single_duration",
"pages": [{"name", "url", "cookie"}]}) and writes one JSON line per page on stdout, as soon as
the page is measured (the benchmark reads the server's memory then)."""

from __future__ import annotations

import http.client
import json
import sys
import time
from urllib.parse import urlsplit

import gevent
from locust import FastHttpUser, constant, task
from locust.env import Environment


def measure(host: str, page: dict, users: int, warmup: float, duration: float) -> dict:
    """``users`` clients requesting the page back to back: warm-up, then ``duration`` s timed."""
    queries: list[int] = []
    statuses: dict[str, int] = {}
    headers = {"Cookie": page["cookie"]} if page.get("cookie") else {}

    class Visitor(FastHttpUser):
        wait_time = constant(0)
        # The page alone: a redirect (to the sign-in, say) is a failure, not followed.
        max_redirects = 0

        @task
        def get(self):
            with self.client.get(
                page["url"], headers=headers, name=page["name"], catch_response=True
            ) as response:
                code = str(response.status_code)
                statuses[code] = statuses.get(code, 0) + 1
                if response.status_code != 200:
                    response.failure(f"HTTP {response.status_code}")
                elif response.headers.get("X-Queries"):
                    queries.append(int(response.headers["X-Queries"]))

    Visitor.host = host
    env = Environment(user_classes=[Visitor])
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=max(users, 1) * 10)
    gevent.sleep(warmup)
    env.stats.reset_all()
    queries.clear()
    statuses.clear()
    started = time.monotonic()
    gevent.sleep(duration)
    total = env.stats.total
    elapsed = time.monotonic() - started
    result = {
        "name": page["name"],
        "url": page["url"],
        "users": users,
        "requests": total.num_requests,
        "failures": total.num_failures,
        "statuses": dict(statuses),
        "rps": total.num_requests / elapsed if elapsed else 0.0,
        "p50": total.get_response_time_percentile(0.50) or 0,
        "p95": total.get_response_time_percentile(0.95) or 0,
        "p99": total.get_response_time_percentile(0.99) or 0,
        "queries_max": max(queries) if queries else None,
        "queries_min": min(queries) if queries else None,
    }
    runner.quit()
    env.runner.greenlet.join(timeout=5) if env.runner.greenlet else None
    return result


def settled(host: str, most: float = 15.0) -> None:
    """Waits until the server has worked off the requests the clients left queued when they
    stopped (a slow page under load leaves seconds of them): the floor answers at once again.
    Otherwise the page "alone" would be timed behind its own load."""
    deadline = time.monotonic() + most
    while time.monotonic() < deadline:
        started = time.monotonic()
        connection = http.client.HTTPConnection(urlsplit(host).netloc, timeout=most)
        connection.request("GET", "/__floor__/")
        connection.getresponse().read()
        connection.close()
        if time.monotonic() - started < 0.02:
            return
        gevent.sleep(0.1)


def main() -> int:
    plan = json.load(sys.stdin)
    for page in plan["pages"]:
        loaded = measure(plan["host"], page, plan["users"], plan["warmup"], plan["duration"])
        # The same page from one client at a time: the latency of a request on its own.
        settled(plan["host"])
        alone = measure(plan["host"], page, 1, 0.5, plan["single_duration"])
        loaded["single_p95"] = alone["p95"]
        loaded["single_failures"] = alone["failures"]
        print(json.dumps(loaded), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
