#!/usr/bin/env python
"""Runs the ASGI server, the task cluster and the task relay (core/outbox.py) together;
Ctrl-C (or SIGTERM from a process manager) stops them all.

On SIGTERM the web server stops taking connections, lets the requests in flight finish (for up
to WEB_DRAIN_SECONDS) and closes the websockets with 1012 ("service restart"), so browsers
reconnect, to another process if there is one; the task cluster finishes the tasks it holds.
Whatever has not stopped after GRACE_SECONDS is killed, so this script exits within a bound.
If any process dies, the others are stopped too, so the site never runs silently without
its task worker. Unless the environment says otherwise, both learn the address they serve
(``SITE_URL``, for e-mails, PDFs and tasks) from ``--host`` and ``--port``, and a host other
than this machine's loopback is allowed in (``ALLOWED_HOSTS``, ``CSRF_TRUSTED_ORIGINS``)."""

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRACE_SECONDS = 10
# The web server's own limit for the requests in flight, inside the grace, so that it exits by
# itself (and says so) rather than being killed.
WEB_DRAIN_SECONDS = 8
LABELS = {"tasks": "the task worker", "relay": "the task relay"}
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Listening on every interface: the address to give out is this machine's on the network.
WILDCARD_HOSTS = {"0.0.0.0", "::", ""}  # noqa: S104 (names to compare, not a bind)


def network_address() -> str | None:
    """This machine's address on its network, or None. Connecting a UDP socket sends
    nothing; it only asks the system which interface would be used."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, never reached
            return sock.getsockname()[0]
    except OSError:
        return None


def site_environment(host: str, port: int | str, environ: dict, *, lan=network_address) -> dict:
    """The environment of the web server and the task worker: ``environ`` plus SITE_URL,
    ALLOWED_HOSTS and CSRF_TRUSTED_ORIGINS for serving at host:port, and MALLOC_ARENA_MAX,
    each unless given."""
    env = dict(environ)
    # glibc gives each thread that allocates a memory arena of its own, and an ASGI server
    # runs each request's view in a thread: two arenas cut a process's memory after a city's
    # load (344 to 320 MB, bench/pages.py) at no measurable cost in speed.
    env.setdefault("MALLOC_ARENA_MAX", "2")
    public = host
    if host in WILDCARD_HOSTS:
        public = lan() or "127.0.0.1"
    netloc = f"[{public}]:{port}" if ":" in public else f"{public}:{port}"
    origin = f"http://{netloc}"
    env.setdefault("SITE_URL", origin)
    if public not in LOOPBACK_HOSTS:
        env.setdefault("ALLOWED_HOSTS", ",".join(["127.0.0.1", "localhost", public]))
        env.setdefault("CSRF_TRUSTED_ORIGINS", origin)
    return env


# The ASGI servers serve.py can run; uvicorn is the default (the fastest serving both pages and
# websockets here, bench/pages.py; and the one that drains on SIGTERM, see below).
SERVERS = ("uvicorn", "granian", "daphne")


class ServeError(Exception):
    """A combination of options the site cannot run with; the message says why."""


def check_workers(workers: int, server: str, environ: dict) -> None:
    """More than one web process needs what the processes share on Redis: without REDIS_URL
    the channel layer and the cache live in each process's memory, so a lab's wall would not
    reach the screens served by another process and a page dropped from one cache would stay
    in the other."""
    if workers < 1:
        raise ServeError("--workers must be at least 1.")
    if workers > 1 and not environ.get("REDIS_URL"):
        raise ServeError(
            f"--workers {workers} needs REDIS_URL: without Redis the channel layer and the cache "
            "are in each process's memory and the processes would not see each other's changes. "
            "Set REDIS_URL, or run one worker."
        )
    if workers > 1 and server == "daphne":
        raise ServeError("daphne runs one process: choose uvicorn or granian for --workers > 1.")


def web_command(
    host: str, port: int | str, python: str, *, workers: int = 1, server: str = "uvicorn"
) -> list[str]:
    app = "wemi_community.asgi:application"
    if server == "granian":
        return [
            python, "-m", "granian", "--interface", "asginl", "--host", host, "--port", str(port),
            "--workers", str(workers), "--workers-kill-timeout", str(WEB_DRAIN_SECONDS),
            "--no-access-log", "--log-level", "warning", app,
        ]  # fmt: skip
    if server == "daphne":
        return [python, "-m", "daphne", "-b", host, "-p", str(port), "-v", "0", app]
    command = [
        python,
        "-m",
        "uvicorn",
        "--host",
        host,
        "--port",
        str(port),
        "--timeout-graceful-shutdown",
        str(WEB_DRAIN_SECONDS),
        # Django's ASGI application has no lifespan events to run.
        "--lifespan",
        "off",
        "--no-access-log",
    ]
    if workers > 1:
        # uvicorn's supervisor forks the workers on one shared socket and passes SIGTERM on:
        # each worker drains its own requests and closes its websockets with 1012.
        command += ["--workers", str(workers)]
    return [*command, app]


def commands(
    host: str,
    port: int | str,
    python: str = sys.executable,
    *,
    workers: int = 1,
    server: str = "uvicorn",
) -> dict[str, list[str]]:
    """The processes to run, by name."""
    manage = str(ROOT / "manage.py")
    found = {
        # uvicorn by default, not daphne: on SIGTERM daphne cancels the requests in flight and
        # drops the websockets without a close frame; uvicorn lets the requests finish and
        # sends 1012.
        "web": web_command(host, port, python, workers=workers, server=server),
        "tasks": [python, manage, "qcluster"],
        # Hands to the queue the tasks its broker refused, once it is back (core/outbox.py).
        "relay": [python, manage, "relay_tasks"],
    }
    return found


def stop_all(processes: dict[str, subprocess.Popen], grace: float = GRACE_SECONDS) -> list[str]:
    """SIGTERM to each process still running, then SIGKILL to the process group of any still
    running after ``grace`` seconds (a task cluster leaves no orphan worker behind). Returns the
    names of the processes that had to be killed."""
    for proc in processes.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    killed = []
    for name, proc in processes.items():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            killed.append(name)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return killed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_WORKERS") or 1),
        help="web processes (about one per core); more than one needs REDIS_URL",
    )
    parser.add_argument(
        "--server", choices=SERVERS, default=os.environ.get("WEB_SERVER") or "uvicorn"
    )
    args = parser.parse_args()

    try:
        check_workers(args.workers, args.server, os.environ)
    except ServeError as error:
        print(error, file=sys.stderr, flush=True)
        return 2
    env = site_environment(args.host, args.port, os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "wemi_community.settings.dev")
    # Each process leads its own process group: a Ctrl-C in the terminal reaches only this
    # script, which stops them in order, and a process that outlives the grace is killed with
    # its own children.
    processes = {
        name: subprocess.Popen(cmd, cwd=ROOT, env=env, process_group=0)
        for name, cmd in commands(
            args.host, args.port, workers=args.workers, server=args.server
        ).items()
    }
    names = " and ".join(LABELS[name] for name in processes if name != "web")
    print(
        f"WeMi Community at {env['SITE_URL']}/ (listening on {args.host}:{args.port}, "
        f"{args.server} with {args.workers} worker(s), with {names}). Ctrl-C stops them all.",
        flush=True,
    )

    stopping = False

    def stop(signum=None, frame=None):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)

    exit_code = 0
    while not stopping:
        for name, proc in processes.items():
            # A process ending after the stop was asked (a signal to the whole group) is no
            # failure.
            if proc.poll() is not None and not stopping:
                print(f"The {name} process exited ({proc.returncode}); stopping.", flush=True)
                exit_code = proc.returncode or 1
                stopping = True
        time.sleep(0.3)

    killed = stop_all(processes)
    if killed:
        print(f"Killed after {GRACE_SECONDS} s: {', '.join(killed)}.", flush=True)
    print("Stopped.", flush=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
