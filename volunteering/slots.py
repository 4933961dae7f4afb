"""Availability as a number: one bit per weekday and time of day (Monday morning is bit 0,
Sunday evening bit 20), so profiles, offers and shifts can be matched in the database with a
bitwise AND, and overlaps counted. Pure logic, Milan's time."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms_templates import wording


class TimeSlot(models.TextChoices):
    MORNING = "morning", _("morning")
    AFTERNOON = "afternoon", _("afternoon")
    EVENING = "evening", _("evening")


SLOTS = list(TimeSlot)
# Where each time of day ends (the last hour of it).
SLOT_ENDS = {TimeSlot.MORNING: 13, TimeSlot.AFTERNOON: 18, TimeSlot.EVENING: 24}
WEEKDAYS = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]
WEEK_SLOTS = 7 * len(SLOTS)
# A key's weekday as written ("²" would pass str.isdigit and fail int()).
WEEKDAY_DIGITS = {str(day): day for day in range(7)}
ALL = (1 << WEEK_SLOTS) - 1


def bit(weekday: int, slot: str) -> int:
    return 1 << (weekday * len(SLOTS) + SLOTS.index(TimeSlot(slot)))


def key(weekday: int, slot: str) -> str:
    """A form's value for one slot: "1-morning"."""
    return f"{weekday}-{slot}"


def mask_of(keys) -> int:
    mask = 0
    for value in keys or ():
        weekday, _sep, slot = str(value).partition("-")
        if weekday in WEEKDAY_DIGITS and slot in TimeSlot.values:
            mask |= bit(WEEKDAY_DIGITS[weekday], slot)
    return mask


def keys_of(mask: int) -> list[str]:
    return [
        key(weekday, slot)
        for weekday in range(7)
        for slot in TimeSlot.values
        if mask & bit(weekday, slot)
    ]


def _slot_of_hour(hour: int) -> str:
    for slot in SLOTS:
        if hour < SLOT_ENDS[slot]:
            return slot
    return TimeSlot.EVENING


def shift_mask(starts_at: datetime.datetime, ends_at: datetime.datetime) -> int:
    """The slots a shift covers, in Milan's time (a shift across midnight covers both days)."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    mask = 0
    moment = start
    while moment < end:
        mask |= bit(moment.weekday(), _slot_of_hour(moment.hour))
        moment += datetime.timedelta(hours=1)
        moment = moment.replace(minute=0, second=0, microsecond=0)
    return mask or bit(start.weekday(), _slot_of_hour(start.hour))


def count(mask: int) -> int:
    return bin(mask).count("1")


def describe(mask: int, limit: int = 3) -> str:
    """ "Tuesday morning, Thursday afternoon" (as inside a sentence, in the active language)."""
    parts = [
        f"{wording.weekday(weekday)} {TimeSlot(slot).label}"
        for weekday in range(7)
        for slot in TimeSlot.values
        if mask & bit(weekday, slot)
    ]
    text = ", ".join(parts[:limit])
    return text + ("…" if len(parts) > limit else "")


def grid(mask: int) -> list[tuple[str, list[tuple[str, bool]]]]:
    """(weekday, [(key, ticked) per time of day]) for the forms' and pages' tables."""
    return [
        (
            str(WEEKDAYS[weekday]),
            [(key(weekday, slot), bool(mask & bit(weekday, slot))) for slot in TimeSlot.values],
        )
        for weekday in range(7)
    ]
