"""Loading many rows at once, for the city-scale demo and the benchmarks: plain INSERTs with
executemany on SQLite, COPY on PostgreSQL. No model instances, no signals, no search index:
the callers write the counters that the services would have kept themselves."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Sequence

from django.db import connection, models, transaction
from django.utils import timezone

BATCH = 10_000


def _adapter(field):
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.TimeField):
        return ops.adapt_timefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: ops.adapt_decimalfield_value(
            value, field.max_digits, field.decimal_places
        )
    if isinstance(field, models.JSONField):
        return lambda value: None if value is None else json.dumps(value)
    return None


def _filler(field, now):
    """The value a column left out takes: what the model would have set on save()."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default() or (field.empty_strings_allowed and not field.null):
        return field.get_default()  # the default, or "" for a text column
    if field.null:
        return None
    raise ValueError(f"{field.model.__name__}.{field.name} needs a value")


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence],
    *,
    batch_size: int = BATCH,
) -> int:
    """Insert ``rows`` (tuples in the order of ``fields``, foreign keys as ``<name>_id``) into
    ``model``'s table; the other columns take their defaults. Returns the rows inserted."""
    opts = model._meta
    by_attname = {field.attname: field for field in opts.concrete_fields}
    given = [by_attname.get(name) or opts.get_field(name) for name in fields]
    now = timezone.now()
    rest = [
        field
        for field in opts.concrete_fields
        if field not in given and not (field.primary_key and isinstance(field, models.AutoField))
    ]
    columns = [field.column for field in given] + [field.column for field in rest]
    fixed = tuple(_filler(field, now) for field in rest)
    adapters = [(n, _adapter(field)) for n, field in enumerate(given + rest)]
    adapters = [(n, adapt) for n, adapt in adapters if adapt is not None]
    fixed_adapted = None

    def prepared(row):
        nonlocal fixed_adapted
        values = list(row)
        if fixed_adapted is None:
            fixed_adapted = list(fixed)
            for n, adapt in adapters:
                if n >= len(values):
                    fixed_adapted[n - len(values)] = adapt(fixed_adapted[n - len(values)])
        for n, adapt in adapters:
            if n < len(values) and values[n] is not None:
                values[n] = adapt(values[n])
        values.extend(fixed_adapted)
        return values

    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    names = ", ".join(quote(column) for column in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Type names left to the server: COPY's text format parses each column's input.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(prepared(row))
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(columns))
        # Names from the model's own metadata, quoted; the values go as parameters.
        statement = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
        batch = []
        for row in rows:
            batch.append(prepared(row))
            if len(batch) >= batch_size:
                cursor.executemany(statement, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(statement, batch)
            count += len(batch)
    return count


@contextlib.contextmanager
def bulk_load():
    """One transaction for a whole load; on PostgreSQL its commit does not wait for the WAL
    flush (a crash mid-load leaves a database to rebuild, never a half-city)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


@contextlib.contextmanager
def commits_without_flush():
    """On PostgreSQL, autocommitted writes whose commit does not wait for the WAL flush: a
    crash of the database server may forget the last fraction of a second of them, a crash
    of this process forgets none. Inside a transaction (the tests) nothing changes."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


@contextlib.contextmanager
def sqlite_fast_writes():
    """SQLite without fsync while loading, restored afterwards (set outside a transaction,
    as SQLite wants; inside one, as in the tests, nothing changes)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        synchronous = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size")
        cache_size = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous = OFF")
        cursor.execute("PRAGMA cache_size = -200000")
        cursor.execute("PRAGMA temp_store = MEMORY")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous = {int(synchronous)}")
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")


def analyze() -> None:
    """Fresh planner statistics after a bulk load, as autovacuum would gather (PostgreSQL) or
    as ``ANALYZE`` keeps for SQLite's planner."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def scaled(count: int, scale: float) -> int:
    """``count`` at ``scale``, at least one."""
    return max(1, round(count * scale))
