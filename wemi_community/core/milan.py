"""Milan's time: every wall-clock hour the platform shows or is told is Europe/Rome's."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

ROME = ZoneInfo("Europe/Rome")


def in_rome(day: datetime.date, moment: datetime.time) -> datetime.datetime:
    """A wall-clock time in Milan on that day (DST included), as an aware datetime."""
    return datetime.datetime.combine(day, moment, tzinfo=ROME)
