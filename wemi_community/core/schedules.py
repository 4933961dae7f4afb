"""The platform's periodic tasks. Each module declares its own in its ``tasks.py``
(``SCHEDULES``, a tuple of ``Periodic``); after every ``migrate`` they are written to
django-q2's schedules by name: created, updated where the declaration changed, and ours that
are no longer declared deleted. A schedule is ours when its name starts with the label of a
project app and a dot ("events.send_reminders"); schedules made by hand keep other names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .milan import ROME

HOURLY = "H"  # django_q's Schedule.HOURLY
DAILY = "D"  # Schedule.DAILY


@dataclass(frozen=True)
class Periodic:
    name: str
    func: str  # dotted path of the task function
    schedule_type: str
    # The first run after a moment: where a new schedule starts, or a changed one restarts.
    first_run: Callable[[datetime], datetime]
    minutes: int | None = None  # for Schedule.MINUTES only
    # django-q passes the time the run was meant for under this keyword.
    intended_date_kwarg: str | None = None

    def fields(self) -> dict:
        return {
            "func": self.func,
            "schedule_type": self.schedule_type,
            "minutes": self.minutes,
            "repeats": -1,
            "intended_date_kwarg": self.intended_date_kwarg,
        }


def hourly_at(minute: int) -> Callable[[datetime], datetime]:
    """Every hour at ``minute`` past: the modules' hourly tasks start at different minutes."""

    def first_run(now: datetime) -> datetime:
        return now.replace(minute=minute, second=0, microsecond=0) + timedelta(hours=1)

    return first_run


def daily_at(hour: Callable[[], int]) -> Callable[[datetime], datetime]:
    """Every day at ``hour()``:00, Rome time (django-q keeps the hour across the changes of
    the clocks). The hour is read when the schedule is written, so a setting can give it."""

    def first_run(now: datetime) -> datetime:
        now = now.astimezone(ROME)
        run = datetime.combine(now.date(), time(hour()), tzinfo=ROME)
        if run <= now:
            run = datetime.combine(now.date() + timedelta(days=1), time(hour()), tzinfo=ROME)
        return run

    return first_run


def _project_apps():
    return [config for config in apps.get_app_configs() if config.name in settings.PROJECT_APPS]


def declared() -> list[Periodic]:
    """Every project app's ``tasks.SCHEDULES``."""
    found = []
    for config in _project_apps():
        try:
            module = import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tasks":
                raise
            continue
        found.extend(getattr(module, "SCHEDULES", ()))
    return found


def _is_ours(name: str | None, labels: set[str]) -> bool:
    return bool(name) and name.split(".", 1)[0] in labels


def sync(*, using: str = "default", now: datetime | None = None) -> None:
    """Makes django-q2's schedules match the declarations. Running it again changes nothing."""
    # Imported here: the core's AppConfig imports this module before the models may load.
    from django_q.models import Schedule

    now = now or timezone.now()
    wanted = {periodic.name: periodic for periodic in declared()}
    labels = {config.label for config in _project_apps()}
    schedules = Schedule.objects.using(using)
    with transaction.atomic(using=using):
        seen = set()
        for schedule in schedules.order_by("pk"):
            if not _is_ours(schedule.name, labels):
                continue
            periodic = wanted.get(schedule.name)
            if periodic is None or schedule.name in seen:
                # No longer declared, or a second copy of one: it would run twice.
                schedule.delete(using=using)
                continue
            seen.add(schedule.name)
            fields = periodic.fields()
            timing_changed = any(
                getattr(schedule, key) != fields[key] for key in ("schedule_type", "minutes")
            )
            if timing_changed or schedule.next_run is None:
                fields["next_run"] = periodic.first_run(now)
            if any(getattr(schedule, key) != value for key, value in fields.items()):
                schedules.filter(pk=schedule.pk).update(**fields)
        for name, periodic in wanted.items():
            if name not in seen:
                schedules.create(name=name, next_run=periodic.first_run(now), **periodic.fields())


def sync_after_migrate(sender, using="default", **kwargs) -> None:
    """``post_migrate`` is sent once per app: the schedules are written once, with django-q's."""
    if sender.label == "django_q":
        sync(using=using)
