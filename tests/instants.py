"""The instants at which the suite proves it does not depend on when it runs.

Two ways to use them:

- ``WEMI_TEST_NOW="2026-12-31 23:30" make test`` runs the whole suite with the clock moved to
  that instant (Milan time unless an offset is given), ticking from there; ``make test-instants``
  runs it at each instant below in turn.
- ``@pytest.mark.instants`` on a test (or ``pytestmark`` of a module) runs it once at the real
  "now" and once at each instant below, in every run of the suite.
"""

from __future__ import annotations

import datetime
import os
from zoneinfo import ZoneInfo

MILAN = ZoneInfo("Europe/Rome")

# Awkward moments for date logic, all in Milan.
INSTANTS: dict[str, datetime.datetime] = {
    # Weeks that start on Monday end here: "this week", "tomorrow" and weekly series turn over.
    "sunday-evening": datetime.datetime(2027, 1, 10, 21, 0, tzinfo=MILAN),
    # Tomorrow is another year; in UTC it is still 22:30 of the same day.
    "new-years-eve": datetime.datetime(2026, 12, 31, 23, 30, tzinfo=MILAN),
    # Half an hour before the clocks jump from 02:00 to 03:00: the day has 23 hours.
    "dst-spring": datetime.datetime(2027, 3, 28, 1, 30, tzinfo=MILAN),
    # The first 02:30 of the night the clocks go back from 03:00 to 02:00: 25 hours.
    "dst-autumn": datetime.datetime(2027, 10, 31, 2, 30, fold=0, tzinfo=MILAN),
    "leap-day": datetime.datetime(2028, 2, 29, 12, 0, tzinfo=MILAN),
    # Just after midnight on a Monday: in UTC it is still Sunday.
    "monday-after-midnight": datetime.datetime(2027, 1, 4, 0, 30, tzinfo=MILAN),
}

NOW_VARIABLE = "WEMI_TEST_NOW"


def parse(value: str) -> datetime.datetime:
    """An instant from ``WEMI_TEST_NOW``: one of the names above or an ISO date and time
    (Milan time when it has no offset)."""
    if value in INSTANTS:
        return INSTANTS[value]
    try:
        moment = datetime.datetime.fromisoformat(value.strip())
    except ValueError as error:
        names = ", ".join(INSTANTS)
        raise ValueError(
            f"{NOW_VARIABLE}={value!r} is neither an ISO date and time nor one of: {names}"
        ) from error
    return moment if moment.tzinfo else moment.replace(tzinfo=MILAN)


def chosen() -> datetime.datetime | None:
    value = os.environ.get(NOW_VARIABLE, "").strip()
    return parse(value) if value else None
