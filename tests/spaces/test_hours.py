"""The opening-hours logic, on its own: no database, times in Europe/Rome, checked in UTC
across midnight, closures and the two daylight-saving changes (last Sundays of March and
October: 29 March and 25 October 2026)."""

from datetime import UTC, date, datetime, time

import pytest
from django.utils import translation

from spaces_pages import hours
from spaces_pages.hours import ClosurePeriod, Slot, State
from wemi_community.core.milan import ROME

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

OFFICE = [
    *(Slot(day, time(9), time(13)) for day in range(5)),
    *(Slot(day, time(14), time(18)) for day in range(5)),
]
NIGHT = [Slot(FRI, time(20), time(0)), Slot(SAT, time(0), time(2))]


def rome(*args) -> datetime:
    return datetime(*args, tzinfo=ROME)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# --- Within a day ----------------------------------------------------------------------------


def test_open_during_a_slot_until_its_end():
    status = hours.status_at(rome(2026, 11, 23, 10, 0), OFFICE)  # a Monday
    assert status.state == State.OPEN
    assert status.until == rome(2026, 11, 23, 13, 0)
    assert hours.describe(status) == hours.StatusText("Open now", "until 13:00")


def test_before_opening_it_opens_today():
    status = hours.status_at(rome(2026, 11, 23, 7, 45), OFFICE)
    assert status.state == State.CLOSED
    assert status.next_opening == rome(2026, 11, 23, 9, 0)
    assert hours.describe(status) == hours.StatusText("Closed now", "opens today at 09:00")


def test_at_lunch_it_opens_again_in_the_afternoon():
    status = hours.status_at(rome(2026, 11, 23, 13, 30), OFFICE)
    assert not status.is_open
    assert status.next_opening == rome(2026, 11, 23, 14, 0)


def test_after_closing_it_opens_tomorrow():
    status = hours.status_at(rome(2026, 11, 23, 19, 0), OFFICE)
    assert status.next_opening == rome(2026, 11, 24, 9, 0)
    assert hours.describe(status).detail == "opens tomorrow at 09:00"


def test_on_friday_evening_it_opens_on_monday():
    status = hours.status_at(rome(2026, 11, 27, 18, 30), OFFICE)
    assert status.next_opening == rome(2026, 11, 30, 9, 0)
    assert hours.describe(status).detail == "opens on Monday at 09:00"


def test_the_opening_minute_is_open_and_the_closing_minute_is_closed():
    assert hours.status_at(rome(2026, 11, 23, 9, 0), OFFICE).is_open
    assert not hours.status_at(rome(2026, 11, 23, 13, 0), OFFICE).is_open
    assert hours.status_at(rome(2026, 11, 23, 12, 59, 59), OFFICE).is_open


def test_touching_slots_read_as_one_opening():
    slots = [Slot(MON, time(9), time(13)), Slot(MON, time(13), time(18))]
    status = hours.status_at(rome(2026, 11, 23, 12, 0), slots)
    assert status.until == rome(2026, 11, 23, 18, 0)


def test_the_same_instant_in_utc_gives_the_same_answer():
    in_rome = hours.status_at(rome(2026, 11, 23, 10, 0), OFFICE)
    in_utc = hours.status_at(utc(2026, 11, 23, 9, 0), OFFICE)
    assert in_rome == in_utc
    assert in_utc.now.tzinfo == ROME


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        hours.status_at(datetime(2026, 11, 23, 10, 0), OFFICE)


def test_no_hours_published_is_not_closed_but_unknown():
    status = hours.status_at(rome(2026, 11, 23, 10, 0), [])
    assert status.state == State.UNKNOWN
    assert hours.describe(status).headline == "Opening hours not published"


# --- Across midnight -------------------------------------------------------------------------


def test_a_night_opening_runs_across_midnight():
    status = hours.status_at(rome(2026, 11, 27, 23, 0), NIGHT)  # Friday
    assert status.is_open
    assert status.until == rome(2026, 11, 28, 2, 0)
    assert hours.describe(status).detail == "until 02:00 tomorrow"


def test_after_midnight_the_night_opening_is_still_open():
    status = hours.status_at(rome(2026, 11, 28, 1, 0), NIGHT)
    assert status.is_open
    assert status.until == rome(2026, 11, 28, 2, 0)
    assert hours.describe(status).detail == "until 02:00"


def test_when_the_night_ends_it_is_closed_until_next_friday():
    status = hours.status_at(rome(2026, 11, 28, 2, 0), NIGHT)
    assert not status.is_open
    assert status.next_opening == rome(2026, 12, 4, 20, 0)
    assert hours.describe(status).detail == "opens on Friday at 20:00"


def test_a_slot_ending_at_midnight_ends_at_the_end_of_its_day():
    slots = [Slot(FRI, time(18), time(0))]
    status = hours.status_at(rome(2026, 11, 27, 23, 59), slots)
    assert status.is_open
    assert status.until == rome(2026, 11, 28, 0, 0)
    assert hours.describe(status).detail == "until midnight"
    assert not hours.status_at(rome(2026, 11, 28, 0, 0), slots).is_open


def test_across_new_year():
    slots = [Slot(THU, time(20), time(0)), Slot(FRI, time(0), time(1))]
    status = hours.status_at(rome(2026, 12, 31, 23, 30), slots)  # a Thursday
    assert status.until == rome(2027, 1, 1, 1, 0)


def test_open_every_day_around_the_clock():
    slots = [Slot(day, time(0), time(0)) for day in range(7)]
    status = hours.status_at(rome(2026, 11, 23, 3, 0), slots)
    assert status.is_open
    assert status.until is None
    assert hours.describe(status) == hours.StatusText("Open now", "")


# --- Closures --------------------------------------------------------------------------------


def test_a_closure_today_says_closed_today_and_when_it_opens_again():
    closures = [ClosurePeriod(date(2026, 12, 7), date(2026, 12, 8), "Sant'Ambrogio")]
    status = hours.status_at(rome(2026, 12, 7, 10, 0), OFFICE, closures)
    assert status.state == State.CLOSED
    assert status.closure == closures[0]
    assert status.next_opening == rome(2026, 12, 9, 9, 0)
    assert hours.describe(status) == hours.StatusText("Closed today", "opens on Wednesday at 09:00")


def test_the_day_before_a_closure_is_a_normal_day():
    closures = [ClosurePeriod(date(2026, 12, 7), date(2026, 12, 8), "Sant'Ambrogio")]
    status = hours.status_at(rome(2026, 12, 4, 19, 0), OFFICE, closures)  # Friday
    assert status.closure is None
    assert status.next_opening == rome(2026, 12, 9, 9, 0)


def test_a_summer_closure_pushes_the_next_opening_weeks_ahead():
    closures = [ClosurePeriod(date(2026, 8, 1), date(2026, 8, 31), "Chiusura estiva")]
    status = hours.status_at(rome(2026, 7, 31, 19, 0), OFFICE, closures)  # Friday
    assert status.next_opening == rome(2026, 9, 1, 9, 0)
    assert hours.describe(status).detail == "opens on 1 September at 09:00"


def test_a_closure_on_the_next_day_cuts_a_night_opening_at_midnight():
    closures = [ClosurePeriod(date(2026, 11, 28), date(2026, 11, 28), "Sciopero")]
    status = hours.status_at(rome(2026, 11, 27, 23, 0), NIGHT, closures)
    assert status.until == rome(2026, 11, 28, 0, 0)
    assert not hours.status_at(rome(2026, 11, 28, 1, 0), NIGHT, closures).is_open


def test_closed_for_good_has_no_next_opening():
    closures = [ClosurePeriod(date(2026, 1, 1), date(2028, 12, 31), "Lavori")]
    status = hours.status_at(rome(2026, 11, 23, 10, 0), OFFICE, closures)
    assert status.state == State.CLOSED
    assert status.next_opening is None
    assert hours.describe(status) == hours.StatusText("Closed today", "")


def test_a_closure_that_ended_yesterday_changes_nothing():
    closures = [ClosurePeriod(date(2026, 11, 20), date(2026, 11, 22), "Ponte")]
    status = hours.status_at(rome(2026, 11, 23, 10, 0), OFFICE, closures)
    assert status.is_open
    assert status.closure is None


# --- Daylight saving -------------------------------------------------------------------------


def test_spring_forward_next_opening_is_at_local_time_in_summer_offset():
    # Saturday evening in winter time; Monday 09:00 is in summer time, 07:00 UTC.
    status = hours.status_at(rome(2026, 3, 28, 20, 0), OFFICE)
    assert status.next_opening.astimezone(UTC) == utc(2026, 3, 30, 7, 0)
    assert hours.format_time(status.next_opening) == "09:00"


def test_spring_forward_night_slot_is_one_hour_shorter():
    # Sunday 29 March: 01:00 CET to 04:00 CEST is two real hours, 00:00 to 02:00 UTC.
    slots = [Slot(SUN, time(1), time(4))]
    assert hours.status_at(utc(2026, 3, 29, 0, 30), slots).is_open  # 01:30 CET
    status = hours.status_at(utc(2026, 3, 29, 1, 30), slots)  # 03:30 CEST
    assert status.is_open
    assert status.until == rome(2026, 3, 29, 4, 0)
    assert status.until.astimezone(UTC) == utc(2026, 3, 29, 2, 0)
    assert not hours.status_at(utc(2026, 3, 29, 2, 0), slots).is_open


def test_spring_forward_a_slot_inside_the_missing_hour_never_opens_that_day():
    slots = [Slot(SUN, time(2), time(3))]
    status = hours.status_at(rome(2026, 3, 29, 0, 30), slots)
    assert status.next_opening == rome(2026, 4, 5, 2, 0)


def test_spring_forward_now_in_summer_time_is_read_correctly():
    # 08:30 UTC is 09:30 in winter but 10:30 in summer: open, with one morning hour gone.
    slots = [Slot(SUN, time(9), time(10)), Slot(SUN, time(10), time(11))]
    status = hours.status_at(utc(2026, 3, 29, 8, 30), slots)
    assert status.now.hour == 10
    assert status.until == rome(2026, 3, 29, 11, 0)


def test_fall_back_an_all_day_opening_lasts_25_hours():
    slots = [Slot(SUN, time(0), time(0))]
    start = utc(2026, 10, 24, 22, 0)  # Sunday 00:00 CEST
    end = utc(2026, 10, 25, 23, 0)  # Monday 00:00 CET
    assert hours.status_at(start, slots).is_open
    status = hours.status_at(utc(2026, 10, 25, 22, 59), slots)
    assert status.is_open
    assert status.until.astimezone(UTC) == end
    assert not hours.status_at(end, slots).is_open


def test_fall_back_the_repeated_hour_is_open_both_times():
    # 02:00–03:00 on 25 October runs from 02:00 CEST to 03:00 CET: two real hours.
    slots = [Slot(SUN, time(2), time(3))]
    assert hours.status_at(utc(2026, 10, 25, 0, 30), slots).is_open  # 02:30 CEST
    assert hours.status_at(utc(2026, 10, 25, 1, 30), slots).is_open  # 02:30 CET
    assert not hours.status_at(utc(2026, 10, 25, 2, 0), slots).is_open  # 03:00 CET


def test_fall_back_an_evening_slot_keeps_its_local_times():
    status = hours.status_at(rome(2026, 10, 24, 19, 0), OFFICE)  # Saturday, summer time
    assert status.next_opening == rome(2026, 10, 26, 9, 0)
    assert status.next_opening.astimezone(UTC) == utc(2026, 10, 26, 8, 0)


# --- Validation helpers and the week ---------------------------------------------------------


@pytest.mark.parametrize(
    ("opens", "closes", "valid"),
    [
        (time(9), time(13), True),
        (time(13), time(9), False),
        (time(9), time(9), False),
        (time(20), time(0), True),  # until midnight
        (time(0), time(0), True),  # the whole day
        (time(0), time(2), True),
    ],
)
def test_slot_validity(opens, closes, valid):
    assert hours.slot_is_valid(opens, closes) is valid


def test_overlaps_are_found_on_the_same_day_only():
    slots = [
        Slot(MON, time(9), time(13)),
        Slot(MON, time(12), time(14)),  # overlaps the first
        Slot(MON, time(14), time(18)),  # touches the second: fine
        Slot(TUE, time(9), time(13)),  # another day
        Slot(FRI, time(20), time(0)),
        Slot(FRI, time(23), time(0)),  # inside the one ending at midnight
    ]
    assert hours.overlapping_slots(slots) == {1, 5}


def test_the_week_table_lists_every_day_in_order():
    table = hours.week_table([Slot(WED, time(14), time(18)), Slot(WED, time(9), time(13))])
    assert [row[0] for row in table] == list(range(7))
    assert table[0][1] == "Monday"
    assert [s.opens for s in table[WED][2]] == [time(9), time(14)]
    assert table[MON][2] == []


def test_midnight_is_written_as_24_00_in_the_week():
    assert hours.format_slot_end(Slot(FRI, time(20), time(0))) == "24:00"
