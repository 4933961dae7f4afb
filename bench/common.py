"""What the benchmarks share: a fresh database of their own, Django set up on it, percentiles.

A benchmark never touches the development or the test database: it builds a SQLite file under
var/bench/ or a PostgreSQL database it creates and drops through the "postgres" maintenance
database, and refuses any database whose name does not contain "bench"."""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import django
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"


def _refuse_unless_bench(name: str) -> None:
    if "bench" not in name:
        sys.exit(f"Refusing to use the database {name!r}: its name must contain 'bench'.")


def prepare_database(url: str, sqlite_name: str):
    """A fresh, empty database for this run; returns its URL, a label and a clean-up.
    Without a URL: the SQLite file ``var/bench/<sqlite_name>``."""
    if not url:
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{BENCH_DIR / sqlite_name}"
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        path = Path(parts.path[1:] if parts.path.startswith("//") else parts.path)
        _refuse_unless_bench(path.name)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

        def drop_sqlite():
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)

        return (
            url,
            f"SQLite ({path.relative_to(ROOT) if path.is_relative_to(ROOT) else path})",
            drop_sqlite,
        )
    if parts.scheme.startswith("postgres"):
        name = parts.path.lstrip("/")
        _refuse_unless_bench(name)
        maintenance = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))

        def run(statement):
            with psycopg.connect(maintenance, autocommit=True) as connection:
                connection.execute(statement)

        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        run(drop)
        run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        with psycopg.connect(maintenance) as connection:
            version = connection.info.server_version
        label = f"PostgreSQL {version // 10000}.{version % 10000} (database {name})"
        return url, label, lambda: run(drop)
    sys.exit(f"Unsupported database URL: {url}")


def setup_django(url: str) -> None:
    """Django on the benchmark's database, with the test settings: locmem e-mail, django-q in
    sync mode (tasks run inline: no broker, no channel layer), fast password hashing."""
    os.environ["DATABASE_URL"] = url
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "wemi_community.settings.test"
    sys.path.insert(0, str(ROOT))
    django.setup()


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else 0.0
