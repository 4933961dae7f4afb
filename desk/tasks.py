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
    schedules.Periodic(
        name="desk.forget_expired_activation_codes",
        func="desk.tasks.forget_expired_activation_codes",
        schedule_type=schedules.DAILY,
        first_run=schedules.daily_at(lambda: 4),
    ),
)


def send_appointment_reminders() -> int:
    """Hourly: reminds everyone with an appointment tomorrow, once."""
    sent = sum(appointments.reminder_send(appointment_id=pk) for pk in appointments.reminders_due())
    logger.info("desk.send_appointment_reminders: %s sent", sent)
    return sent


def forget_expired_activation_codes() -> int:
    """Daily: activation codes past their expiry (used, voided or never typed) are deleted;
    they open nothing any more and name the person they were printed for."""
    from django.utils import timezone

    from .models import ActivationCode

    deleted, _by_model = ActivationCode.objects.filter(expires_at__lte=timezone.now()).delete()
    logger.info("desk.forget_expired_activation_codes: %s deleted", deleted)
    return deleted
