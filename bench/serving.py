"""What the benchmarks that go through a real server share: the production settings in the
environment, the web server started as scripts/serve.py starts it (uvicorn) or with daphne,
a redis-server of the run's own, and a higher limit of open files for thousands of sockets."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT

SERVERS = ("uvicorn", "daphne")


def raise_open_files(wanted: int) -> int:
    """The soft limit of open files raised towards ``wanted`` (never above the hard limit);
    returns the limit in force. A thousand websockets are a thousand descriptors on each end."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    return soft


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"The server on port {port} exited") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"The server on port {port} did not start") from None
            time.sleep(0.2)


def environment(
    database_url: str,
    redis_url: str,
    *,
    production: bool = True,
    settings_module: str = "wemi_community.settings.production",
    secret_key: str = "",
) -> dict:
    """The web server's environment: production settings (or ``settings_module`` built on
    them; the benchmark's own secret key, which signed the sessions it built; plain HTTP on the
    loopback) or the test settings.
    The connections are the production settings' (a pool per web process on PostgreSQL,
    none kept by the task worker)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"REDIS_URL", "SITE_URL", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"}
    }
    # The task worker sends what the city's data asks for (reminders, digests): nowhere, and
    # not printed on the console between the figures.
    env.update(
        DATABASE_URL=database_url,
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    if production:
        if not secret_key:
            from django.conf import settings

            secret_key = settings.SECRET_KEY
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": settings_module,
                "SECRET_KEY": secret_key,
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                # No TLS proxy in front of the benchmark: plain HTTP on the loopback.
                "SECURE_SSL_REDIRECT": "false",
                "SECURE_HSTS_SECONDS": "0",
                "Q_CLUSTER_NAME": "wemi-bench",
            }
        )
    else:
        env["DJANGO_SETTINGS_MODULE"] = "wemi_community.settings.test"
    return env


def _static_outdated(static_root: Path) -> bool:
    """Whether the collected files (the manifest the production storage reads) are missing or
    older than a source file."""
    manifest = static_root / "staticfiles.json"
    if not manifest.exists():
        return True
    collected = manifest.stat().st_mtime
    for folder in ROOT.glob("*/**/static"):
        if ".venv" in folder.parts or "var" in folder.parts:
            continue
        for source in folder.rglob("*"):
            if source.is_file() and source.stat().st_mtime > collected:
                return True
    return False


def collect_static(env: dict, static_root: Path = ROOT / "var" / "static") -> None:
    """The production settings serve the hashed static files (WhiteNoise's manifest): they are
    collected, as a deployment would, before the first page renders, and only when a source
    changed since (collecting takes minutes on a busy machine)."""
    if not _static_outdated(static_root):
        return
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def _serve_commands():
    spec = importlib.util.spec_from_file_location("wemi_serve", ROOT / "scripts" / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.commands


def web_command(kind: str, port: int, workers: int = 1) -> list[str]:
    """The web server's command line: uvicorn exactly as scripts/serve.py runs it (plus
    ``--workers`` when more than one), or daphne."""
    if kind == "uvicorn":
        command = list(_serve_commands()("127.0.0.1", port, python=sys.executable)["web"])
        if workers > 1:
            command[-1:-1] = ["--workers", str(workers)]
        return command
    if kind == "daphne":
        if workers > 1:
            sys.exit("daphne runs one process: use --servers for more.")
        return [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "-v",
            "0",
            "wemi_community.asgi:application",
        ]
    sys.exit(f"Unknown server {kind!r}: one of {', '.join(SERVERS)}")


def start_web(kind: str, env: dict, *, workers: int = 1) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(web_command(kind, port, workers), cwd=ROOT, env=env)
    return process, port


def stop(processes) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def own_redis():
    """A redis-server of the run's own on a free port (no persistence); yields its URL."""
    server = shutil.which("redis-server")
    if server is None:
        sys.exit("redis-server is not installed: pass --redis-url instead of 'own'.")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="wemi-bench-redis-") as directory:
        process = subprocess.Popen(
            [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly"]
            + ["no", "--dir", directory, "--maxclients", "20000"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for_port(port, process, timeout=10)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            stop([process])


@contextlib.contextmanager
def redis_for(url: str):
    """``url`` as given; "own" starts a redis-server of the run's own; "" means none."""
    if url == "own":
        with own_redis() as own:
            yield own
    else:
        yield url
