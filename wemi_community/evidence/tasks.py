"""Scheduled work of the evidence: every night the figures are rebuilt from the facts, the
check that the running totals are what the facts say."""

from __future__ import annotations

import datetime
import logging

from django.utils import timezone

from wemi_community.core import schedules

from .services import figures_rebuild

logger = logging.getLogger(__name__)

# At night, Rome time, after the day's last writes and before the digest at seven.
REBUILD_HOUR = 3

SCHEDULES = (
    schedules.Periodic(
        name="evidence.figures_rebuild",
        func="wemi_community.evidence.tasks.figures_rebuild_nightly",
        schedule_type=schedules.DAILY,
        first_run=schedules.daily_at(lambda: REBUILD_HOUR),
    ),
)


def figures_rebuild_nightly() -> int:
    """Nightly: the figures of this month and the last, recomputed from their facts. Older
    months take no new facts from the services (a backfill rebuilds everything itself), and
    rebuilding a city's every month would hold the database for minutes."""
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    cells = figures_rebuild(months=[last_month, this_month])
    logger.info("evidence.figures_rebuild: %s cells", cells)
    return cells
