"""A Redis of the test's own, on a free port, that the test may stop and start again: the
services other tests use are never touched."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time

import pytest

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    def __init__(self, tmp_path):
        self.port = free_port()
        self.dir = tmp_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def own_redis(tmp_path):
    """A started redis-server of this test's own; ``.stop()`` and ``.start()`` inject the fault."""
    if not os.path.exists(REDIS_SERVER):
        if os.environ.get("WEMI_EXPECT_SERVICES") == "1":
            pytest.fail("redis-server is not installed: the fault tests cannot run")
        pytest.skip("redis-server is not installed")
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def queue_on_own_redis(own_redis, monkeypatch):
    """The task queue's broker on the test's own Redis, out of sync mode: what is pushed waits
    there until ``run_the_cluster_once``."""
    from django.test import override_settings
    from django_q.brokers import get_broker
    from django_q.conf import Conf

    from wemi_community.core import outbox

    cluster = {"name": "wemi-faults", "redis": own_redis.url, "sync": False}
    # django-q2 reads Q_CLUSTER once, into Conf's class attributes, when it is imported:
    # the setting is overridden for whoever reads it, and Conf for the broker and async_task.
    monkeypatch.setattr(Conf, "REDIS", own_redis.url)
    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(Conf, "DJANGO_REDIS", None)
    monkeypatch.setattr(Conf, "BROKER_CLASS", None)
    monkeypatch.setattr(Conf, "SYNC", False)
    monkeypatch.setattr(Conf, "CLUSTER_NAME", cluster["name"])
    monkeypatch.setattr(outbox, "_outage_since", None)
    with override_settings(Q_CLUSTER=cluster):
        assert type(get_broker()).__name__ == "Redis"
        yield own_redis


def queued(server) -> list[dict]:
    """The tasks waiting in that Redis, decoded (without taking them off the queue)."""
    import redis
    from django_q.brokers import get_broker
    from django_q.signing import SignedPackage

    broker = get_broker()
    client = redis.Redis.from_url(server.url)
    try:
        return [SignedPackage.loads(raw) for raw in client.lrange(broker.list_key, 0, -1)]
    finally:
        client.close()
