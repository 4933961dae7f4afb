"""Occurrences of a recurring event, as pure logic: every N weeks on some weekdays, from a
day until a day (or a number of times), at the same hours in Milan's time, skipping the
space's closures. No database here: the services pass the closures in."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wemi_community.core.milan import in_rome

MAX_OCCURRENCES = 500
MAX_INTERVAL = 8
# However the closures fall, a rule never looks further ahead than this.
HORIZON = datetime.timedelta(days=366 * 5)


@dataclass(frozen=True)
class Rule:
    starts_on: datetime.date
    weekdays: tuple[int, ...]
    start_time: datetime.time
    end_time: datetime.time
    interval: int = 1
    until: datetime.date | None = None
    count: int | None = None
    skip_closures: bool = True


def _check(rule: Rule) -> None:
    errors = {}
    if not rule.weekdays or any(day not in range(7) for day in rule.weekdays):
        errors["weekdays"] = _("Choose at least one day of the week.")
    if not 1 <= rule.interval <= MAX_INTERVAL:
        errors["interval"] = _("Repeat every 1 to %(max)s weeks.") % {"max": MAX_INTERVAL}
    if rule.end_time <= rule.start_time:
        errors["end_time"] = _("The end must come after the start.")
    if rule.until is None and not rule.count:
        errors["until"] = _("Say until when it repeats, or how many times.")
    elif rule.until is not None and rule.until < rule.starts_on:
        errors["until"] = _("The last day cannot come before the first.")
    if rule.count is not None and rule.count > MAX_OCCURRENCES:
        errors["count"] = _("At most %(max)s times.") % {"max": MAX_OCCURRENCES}
    if errors:
        raise ValidationError(errors)


def _closed(day: datetime.date, closures: list[tuple[datetime.date, datetime.date]]) -> bool:
    return any(first <= day <= last for first, last in closures)


def occurrences(
    rule: Rule, closures: Iterable[tuple[datetime.date, datetime.date]] = ()
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The (start, end) of every occurrence, in order. A rule that generates nothing, or more
    than ``MAX_OCCURRENCES``, is refused with a message."""
    _check(rule)
    closures = list(closures) if rule.skip_closures else []
    weekdays = sorted(set(rule.weekdays))
    week = rule.starts_on - datetime.timedelta(days=rule.starts_on.weekday())
    horizon = rule.starts_on + HORIZON
    found: list[tuple[datetime.datetime, datetime.datetime]] = []
    while week <= horizon:
        for weekday in weekdays:
            day = week + datetime.timedelta(days=weekday)
            if day < rule.starts_on:
                continue
            if rule.until is not None and day > rule.until:
                return _done(found)
            if _closed(day, closures):
                continue
            found.append((in_rome(day, rule.start_time), in_rome(day, rule.end_time)))
            if rule.count and len(found) >= rule.count:
                return _done(found)
            if len(found) > MAX_OCCURRENCES:
                raise ValidationError(
                    {
                        "until": _(
                            "This rule makes more than %(max)s events: choose an earlier last day."
                        )
                        % {"max": MAX_OCCURRENCES}
                    }
                )
        week += datetime.timedelta(weeks=rule.interval)
    return _done(found)


def _done(found: list) -> list:
    if not found:
        raise ValidationError(
            {
                "weekdays": _(
                    "This rule makes no event: every day it gives is closed or out of range."
                )
            }
        )
    return found
