"""Configuration comes from the environment, with embedded defaults when nothing is set."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from wemi_community.settings.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]
CONFIG_KEYS = ["DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "EMAIL_HOST"]


def _settings(module: str, **env: str) -> dict:
    """Imports a settings module in a clean process and returns the interesting values."""
    script = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps({"
        "'db': settings.DATABASES['default']['ENGINE'],"
        "'db_name': str(settings.DATABASES['default']['NAME']),"
        "'channels': settings.CHANNEL_LAYERS['default']['BACKEND'],"
        "'cache': settings.CACHES['default']['BACKEND'],"
        "'q_redis': settings.Q_CLUSTER.get('redis'), 'q_orm': settings.Q_CLUSTER.get('orm'),"
        "'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS,"
        "'email_host': settings.EMAIL_HOST, 'email_port': settings.EMAIL_PORT}))"
    )
    return _printed_by(script, module, env)


def _printed_by(script: str, module: str, env: dict, argv: tuple[str, ...] = ()) -> dict:
    """Runs ``script`` with these settings in a clean process (``argv`` after the script's
    name) and returns the JSON it printed last."""
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_KEYS}
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    out = subprocess.run(
        [sys.executable, "-c", script, *argv], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_embedded_defaults_need_no_service():
    values = _settings("wemi_community.settings.dev")
    assert values["db"] == "django.db.backends.sqlite3"
    assert values["db_name"].endswith("var/wemi.sqlite3")
    assert values["channels"] == "channels.layers.InMemoryChannelLayer"
    assert values["cache"].endswith("LocMemCache")
    assert values["q_orm"] == "default" and values["q_redis"] is None
    assert values["debug"] is True


def test_services_come_from_the_environment():
    values = _settings(
        "wemi_community.settings.dev",
        DATABASE_URL="postgres://wemi@db.internal:5432/wemi",
        REDIS_URL="redis://cache.internal:6379/2",
        ALLOWED_HOSTS="wemi.example, www.wemi.example",
        DEBUG="false",
        EMAIL_HOST="smtp.wemi.example",
        EMAIL_PORT="587",
    )
    assert values["db"] == "django.db.backends.postgresql"
    assert values["db_name"] == "wemi"
    assert values["channels"] == "channels_redis.core.RedisChannelLayer"
    assert values["cache"] == "wemi_community.core.cache.ResilientRedisCache"
    assert values["q_redis"] == "redis://cache.internal:6379/2" and values["q_orm"] is None
    assert values["hosts"] == ["wemi.example", "www.wemi.example"]
    assert values["debug"] is False
    assert (values["email_host"], values["email_port"]) == ("smtp.wemi.example", 587)


def test_production_refuses_to_start_without_a_secret_key():
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_KEYS}
    clean["DJANGO_SETTINGS_MODULE"] = "wemi_community.settings.production"
    out = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert out.returncode != 0
    assert "SECRET_KEY must be set" in out.stderr


def test_production_passes_the_deployment_checks_with_zero_warnings():
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_KEYS}
    clean.update(
        DJANGO_SETTINGS_MODULE="wemi_community.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="wemi.example",
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues (0 silenced)" in out.stdout


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("yes", True), ("off", False)])
def test_env_bool(monkeypatch, raw, expected):
    monkeypatch.setenv("WEMI_FLAG", raw)
    assert env_bool("WEMI_FLAG") is expected


def test_bad_values_are_refused_with_the_variable_name(monkeypatch):
    monkeypatch.setenv("WEMI_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="WEMI_FLAG"):
        env_bool("WEMI_FLAG")
    monkeypatch.setenv("WEMI_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="WEMI_NUMBER"):
        env_int("WEMI_NUMBER", 1)


def test_env_list_trims_and_drops_empty_items(monkeypatch):
    monkeypatch.setenv("WEMI_HOSTS", " a.example , ,b.example")
    assert env_list("WEMI_HOSTS", []) == ["a.example", "b.example"]
    monkeypatch.delenv("WEMI_HOSTS")
    assert env_list("WEMI_HOSTS", ["x"]) == ["x"]


def test_the_suite_runs_on_the_services_it_was_asked_for():
    """Under `make test-services` the suite must really be on PostgreSQL and Redis."""

    if os.environ.get("WEMI_EXPECT_SERVICES") == "1":
        assert connection.vendor == "postgresql"
        assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    else:
        assert connection.vendor == "sqlite"


def test_production_parses_each_template_once_per_process():
    """The cached loader wraps the file and app loaders; the other settings keep theirs."""
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_KEYS}
    clean.update(
        DJANGO_SETTINGS_MODULE="wemi_community.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="wemi.example",
    )
    script = (
        "import django, json;django.setup();"
        "from django.template import engines;"
        "from wemi_community.settings import base;"
        "engine = engines['django'].engine;"
        "print(json.dumps({"
        "'loaders': [type(loader).__module__ + '.' + type(loader).__name__"
        " for loader in engine.template_loaders],"
        "'inner': [type(loader).__name__ for loader in engine.template_loaders[0].loaders],"
        "'base_loaders': base.TEMPLATES[0]['OPTIONS'].get('loaders'),"
        "'found': engine.get_template('base.html').origin.loader_name}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    values = json.loads(out.stdout.strip().splitlines()[-1])
    assert values["loaders"] == ["django.template.loaders.cached.Loader"]
    assert values["inner"] == ["Loader", "Loader"]
    assert values["found"] == "django.template.loaders.app_directories.Loader"
    # The base settings (development, tests) are left as they were.
    assert values["base_loaders"] is None


def test_each_worker_of_a_parallel_run_has_its_own_redis_database():
    from wemi_community.settings.test import _worker_redis_url

    assert _worker_redis_url("redis://127.0.0.1:6379/0", 0) == "redis://127.0.0.1:6379/0"
    assert _worker_redis_url("redis://127.0.0.1:6379/3", 1) == "redis://127.0.0.1:6379/4"
    assert _worker_redis_url("redis://:secret@cache:6380", 2) == "redis://:secret@cache:6380/2"


def _production_database(*argv: str, **extra: str) -> dict:
    script = (
        "import json;from django.conf import settings;"
        "db = settings.DATABASES['default'];"
        "print(json.dumps({'pool': db.get('OPTIONS', {}).get('pool'), 'age': db['CONN_MAX_AGE']}))"
    )
    env = {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "wemi.example",
        "DATABASE_URL": "postgres://wemi@db.internal:5432/wemi",
        **extra,
    }
    return _printed_by(script, "wemi_community.settings.production", env, argv)


def test_production_keeps_a_pool_of_postgresql_connections_per_process():
    """Under ASGI a persistent connection is never reused: the pool is what saves opening one
    per request. The pool module must be installed, or the first request fails."""
    import psycopg_pool  # noqa: F401  (installed with the pinned dependencies)

    assert _production_database() == {
        "pool": {"min_size": 1, "max_size": 10, "timeout": 10},
        "age": 0,
    }
    assert _production_database(DB_POOL_MAX_SIZE="4", DB_POOL_TIMEOUT="3")["pool"] == {
        "min_size": 1,
        "max_size": 4,
        "timeout": 3,
    }
    assert _production_database(DB_POOL_MAX_SIZE="0", DB_CONN_MAX_AGE="60") == {
        "pool": None,
        "age": 60,
    }
    # The task worker forks its workers: no pool there, whose sockets the children would share.
    assert _production_database("manage.py", "qcluster")["pool"] is None
