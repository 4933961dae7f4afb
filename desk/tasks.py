"""Scheduled work of the desk: the reminders of tomorrow's appointments, each claimed on its
appointment before it leaves, so a run repeated or retried sends nothing twice."""

from __future__ import annotations

import logging

from wemi_community.core import schedules

from . import appointments

logger = logging.getLogger(__name__)

SCHEDULES = (
    schedules.Periodic(
        name="desk.send_appointment_reminders",
        func="desk.tasks.send_appointment_reminders",
        schedule_type=schedules.HOURLY,
        first_run=schedules.hourly_at(35),
    ),
)


def send_appointment_reminders() -> int:
    """Hourly: reminds everyone with an appointment tomorrow, once."""
    sent = sum(appointments.reminder_send(appointment_id=pk) for pk in appointments.reminders_due())
    logger.info("desk.send_appointment_reminders: %s sent", sent)
    return sent
