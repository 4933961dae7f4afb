"""Scheduled work of the observatory: on the 1st of each month at 06:00 (Milan), the reports
of the month before for the 9 Municipi. Making a report that exists keeps it, so a run
repeated or retried makes nothing twice."""

from __future__ import annotations

import datetime
import logging

from django.utils import timezone

from wemi_community.catalogue.models import Municipio
from wemi_community.core import schedules
from wemi_community.core.milan import ROME

from .open_data_tasks import SCHEDULES as OPEN_DATA_SCHEDULES
from .reports import monthly_report_make

logger = logging.getLogger(__name__)

MONTHLY = "M"  # django_q's Schedule.MONTHLY: the same day each month, the hour kept in Milan
REPORT_HOUR = 6


def first_of_month_at(hour: int):
    """The next 1st of a month at ``hour``:00, Rome time."""

    def first_run(now: datetime.datetime) -> datetime.datetime:
        now = now.astimezone(ROME)
        run = datetime.datetime.combine(now.date().replace(day=1), datetime.time(hour), tzinfo=ROME)
        if run <= now:
            month = now.date().replace(day=28) + datetime.timedelta(days=4)
            run = datetime.datetime.combine(month.replace(day=1), datetime.time(hour), tzinfo=ROME)
        return run

    return first_run


SCHEDULES = (
    schedules.Periodic(
        name="observatory.monthly_reports",
        func="observatory.tasks.monthly_reports_make",
        schedule_type=MONTHLY,
        first_run=first_of_month_at(REPORT_HOUR),
    ),
    *OPEN_DATA_SCHEDULES,
)


def monthly_reports_make() -> int:
    """The reports of last month (in Milan) for every Municipio; returns how many were made."""
    last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    made = 0
    for municipio in Municipio.objects.order_by("number"):
        _report, created = monthly_report_make(municipio=municipio, month=last_month)
        made += created
    logger.info("observatory.monthly_reports: %s made for %s", made, f"{last_month:%Y-%m}")
    return made
