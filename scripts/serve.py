#!/usr/bin/env python
"""Runs the ASGI server and the task cluster together; Ctrl-C (or SIGTERM) stops both.

If either process dies, the other is stopped too, so the site never runs silently without
its task worker. Unless the environment says otherwise, both learn the address they serve
(``SITE_URL``, for e-mails, PDFs and tasks) from ``--host`` and ``--port``, and a host other
than this machine's loopback is allowed in (``ALLOWED_HOSTS``, ``CSRF_TRUSTED_ORIGINS``)."""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRACE_SECONDS = 10
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
    ALLOWED_HOSTS and CSRF_TRUSTED_ORIGINS for serving at host:port, each unless given."""
    env = dict(environ)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    args = parser.parse_args()

    env = site_environment(args.host, args.port, os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "wemi_community.settings.dev")
    python = sys.executable
    commands = {
        "web": [
            python,
            "-m",
            "daphne",
            "-b",
            args.host,
            "-p",
            str(args.port),
            "wemi_community.asgi:application",
        ],
        "tasks": [python, str(ROOT / "manage.py"), "qcluster"],
    }
    processes = {name: subprocess.Popen(cmd, cwd=ROOT, env=env) for name, cmd in commands.items()}
    print(
        f"WeMi Community at {env['SITE_URL']}/ (listening on {args.host}:{args.port}, "
        "with its task worker). Ctrl-C stops both.",
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
            if proc.poll() is not None:
                print(f"The {name} process exited ({proc.returncode}); stopping.", flush=True)
                exit_code = proc.returncode or 1
                stopping = True
        time.sleep(0.3)

    for proc in processes.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    for proc in processes.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    print("Stopped.", flush=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
