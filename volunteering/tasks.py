"""Scheduled work on volunteering: reminders of tomorrow's shifts, claimed one row per
volunteer and shift before they leave, so nothing is sent twice."""

from __future__ import annotations

import logging

from wemi_community.core import schedules

from . import services

logger = logging.getLogger(__name__)

SCHEDULES = (
    schedules.Periodic(
        name="volunteering.send_reminders",
        func="volunteering.tasks.send_reminders",
        schedule_type=schedules.HOURLY,
        first_run=schedules.hourly_at(25),
    ),
)


def send_reminders() -> int:
    sent = sum(
        services.reminder_send(volunteer_id=volunteer_id, shift_id=shift_id)
        for volunteer_id, shift_id in services.reminders_due()
    )
    logger.info("volunteering.send_reminders: %s sent", sent)
    return sent
