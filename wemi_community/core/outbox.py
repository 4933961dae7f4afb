"""The task outbox: every task the project queues goes through ``enqueue``.

A task is first a row (``OutboxTask``) written in the caller's transaction, so it exists
exactly when the write that needs it commits. After the commit the row is handed to
django-q2 at once; when the broker (Redis, or the database of the ORM broker) cannot be
reached the row stays pending, the caller carries on, and the relay (``relay_pending``, run
in a loop by ``manage.py relay_tasks``) hands it over once the broker is back.

Each hand-over first claims the row with a conditional UPDATE, so two processes never push
the same row: exactly once, unless a process dies between the push and marking the row
(then the claim expires after ``OUTBOX_CLAIM_SECONDS`` and the row goes again; the tasks
are written to be safe to run twice).

A task handed over is not yet a task run: a worker killed mid-task (SIGKILL, a lost machine)
takes it along, and the Redis broker never hands it out again. The cluster marks each row
finished when its task ends (``task_finished``, the task's hook); a row handed over more than
``OUTBOX_LOST_SECONDS`` ago and never finished is handed over again by the relay, up to
``OUTBOX_MAX_ATTEMPTS`` times. The e-mail tasks claim each message before sending it
(core/claims.py), so a task run again sends only what the lost run did not."""

from __future__ import annotations

import json
import logging
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_q.tasks import async_task

from .models import OutboxTask

logger = logging.getLogger(__name__)

PUSHED, TAKEN, FAILED = "pushed", "taken", "failed"
FINISHED_HOOK = "wemi_community.core.outbox.task_finished"
TASK_NAME_PREFIX = "outbox-"

# One message when the broker goes away and one when it is back, not one per task: an
# outage on a busy day would otherwise bury the log (per process; each logs its own).
_outage_lock = threading.Lock()
_outage_since: datetime | None = None


def enqueue(func: str, *args) -> OutboxTask:
    """Queues ``func`` (a dotted path) with ``args`` (JSON values) for the task cluster.

    The row is written in the current transaction, if any; the hand-over to the queue waits
    for the commit (at once outside a transaction) and never raises: a task that cannot be
    queued now is queued later by the relay."""
    # Through JSON now, so the task gets the same values whether pushed now or by the relay.
    args = json.loads(json.dumps(list(args)))
    row = OutboxTask.objects.create(func=func, args=args)
    transaction.on_commit(lambda: _push_after_commit(row.pk, func, args))
    return row


def _push_after_commit(pk: int, func: str, args: list) -> None:
    try:
        _dispatch(pk, func, args)
    except Exception as exc:  # noqa: BLE001 - the committed request must not fail for this
        # The claim itself failed (the database went away just after the commit): the row
        # is still pending and the relay will find it.
        _note_failure(exc)


def _claim_expiry(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)


def _claimable(now: datetime) -> Q:
    return Q(dispatched_at__isnull=True) & (
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=_claim_expiry(now))
    )


def _dispatch(pk: int, func: str, args: list) -> str:
    """Claims the row and pushes it: PUSHED, TAKEN (another process has it or did it) or
    FAILED (the broker refused it: the row is pending again)."""
    claimed_at = timezone.now()
    claimed = OutboxTask.objects.filter(_claimable(claimed_at), pk=pk).update(
        claimed_at=claimed_at, attempts=F("attempts") + 1
    )
    if not claimed:
        return TAKEN
    try:
        async_task(
            func,
            *args,
            q_options={"task_name": f"{TASK_NAME_PREFIX}{pk}", "hook": FINISHED_HOOK},
        )
    except Exception as exc:  # noqa: BLE001 - redis, OSError, the ORM broker's database...
        OutboxTask.objects.filter(pk=pk, claimed_at=claimed_at).update(
            claimed_at=None, last_error=f"{type(exc).__name__}: {exc}"[:1000]
        )
        _note_failure(exc)
        return FAILED
    OutboxTask.objects.filter(pk=pk).update(dispatched_at=timezone.now(), last_error="")
    _note_success()
    return PUSHED


def _note_failure(exc: Exception) -> None:
    global _outage_since
    with _outage_lock:
        first = _outage_since is None
        if first:
            _outage_since = timezone.now()
    if first:
        logger.error(
            "The task queue cannot be reached (%s: %s): tasks wait in the outbox and the "
            "relay queues them when it is back.",
            type(exc).__name__,
            exc,
        )
    else:
        logger.debug("The task queue is still unreachable: %s", exc)


def _note_success() -> None:
    global _outage_since
    with _outage_lock:
        since, _outage_since = _outage_since, None
    if since is not None:
        logger.warning("The task queue is reachable again (unreachable since %s).", since)


def task_finished(task) -> None:
    """The hook of every task handed over from here, called by the cluster when the task
    ended: a task that succeeded is never handed over again (one that failed is, by the
    relay, until OUTBOX_MAX_ATTEMPTS)."""
    name = getattr(task, "name", "") or ""
    if not (task.success and name.startswith(TASK_NAME_PREFIX)):
        return
    try:
        pk = int(name.removeprefix(TASK_NAME_PREFIX))
    except ValueError:
        return
    OutboxTask.objects.filter(pk=pk, completed_at__isnull=True).update(completed_at=timezone.now())


def _hand_over_lost(now: datetime) -> int:
    """Makes pending again the rows handed over long ago whose task never finished (not
    those about to be pruned: a task lost that long ago is no longer of use)."""
    lost_before = now - timedelta(seconds=settings.OUTBOX_LOST_SECONDS)
    kept_since = now - timedelta(days=settings.OUTBOX_KEEP_DAYS)
    lost = OutboxTask.objects.filter(
        dispatched_at__lt=lost_before,
        dispatched_at__gte=kept_since,
        completed_at__isnull=True,
        attempts__lt=settings.OUTBOX_MAX_ATTEMPTS,
    ).update(dispatched_at=None, claimed_at=None)
    if lost:
        logger.warning("%s task(s) handed over but never finished: handing them over again", lost)
    return lost


def pending_count() -> int:
    return OutboxTask.objects.filter(dispatched_at__isnull=True).count()


def relay_pending(limit: int = 100) -> dict:
    """Hands up to ``limit`` pending rows to the queue, oldest first, and prunes the rows
    dispatched more than ``OUTBOX_KEEP_DAYS`` ago. Stops at the first refusal: the broker
    is down, the next pass tries again. Safe to run in several processes at once."""
    now = timezone.now()
    _hand_over_lost(now)
    rows = (
        OutboxTask.objects.filter(_claimable(now))
        .order_by("pk")
        .values_list("pk", "func", "args")[:limit]
    )
    pushed = 0
    failed = False
    for pk, func, args in list(rows):
        outcome = _dispatch(pk, func, args)
        if outcome == FAILED:
            failed = True
            break
        pushed += outcome == PUSHED
    return {"pushed": pushed, "failed": failed, "pruned": prune(now)}


def prune(now: datetime | None = None) -> int:
    """Deletes the rows dispatched more than ``OUTBOX_KEEP_DAYS`` ago (kept that long to
    answer "was this task queued, and when?")."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.OUTBOX_KEEP_DAYS)
    deleted, _ = OutboxTask.objects.filter(dispatched_at__lt=cutoff).delete()
    return deleted
