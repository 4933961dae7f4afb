#!/usr/bin/env python
"""Benchmark of the daily digest: N people with notifications waiting, one dispatch.

    .venv/bin/python bench/digest.py                      # SQLite, var/bench/bench_digest.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wemi_bench .venv/bin/python bench/digest.py

It always builds a fresh database of its own (a SQLite file under var/bench/, or a PostgreSQL
database it creates and drops through the "postgres" maintenance database) and refuses any
database whose name does not contain "bench": the development and test databases are never
touched. Tasks run inline (django-q's sync mode, as in the test suite) and e-mails go to the
in-memory backend, so the numbers measure the platform's own work: queries, rendering,
building MIME messages, django-q's task bookkeeping; not an SMTP server.

Run 1 dispatches the digest; run 2 dispatches it again (the idempotent re-run: nothing to
send); run 3 replays every batch of run 1, as a broker re-delivering all tasks would."""

from __future__ import annotations

import argparse
import logging
import os
import time

from common import percentile, prepare_database, setup_django

PER_PERSON = (2, 3)  # notifications waiting for each person, alternately


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=40_000, help="people (40,000)")
    parser.add_argument("--batch-size", type=int, help="people per task (WEMI_DIGEST_BATCH_SIZE)")
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", ""), help="else SQLite"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


def create_people(count: int) -> int:
    """``count`` people who chose the digest, with 2 or 3 notifications each. Bulk inserts."""
    # Only after main()'s setup_django(): Django configured, the project on the path.
    from django.contrib.auth.hashers import make_password
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from wemi_community.accounts.models import User
    from wemi_community.notifications.city import insert_notifications, notification_row
    from wemi_community.notifications.models import EmailState

    unusable = make_password(None)
    chunk = 2_000
    for start in range(0, count, chunk):
        User.objects.bulk_create(
            User(
                email=f"lettore{n}@bench.example",
                display_name=f"Lettore {n}",
                password=unusable,  # nobody signs in here
                preferred_language="en" if n % 5 == 0 else "it",
                notification_preference="digest",
            )
            for n in range(start, min(start + chunk, count))
        )
    target_type_id = ContentType.objects.get_for_model(User).pk
    now = timezone.now()
    # The app's bulk builder of notifications, shared with ``seed_demo --city``.
    return insert_notifications(
        notification_row(
            index,
            n,
            user_id,
            target_type_id=target_type_id,
            email_state=EmailState.DIGEST,
            created_at=now,
        )
        for index, user_id in enumerate(User.objects.order_by("pk").values_list("pk", flat=True))
        for n in range(PER_PERSON[index % 2])
    )


class Probe:
    """Counts what the dispatcher queues and what each batch does, around the real code."""

    def __init__(self):
        # Only after main()'s setup_django(): Django configured, the project on the path.
        from django.core import mail
        from django.db import connection

        from wemi_community.core import outbox
        from wemi_community.notifications import tasks

        self.mail, self.connection, self.tasks = mail, connection, tasks
        # The dispatcher queues through the outbox, which hands each row to django-q.
        self.real_async_task = outbox.async_task
        self.real_batch = tasks.digest_send_batch
        outbox.async_task = self.async_task
        tasks.digest_send_batch = self.batch
        self.reset()

    def reset(self):
        self.queued, self.batch_seconds, self.batch_queries, self.emails = [], [], [], 0

    def async_task(self, func, *args, **kwargs):
        self.queued.append(args)
        return self.real_async_task(func, *args, **kwargs)

    def batch(self, user_ids, day_iso):
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        self.mail.outbox = []
        started = time.perf_counter()
        with self.connection.execute_wrapper(count):
            sent = self.real_batch(user_ids, day_iso)
        self.batch_seconds.append(time.perf_counter() - started)
        self.batch_queries.append(queries)
        # Counted, then dropped: 40,000 messages kept in memory would measure the swap.
        self.emails += len(self.mail.outbox)
        self.mail.outbox = []
        return sent


def report_batches(probe: Probe) -> str:
    seconds = probe.batch_seconds
    return (
        f"per batch: p50 {percentile(seconds, 0.5):.3f} s, p95 {percentile(seconds, 0.95):.3f} s, "
        f"max {max(seconds, default=0):.3f} s; "
        f"queries per batch: p50 {percentile(probe.batch_queries, 0.5):.0f}, "
        f"max {max(probe.batch_queries, default=0)}"
    )


def main() -> None:
    args = parse_args()
    url, label, drop = prepare_database(args.database_url, "bench_digest.sqlite3")
    # The test settings: locmem e-mail, django-q in sync mode, fast password hashing.
    setup_django(url)
    # One line per task from django-q's sync worker would bury the results.
    logging.getLogger("django-q").setLevel(logging.WARNING)
    # Only after main()'s setup_django(): Django configured, the project on the path.
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from wemi_community.notifications.models import DigestDelivery

    if args.batch_size:
        settings.WEMI_DIGEST_BATCH_SIZE = args.batch_size
    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        migrate_seconds = time.perf_counter() - started

        started = time.perf_counter()
        notifications = create_people(args.recipients)
        data_seconds = time.perf_counter() - started

        probe = Probe()
        day = timezone.localdate()
        print(
            f"Digest benchmark on {label}: {args.recipients:,} recipients, "
            f"batch size {settings.WEMI_DIGEST_BATCH_SIZE}"
        )
        print(f"  migrate: {migrate_seconds:.1f} s")
        print(
            f"  data: {args.recipients:,} people, {notifications:,} notifications "
            f"in {data_seconds:.1f} s"
        )

        started, cpu_started = time.perf_counter(), time.process_time()
        tasks = probe.tasks
        result = tasks.digest_dispatch(day=day)
        run1 = time.perf_counter() - started
        run1_cpu = time.process_time() - cpu_started
        run1_batches = list(probe.queued)
        print(
            f"  run 1: {len(probe.queued)} tasks queued, {probe.emails:,} e-mails sent, "
            f"{run1:.2f} s total, {args.recipients / run1:,.0f} users/s, "
            f"{run1 / args.recipients * 1000:.2f} ms per person"
        )
        # Other processes share the CPU: this process's own CPU time is the steadier figure
        # (the database server's work, on PostgreSQL, is not in it).
        print(
            f"         this process's CPU: {run1_cpu:.2f} s, "
            f"{run1_cpu / args.recipients * 1000:.2f} ms per person"
        )
        print(f"         {report_batches(probe)}")
        deliveries = DigestDelivery.objects.filter(day=day).count()
        assert probe.emails == args.recipients == result["people"] == deliveries, (
            probe.emails,
            result,
            deliveries,
        )

        probe.reset()
        started = time.perf_counter()
        tasks.digest_dispatch(day=day)
        run2 = time.perf_counter() - started
        print(
            f"  run 2 (dispatch again): {len(probe.queued)} tasks, {probe.emails} e-mails, "
            f"{run2:.3f} s; run 2 / run 1 = {run2 / run1:.5f}"
        )

        probe.reset()
        started = time.perf_counter()
        for user_ids, day_iso in run1_batches:
            probe.real_async_task(tasks.DIGEST_BATCH_TASK, user_ids, day_iso)
        run3 = time.perf_counter() - started
        print(
            f"  run 3 (every batch retried): {len(run1_batches)} batches, "
            f"{probe.emails} e-mails, {run3:.2f} s; run 3 / run 1 = {run3 / run1:.4f}"
        )
        assert probe.emails == 0
        assert DigestDelivery.objects.filter(day=day).count() == deliveries
    finally:
        connection.close()
        if not args.keep:
            drop()


if __name__ == "__main__":
    main()
