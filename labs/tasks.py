"""The labs' periodic tasks."""

from __future__ import annotations

from django.utils import timezone

from wemi_community.core import schedules

from . import guests

SCHEDULES = (
    schedules.Periodic(
        name="labs.forget_guests",
        func="labs.tasks.forget_guests",
        schedule_type=schedules.DAILY,
        first_run=schedules.daily_at(lambda: 3),
    ),
)


def forget_guests() -> int:
    """Daily: guests of labs closed long enough ago lose their nickname and browser key."""
    return guests.guests_forget(now=timezone.now())
