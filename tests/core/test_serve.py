"""`make run` starts the web server and the task worker together; Ctrl-C stops both. Both
learn the address they serve (SITE_URL) from the host and port, unless it is given."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]


serve = load_script("serve")


def test_site_url_follows_the_port_served():
    env = serve.site_environment("127.0.0.1", 8765, {"PATH": "/bin"})
    assert env["SITE_URL"] == "http://127.0.0.1:8765"
    assert env["PATH"] == "/bin"
    assert env["MALLOC_ARENA_MAX"] == "2"
    # The loopback is allowed already; nothing else is added.
    assert "ALLOWED_HOSTS" not in env and "CSRF_TRUSTED_ORIGINS" not in env


def test_a_given_site_url_and_hosts_are_kept():
    given = {
        "SITE_URL": "https://wemi.example",
        "ALLOWED_HOSTS": "wemi.example",
        "CSRF_TRUSTED_ORIGINS": "https://wemi.example",
        "MALLOC_ARENA_MAX": "4",
    }
    assert serve.site_environment("10.0.0.5", 8765, given) == given


def test_another_host_is_allowed_in():
    env = serve.site_environment("192.168.1.20", "8765", {})
    assert env["SITE_URL"] == "http://192.168.1.20:8765"
    assert env["ALLOWED_HOSTS"].split(",") == ["127.0.0.1", "localhost", "192.168.1.20"]
    assert env["CSRF_TRUSTED_ORIGINS"] == "http://192.168.1.20:8765"


def test_every_interface_gives_out_the_network_address():
    env = serve.site_environment("0.0.0.0", 8765, {}, lan=lambda: "192.168.1.20")  # noqa: S104
    assert env["SITE_URL"] == "http://192.168.1.20:8765"
    assert "192.168.1.20" in env["ALLOWED_HOSTS"].split(",")
    # Without a network, this machine's own address.
    assert serve.site_environment("::", 8765, {}, lan=lambda: None)["SITE_URL"] == (
        "http://127.0.0.1:8765"
    )


def test_an_ipv6_host_is_bracketed():
    assert serve.site_environment("::1", 8765, {})["SITE_URL"] == "http://[::1]:8765"


def test_the_web_server_the_task_worker_and_the_task_relay_run_together():
    commands = serve.commands("127.0.0.1", 8765)
    assert set(commands) == {"web", "tasks", "relay"}
    assert commands["tasks"][-1] == "qcluster"
    assert commands["relay"][-1] == "relay_tasks"


def test_the_web_server_drains_within_the_grace():
    web = serve.commands("127.0.0.1", 8765)["web"]
    drain = int(web[web.index("--timeout-graceful-shutdown") + 1])
    assert 0 < drain < serve.GRACE_SECONDS


def test_a_process_outliving_the_grace_is_killed_with_its_children(tmp_path):
    # A shell that ignores SIGTERM and has a child of its own (as qcluster has workers).
    stubborn = subprocess.Popen(["sh", "-c", "trap '' TERM; sleep 60 & wait"], process_group=0)
    time.sleep(0.3)
    grandchildren = _children(stubborn.pid)
    started = time.monotonic()
    assert serve.stop_all({"tasks": stubborn}, grace=1) == ["tasks"]
    assert time.monotonic() - started < 5
    time.sleep(0.3)
    assert grandchildren and not [c for c in grandchildren if _alive(c)]


def test_make_run_serves_the_port_it_is_given():
    out = subprocess.run(
        ["make", "-n", "run", "PORT=8765"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    serve_line = next(line for line in out.splitlines() if "scripts/serve.py" in line)
    assert serve_line.endswith("scripts/serve.py --host 127.0.0.1 --port 8765")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purpose.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


@pytest.mark.skipif(not Path("/proc").exists(), reason="needs /proc to watch the processes")
def test_serve_runs_web_and_tasks_and_ctrl_c_stops_both(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "SITE_URL", "ALLOWED_HOSTS"}
    }
    env.update(DJANGO_SETTINGS_MODULE="wemi_community.settings.dev", WEMI_VAR_DIR=str(tmp_path))
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "scripts/serve.py", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        health = None
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and health is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    health = json.loads(r.read())
            except OSError:
                time.sleep(0.5)
        assert health is not None, "the web server never answered"
        assert health["status"] == "up"
        # The site knows the port it is served on: robots.txt points to its sitemap there.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=5) as r:
            robots = r.read().decode()
        assert f"Sitemap: http://127.0.0.1:{port}/sitemap.xml" in robots
        children = _children(proc.pid)
        # uvicorn, qcluster and the task relay.
        assert len(children) == len(serve.commands("127.0.0.1", port))
        cmdlines = [Path(f"/proc/{c}/cmdline").read_bytes() for c in children]
        assert any(b"uvicorn" in c for c in cmdlines) and any(b"qcluster" in c for c in cmdlines)

        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        assert proc.wait(timeout=30) == 0
        time.sleep(0.5)
        assert not [c for c in children if _alive(c)]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_one_worker_by_default_and_uvicorn_forks_the_workers_asked():
    assert "--workers" not in serve.commands("127.0.0.1", 8765)["web"]
    web = serve.commands("127.0.0.1", 8765, workers=2)["web"]
    assert web[web.index("--workers") + 1] == "2"
    assert "uvicorn" in web


def test_more_than_one_worker_needs_redis():
    # Without Redis each process would keep its own cache and channel layer.
    with pytest.raises(serve.ServeError, match="REDIS_URL"):
        serve.check_workers(2, "uvicorn", {})
    serve.check_workers(2, "uvicorn", {"REDIS_URL": "redis://127.0.0.1:6379/0"})
    serve.check_workers(1, "uvicorn", {})
    with pytest.raises(serve.ServeError):
        serve.check_workers(0, "uvicorn", {})


def test_daphne_runs_a_single_process():
    with pytest.raises(serve.ServeError, match="daphne"):
        serve.check_workers(2, "daphne", {"REDIS_URL": "redis://127.0.0.1:6379/0"})


def test_granian_serves_the_asgi_application_with_its_workers():
    web = serve.commands("127.0.0.1", 8765, workers=2, server="granian")["web"]
    assert web[web.index("--interface") + 1] == "asginl"  # ASGI, no lifespan events
    assert web[web.index("--workers") + 1] == "2"
    assert web[-1] == "wemi_community.asgi:application"


def test_serve_refuses_two_workers_without_redis_before_starting_anything():
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    done = subprocess.run(
        [sys.executable, "scripts/serve.py", "--port", str(_free_port()), "--workers", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert "REDIS_URL" in done.stderr
    # WEB_WORKERS says the same as --workers.
    done = subprocess.run(
        [sys.executable, "scripts/serve.py", "--port", str(_free_port())],
        cwd=ROOT,
        env={**env, "WEB_WORKERS": "2"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
