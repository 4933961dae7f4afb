"""Named versions of the site's data, kept in the default cache, for the caches of pages and
fragments: a cached thing is keyed on the versions of what it shows, and a write moves them.

One generic hook sees every write: a wrapper on each database connection reads the table of
every INSERT, UPDATE, DELETE (queryset.update(), bulk_create and raw SQL included, which model
signals would miss) and bumps the topic of that table (its model's app label) and "site",
which every cached page depends on. Tables that no public page shows (sessions,
notifications, the outbox, the task queue, the audit trail, the observatory's facts, login
locks, second-factor devices, the admin's logs) and the login timestamp move nothing.

A version is bumped at the write, so the same transaction (and a test inside one) reads the
new one, and again after the commit: a page another process rendered between the two, from
data not yet committed, is then keyed on a version nobody reads any more. A version is a
random token, not a counter, so a version evicted from the cache and made again never
matches an old key.

The versions live in the default cache: Redis when REDIS_URL is set, which every server
process shares. Without Redis the cache is each process's memory, right for one process only
(the embedded default); several processes without Redis would each keep their own."""

from __future__ import annotations

import logging
import re
import secrets

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connections
from django.dispatch import receiver

logger = logging.getLogger(__name__)

SITE = "site"
_PREFIX = "wemi:v:"

_WRITE = re.compile(
    r"""^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+
    (?:ONLY\s+)?["`]?(?P<table>[\w.]+)["`]?(?P<rest>.*)""",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)
_SET_COLUMNS = re.compile(r'["`]?(\w+)["`]?\s*=', re.IGNORECASE)


# --- reading and moving versions ----------------------------------------------------------
def _new_token() -> str:
    return secrets.token_hex(6)


def versions(*topics: str) -> str:
    """The current versions of these topics ("site", every write's, without any), as one
    string for a key."""
    names = sorted(set(topics) or {SITE})
    if not getattr(cache, "reachable", True):
        # Redis down: this process's memory answers and would not see the other processes'
        # writes, so nothing cached meanwhile is ever read back.
        return _new_token()
    keys = [_PREFIX + name for name in names]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # First read or evicted: a new random version (another process may win the add).
            cache.add(key, _new_token(), timeout=None)
            found[key] = cache.get(key) or ""
    return ".".join(found[key] for key in keys)


def bump(*topics: str) -> None:
    """Move these topics' versions (and "site"'s) now. For writes the hook cannot see."""
    names = {SITE, *topics}
    try:
        cache.set_many({_PREFIX + name: _new_token() for name in names}, timeout=None)
    except Exception:  # a cache that fails must not fail the write it follows
        logger.exception("Could not move the cache versions %s", sorted(names))


def bump_on_commit(*topics: str, using: str = "default") -> None:
    """Move the versions now and again once the current transaction commits."""
    _written(connections[using], set(topics))


# --- which tables move which topic --------------------------------------------------------
_ignored_tables: frozenset[str] | None = None
_ignored_columns: dict[str, frozenset[str]] = {}
_topics: dict[str, str] = {}


def _resolve() -> None:
    global _ignored_tables
    ignored, topics = set(), {}
    patterns = list(getattr(settings, "WEMI_CACHE_IGNORED_MODELS", ()))
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table.lower()
        topics[table] = model._meta.app_label
        label = model._meta.label_lower
        if any(p.lower() in (model._meta.app_label, label) for p in patterns):
            ignored.add(table)
    columns = {}
    for label, names in getattr(settings, "WEMI_CACHE_IGNORED_COLUMNS", {}).items():
        columns[apps.get_model(label)._meta.db_table.lower()] = frozenset(n.lower() for n in names)
    _topics.clear()
    _topics.update(topics)
    _ignored_columns.clear()
    _ignored_columns.update(columns)
    _ignored_tables = frozenset(ignored)


@receiver(setting_changed)
def _settings_changed(setting, **kwargs):
    global _ignored_tables
    if setting in ("WEMI_CACHE_IGNORED_MODELS", "WEMI_CACHE_IGNORED_COLUMNS"):
        _ignored_tables = None


def topics_of(sql: str) -> set[str]:
    """The topics a statement moves: empty for reads and for tables no public page shows."""
    match = _WRITE.match(sql)
    if not match:
        return set()
    if _ignored_tables is None:
        _resolve()
    table = match["table"].rsplit(".", 1)[-1].lower()
    if table in _ignored_tables:
        return set()
    columns = _ignored_columns.get(table)
    if columns and sql.lstrip()[:6].upper() == "UPDATE":
        assigned = match["rest"].split(" WHERE ", 1)[0]
        names = {name.lower() for name in _SET_COLUMNS.findall(assigned)}
        if names and names <= columns:
            return set()
    # A table of no model (written by raw SQL) moves the whole site.
    return {_topics.get(table, SITE)}


# --- the hook on every connection ----------------------------------------------------------
class _Pending:
    """The topics written in one transaction, bumped once now and once after its commit."""

    def __init__(self):
        self.topics: set[str] = set()
        # Bumped now once per topic and savepoint: a later savepoint (a test's service call
        # inside the test's transaction) bumps again.
        self.bumped: tuple[tuple, set[str]] = ((), set())

    def __call__(self):
        bump(*self.topics)


def _written(connection, topics: set[str]) -> None:
    if not connection.in_atomic_block:
        bump(*topics)
        return
    pending = getattr(connection, "_wemi_cache_pending", None)
    registered = pending is not None and any(
        callback is pending for _, callback, _ in connection.run_on_commit
    )
    if not registered:
        pending = _Pending()
        connection._wemi_cache_pending = pending
        connection.on_commit(pending)
    pending.topics |= topics
    savepoints = tuple(connection.savepoint_ids)
    if pending.bumped[0] != savepoints:
        pending.bumped = (savepoints, set())
    new = topics - pending.bumped[1]
    if new:
        pending.bumped[1].update(new)
        bump(*new)


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    topics = topics_of(sql) if isinstance(sql, str) else set()
    if topics:
        _written(context["connection"], topics)
    return result


def install(sender, connection, **kwargs):
    """connection_created's receiver (core.apps): the hook on each new connection."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)
