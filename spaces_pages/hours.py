"""Opening hours of a space: is it open now, until when, and when does it open next.

Pure logic, no ORM: the page, the index, the JSON-LD and the tests all feed it plain values.

Rules (the admin form enforces them):
- A slot is a weekday (0 = Monday) and two wall-clock times in Europe/Rome.
- A slot never crosses midnight. ``closes == 00:00`` means "until the end of the day" (24:00),
  so a night opening is written as two slots, Friday 20:00–00:00 and Saturday 00:00–02:00;
  they are read as one opening, and at Friday 23:00 the space is "open until 02:00".
- Slots of the same day do not overlap.
- A closure covers whole days, first and last included; a slot belongs to the day it starts on,
  so on a closed day no slot of that day opens.

Every comparison is made in UTC: Python compares two datetimes that share a tzinfo by their
wall clock, which is wrong on the days the clocks change (the last Sundays of March and October).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wemi_community.core.milan import ROME

MIDNIGHT = time(0)
# A closure can last months (summer, works): look this far for the next opening.
LOOKAHEAD_DAYS = 400


@dataclass(frozen=True)
class Slot:
    weekday: int  # 0 = Monday … 6 = Sunday
    opens: time
    closes: time  # 00:00 = end of the day

    @property
    def ends_at_midnight(self) -> bool:
        return self.closes == MIDNIGHT

    @property
    def end_minutes(self) -> int:
        return 24 * 60 if self.ends_at_midnight else _minutes(self.closes)

    @property
    def start_minutes(self) -> int:
        return _minutes(self.opens)


@dataclass(frozen=True)
class ClosurePeriod:
    start: date
    end: date
    reason: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


class State(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    # No opening hours published: say so rather than "closed".
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Status:
    state: State
    now: datetime  # in Europe/Rome
    until: datetime | None = None  # open: when it closes (None: open past the horizon)
    next_opening: datetime | None = None  # closed: when it opens next (None: not in sight)
    closure: ClosurePeriod | None = None  # the closure that covers today, if any

    @property
    def is_open(self) -> bool:
        return self.state == State.OPEN


# --- Validation (used by the admin form) -----------------------------------------------------


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def slot_is_valid(opens: time, closes: time) -> bool:
    """A slot ends after it starts; 00:00 as the end means midnight at the end of the day."""
    return closes == MIDNIGHT or closes > opens


def overlapping_slots(slots: Sequence[Slot]) -> set[int]:
    """Indexes of the slots that overlap an earlier slot of the same day. Touching slots
    (09:00–13:00 and 13:00–18:00) do not overlap."""
    clashes: set[int] = set()
    for i, slot in enumerate(slots):
        for other in slots[:i]:
            if other.weekday != slot.weekday:
                continue
            if slot.start_minutes < other.end_minutes and other.start_minutes < slot.end_minutes:
                clashes.add(i)
                break
    return clashes


# --- Status ------------------------------------------------------------------------------------


def _intervals(
    slots: Sequence[Slot], closures: Sequence[ClosurePeriod], first_day: date
) -> Iterator[tuple[datetime, datetime]]:
    """Opening intervals in UTC from first_day on, in order, skipping closed days."""
    by_weekday: dict[int, list[Slot]] = {}
    for slot in sorted(slots, key=lambda s: (s.weekday, s.opens)):
        by_weekday.setdefault(slot.weekday, []).append(slot)
    for offset in range(LOOKAHEAD_DAYS + 1):
        day = first_day + timedelta(days=offset)
        day_slots = by_weekday.get(day.weekday())
        if not day_slots or any(c.covers(day) for c in closures):
            continue
        for slot in day_slots:
            start = datetime.combine(day, slot.opens, ROME).astimezone(UTC)
            end_day = day + timedelta(days=1) if slot.ends_at_midnight else day
            end = datetime.combine(end_day, slot.closes, ROME).astimezone(UTC)
            # A slot inside the hour that springs forward can be empty.
            if end > start:
                yield start, end


def _merged(intervals: Iterable[tuple[datetime, datetime]]) -> Iterator[tuple[datetime, datetime]]:
    """Joins intervals that touch, so Friday 20:00–24:00 + Saturday 00:00–02:00 is one."""
    current: tuple[datetime, datetime] | None = None
    for start, end in intervals:
        if current is not None and start <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current is not None:
            yield current
        current = (start, end)
    if current is not None:
        yield current


def status_at(
    now: datetime, slots: Sequence[Slot], closures: Sequence[ClosurePeriod] = ()
) -> Status:
    """Whether the space is open at ``now`` (an aware datetime), in Europe/Rome."""
    if now.tzinfo is None:
        raise ValueError("status_at needs an aware datetime")
    local = now.astimezone(ROME)
    today = local.date()
    closure = next((c for c in closures if c.covers(today)), None)
    if not slots:
        return Status(State.UNKNOWN, local, closure=closure)
    now_utc = now.astimezone(UTC)
    # Start from yesterday: last night's opening may still be running.
    for start, end in _merged(_intervals(slots, closures, today - timedelta(days=1))):
        if end <= now_utc:
            continue
        if start <= now_utc:
            horizon = datetime.combine(today + timedelta(days=LOOKAHEAD_DAYS), MIDNIGHT, ROME)
            until = None if end >= horizon.astimezone(UTC) else end.astimezone(ROME)
            return Status(State.OPEN, local, until=until, closure=closure)
        return Status(State.CLOSED, local, next_opening=start.astimezone(ROME), closure=closure)
    return Status(State.CLOSED, local, closure=closure)


# --- Words -------------------------------------------------------------------------------------


def format_time(value: time | datetime) -> str:
    # 24-hour clock in both languages: the site speaks of Milan's opening hours.
    return value.strftime("%H:%M")


def format_slot_end(slot: Slot) -> str:
    return "24:00" if slot.ends_at_midnight else format_time(slot.closes)


def _on_weekday_at() -> list[str]:
    # One sentence per day, so each language writes the day as it does mid-sentence
    # (Italian: "martedì", lower case).
    return [
        _("on Monday at %(time)s"),
        _("on Tuesday at %(time)s"),
        _("on Wednesday at %(time)s"),
        _("on Thursday at %(time)s"),
        _("on Friday at %(time)s"),
        _("on Saturday at %(time)s"),
        _("on Sunday at %(time)s"),
    ]


def _when(moment: datetime, now: datetime) -> str:
    days = (moment.date() - now.date()).days
    at = format_time(moment)
    if days == 0:
        return _("today at %(time)s") % {"time": at}
    if days == 1:
        return _("tomorrow at %(time)s") % {"time": at}
    if days < 7:
        return _on_weekday_at()[moment.weekday()] % {"time": at}
    return _("on %(date)s at %(time)s") % {"date": date_format(moment, "j F"), "time": at}


@dataclass(frozen=True)
class StatusText:
    headline: str
    detail: str


def describe(status: Status) -> StatusText:
    """The status in words, in the active language: a short headline and a detail."""
    if status.state == State.UNKNOWN:
        return StatusText(_("Opening hours not published"), _("Contact the space to ask."))
    if status.is_open:
        if status.until is None:
            return StatusText(_("Open now"), "")
        tomorrow = status.now.date() + timedelta(days=1)
        if status.until.date() == status.now.date():
            detail = _("until %(time)s") % {"time": format_time(status.until)}
        elif status.until.date() == tomorrow and status.until.time() == MIDNIGHT:
            detail = _("until midnight")
        elif status.until.date() == tomorrow:
            detail = _("until %(time)s tomorrow") % {"time": format_time(status.until)}
        else:
            detail = _("until %(when)s") % {"when": _when(status.until, status.now)}
        return StatusText(_("Open now"), detail)
    if status.next_opening is None:
        detail = ""
    else:
        detail = _("opens %(when)s") % {"when": _when(status.next_opening, status.now)}
    if status.closure is not None:
        return StatusText(_("Closed today"), detail)
    return StatusText(_("Closed now"), detail)


def week_table(slots: Sequence[Slot]) -> list[tuple[int, str, list[Slot]]]:
    """Monday to Sunday: (weekday, day name, that day's slots in order)."""
    rows = []
    for weekday in range(7):
        day_slots = sorted((s for s in slots if s.weekday == weekday), key=lambda s: s.opens)
        rows.append((weekday, str(WEEKDAYS[weekday]), day_slots))
    return rows
