"""Scheduled work on proposals, and what other apps registered to run with it
(``extensions.add_hourly``: the shared services' lapsed invitations). Each task calls the
services, which are idempotent: a run repeated or retried changes nothing more."""

from __future__ import annotations

import logging

from wemi_community.core import schedules

from . import extensions, services

logger = logging.getLogger(__name__)

SCHEDULES = (
    schedules.Periodic(
        name="proposals.expire_overdue",
        func="proposals.tasks.expire_overdue",
        schedule_type=schedules.HOURLY,
        first_run=schedules.hourly_at(5),
    ),
)


def expire_overdue() -> dict[str, int]:
    """Hourly: proposals whose deadline passed below the threshold expire, invitations to
    confirm a seat that lapsed expire (their seats go to the waitlist)."""
    result = {"proposals_expired": services.proposals_expire_overdue()}
    result.update(extensions.run_hourly())
    logger.info("proposals.expire_overdue: %s", result)
    return result
