"""The test provider as a pytest fixture: started once per run as a subprocess on a free
port (its own SQLite file and key in a temporary folder), stopped at the end."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from . import serve
from .people import DEFAULT_PERSON

START_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Provider:
    issuer: str
    client_id: str
    client_secret: str
    person_file: Path

    def set_person(self, **person) -> dict:
        """Who signs in at the next flow: the default person with these claims changed (a
        claim given as None is left out)."""
        merged = {**DEFAULT_PERSON, **person}
        merged = {key: value for key, value in merged.items() if value is not None}
        self.person_file.write_text(json.dumps(merged))
        return merged


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("oidc-provider")
    person_file = data_dir / "person.json"
    port = free_port()
    env = {**os.environ, "OIDC_PROVIDER_PERSON": str(person_file)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(  # noqa: S603 - our own script
        [sys.executable, serve.__file__, "--port", str(port), "--data-dir", str(data_dir)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    issuer = f"http://127.0.0.1:{port}/o"
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            if requests.get(issuer + "/.well-known/openid-configuration", timeout=2).ok:
                break
        except requests.RequestException:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            output = process.stdout.read() if process.stdout else ""
            pytest.fail(f"The test OpenID Connect provider did not start:\n{output}")
        time.sleep(0.2)
    provider = Provider(issuer, serve.CLIENT_ID, serve.CLIENT_SECRET, person_file)
    try:
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


@pytest.fixture
def oidc_on(settings, oidc_provider):
    """The site pointed at the test provider, with the default person."""
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_CLIENT_ID = oidc_provider.client_id
    settings.OIDC_CLIENT_SECRET = oidc_provider.client_secret
    oidc_provider.set_person()
    return oidc_provider
