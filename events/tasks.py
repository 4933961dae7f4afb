"""Scheduled work on events. The reminders are claimed one row per person and event before
they leave, so a run repeated or retried sends nothing twice."""

from __future__ import annotations

import logging

from wemi_community.core import schedules

from . import reminders

logger = logging.getLogger(__name__)

SCHEDULES = (
    schedules.Periodic(
        name="events.send_reminders",
        func="events.tasks.send_reminders",
        schedule_type=schedules.HOURLY,
        first_run=schedules.hourly_at(15),
    ),
)


def send_reminders() -> int:
    """Hourly: reminds everyone expected tomorrow (events and course sessions), once."""
    sent = sum(
        reminders.reminder_send(user_id=user_id, event_id=event_id)
        for user_id, event_id in reminders.reminders_due()
    )
    logger.info("events.send_reminders: %s sent", sent)
    return sent
