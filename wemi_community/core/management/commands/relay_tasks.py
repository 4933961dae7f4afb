"""``manage.py relay_tasks``: hands the outbox's pending tasks to the queue, every few seconds.

It runs beside the task cluster: the tasks that could not be queued while the broker was down
are queued as soon as it is back. ``--once`` makes a single pass (cron, tests, by hand)."""

import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from wemi_community.core import outbox

logger = logging.getLogger("wemi_community.core.outbox")


class Command(BaseCommand):
    help = "Hands the tasks waiting in the outbox to the task queue (every few seconds)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="Seconds between passes (default: OUTBOX_RELAY_INTERVAL).",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=None,
            help="Rows per pass (default: OUTBOX_RELAY_BATCH).",
        )

    def handle(self, *args, once=False, interval=None, limit=None, **options):
        interval = settings.OUTBOX_RELAY_INTERVAL if interval is None else interval
        limit = limit or settings.OUTBOX_RELAY_BATCH
        if once:
            result = outbox.relay_pending(limit)
            self.stdout.write(
                f"Queued {result['pushed']} task(s), pruned {result['pruned']}"
                + (" (the queue refused the rest)" if result["failed"] else "")
                + "."
            )
            return

        stop = threading.Event()

        def request_stop(signum, frame):
            stop.set()

        signals = (signal.SIGTERM, signal.SIGINT)
        previous = {signum: signal.signal(signum, request_stop) for signum in signals}
        self.stdout.write(f"Relaying the task outbox every {interval:g}s.")
        failing = False
        try:
            while not stop.is_set():
                # A long-lived process: drop a connection the database closed or broke (not
                # one inside a caller's transaction, as when a test calls the command).
                if not connection.in_atomic_block:
                    close_old_connections()
                result = None
                try:
                    result = outbox.relay_pending(limit)
                except Exception:  # noqa: BLE001 - the database is down: wait and try again
                    if not failing:
                        logger.exception("The outbox relay cannot read its rows; retrying.")
                    failing = True
                else:
                    if failing:
                        logger.warning("The outbox relay reads its rows again.")
                    failing = False
                if result and result["pushed"] >= limit and not result["failed"]:
                    continue  # more are waiting: no pause
                stop.wait(interval)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        self.stdout.write("Outbox relay stopped.")
