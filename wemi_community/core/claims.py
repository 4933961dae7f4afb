"""Claims: before an e-mail goes, a conditional UPDATE (or a unique row) says which run sends
it, so a task that runs twice, or two copies of it at once, mail each person once.

A claim whose e-mail was never marked sent may belong to a worker killed mid-task. django-q
stops every task after ``Q_CLUSTER["timeout"]`` seconds, counted from before the claim, so a
claim older than that is held by no live run: the next run of the task may claim it again,
and the e-mail is not lost forever. The price: a worker killed in the instant between the
mail server accepting the message and ``sent_at`` being written leaves a claim that looks
unsent, and that one e-mail goes twice. That window is milliseconds; losing every e-mail
claimed by a dead worker would be certain. Claims are never taken over earlier than that,
so a slow but live run is never doubled."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

# Without a task timeout, no run is ever stopped: an hour stands for "surely dead".
DEFAULT_STALE_SECONDS = 60 * 60


def stale_seconds() -> int:
    return int(getattr(settings, "Q_CLUSTER", {}).get("timeout") or DEFAULT_STALE_SECONDS)


def stale_before(now: datetime | None = None) -> datetime:
    """Claims made before this moment, still unsent, were left by a worker that died."""
    return (now or timezone.now()) - timedelta(seconds=stale_seconds())


def claim(
    rows: QuerySet, *, now: datetime, claimed: str = "claimed_at", sent: str = "sent_at"
) -> int:
    """Claims the unsent rows of ``rows`` that nobody holds, or whose holder is dead; returns
    how many this run got. One UPDATE: the database decides between two runs at once."""
    return (
        rows.filter(**{f"{sent}__isnull": True})
        .filter(Q(**{f"{claimed}__isnull": True}) | Q(**{f"{claimed}__lt": stale_before(now)}))
        .update(**{claimed: now})
    )
