"""The times of appointment slots inside a space's opening hours. Pure: it takes the hours
and closures as ``spaces_pages.hours`` describes them (``SpacePage.hour_slots()``,
``closure_periods()``) and answers intervals in UTC.

Slots are cut in real minutes from each opening's start, in UTC: on the night the clocks
spring forward an opening of 00:00–04:00 lasts three hours and holds six half hours, on
the night they fall back it lasts five and holds ten; a wall-clock time that does not
exist is never produced. A slot never runs past its opening's end, and an opening that
ends at midnight ends at the next day's 00:00."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta

from spaces_pages.hours import ClosurePeriod, Slot
from wemi_community.core.milan import in_rome


def opening_intervals(
    day: date, slots: Sequence[Slot], closures: Sequence[ClosurePeriod]
) -> list[tuple[datetime, datetime]]:
    """The day's openings in UTC, in order; none on a closed day."""
    if any(closure.covers(day) for closure in closures):
        return []
    found = []
    for slot in sorted((s for s in slots if s.weekday == day.weekday()), key=lambda s: s.opens):
        start = in_rome(day, slot.opens).astimezone(UTC)
        end_day = day + timedelta(days=1) if slot.ends_at_midnight else day
        end = in_rome(end_day, slot.closes).astimezone(UTC)
        # An opening inside the hour that springs forward can be empty.
        if end > start:
            found.append((start, end))
    return found


def slot_times(
    first_day: date,
    last_day: date,
    length: timedelta,
    slots: Sequence[Slot],
    closures: Sequence[ClosurePeriod] = (),
) -> Iterator[tuple[datetime, datetime]]:
    """(start, end) in UTC of every slot of ``length`` from ``first_day`` to ``last_day``
    (both included), within the openings and never on a closed day."""
    if length <= timedelta(0):
        raise ValueError("a slot lasts some minutes")
    day = first_day
    while day <= last_day:
        for start, end in opening_intervals(day, slots, closures):
            moment = start
            while moment + length <= end:
                yield moment, moment + length
                moment += length
        day += timedelta(days=1)
