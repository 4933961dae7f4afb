"""Occurrences of recurring events: weekdays, intervals, last day or count, closures, Milan's
time across the change to and from summer time, and the rules that are refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from events.recurrence import MAX_OCCURRENCES, Rule, occurrences
from wemi_community.core.milan import ROME

D = datetime.date
T = datetime.time


def rule(**changes):
    values = {
        "starts_on": D(2027, 1, 5),  # a Tuesday
        "weekdays": (1,),
        "start_time": T(10),
        "end_time": T(12),
        "until": D(2027, 6, 30),
    }
    values.update(changes)
    return Rule(**values)


def days(found):
    return [start.date() for start, _end in found]


def test_every_tuesday_until_june():
    found = occurrences(rule())
    assert days(found)[0] == D(2027, 1, 5) and days(found)[-1] == D(2027, 6, 29)
    assert len(found) == 26
    assert all(start.weekday() == 1 for start, _end in found)
    start, end = found[0]
    assert start.tzinfo == ROME and (start.hour, end.hour) == (10, 12)


def test_milan_time_holds_across_summer_time():
    found = occurrences(rule(starts_on=D(2027, 3, 23), until=D(2027, 4, 6)))
    utc_hours = [start.astimezone(datetime.UTC).hour for start, _end in found]
    assert [start.hour for start, _end in found] == [10, 10, 10]
    assert utc_hours == [9, 8, 8]  # 28 March 2027: clocks go forward


def test_several_weekdays_every_other_week_and_a_count():
    found = occurrences(rule(weekdays=(3, 1), interval=2, until=None, count=5))
    assert days(found) == [
        D(2027, 1, 5),
        D(2027, 1, 7),
        D(2027, 1, 19),
        D(2027, 1, 21),
        D(2027, 2, 2),
    ]


def test_closures_are_skipped_and_do_not_count():
    closures = [(D(2027, 1, 10), D(2027, 1, 20))]
    found = occurrences(rule(until=None, count=3), closures)
    assert days(found) == [D(2027, 1, 5), D(2027, 1, 26), D(2027, 2, 2)]
    kept = occurrences(rule(until=None, count=3, skip_closures=False), closures)
    assert days(kept) == [D(2027, 1, 5), D(2027, 1, 12), D(2027, 1, 19)]


def test_the_first_day_is_included_and_earlier_weekdays_of_its_week_are_not():
    found = occurrences(rule(weekdays=(0, 1), until=D(2027, 1, 12)))
    assert days(found) == [D(2027, 1, 5), D(2027, 1, 11), D(2027, 1, 12)]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"weekdays": ()}, "weekdays"),
        ({"weekdays": (7,)}, "weekdays"),
        ({"interval": 0}, "interval"),
        ({"interval": 9}, "interval"),
        ({"end_time": T(9)}, "end_time"),
        ({"end_time": T(10)}, "end_time"),
        ({"until": None}, "until"),
        ({"until": D(2026, 12, 31)}, "until"),
        ({"until": None, "count": MAX_OCCURRENCES + 1}, "count"),
        ({"until": D(2037, 1, 1), "weekdays": (0, 1, 2, 3, 4)}, "until"),
        ({"until": D(2027, 1, 9), "weekdays": (0,)}, "weekdays"),
    ],
)
def test_rules_that_make_nothing_or_too_much_are_refused(changes, field):
    with pytest.raises(ValidationError) as refused:
        occurrences(rule(**changes))
    assert field in refused.value.message_dict


def test_a_rule_entirely_closed_makes_nothing():
    closures = [(D(2027, 1, 1), D(2027, 12, 31))]
    with pytest.raises(ValidationError):
        occurrences(rule(), closures)


def test_five_hundred_is_the_most():
    found = occurrences(rule(weekdays=(0, 1, 2, 3, 4, 5, 6), until=None, count=MAX_OCCURRENCES))
    assert len(found) == MAX_OCCURRENCES
