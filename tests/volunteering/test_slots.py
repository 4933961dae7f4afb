"""Availability as a bitmask: one bit per weekday and time of day, the slots a shift covers in
Milan's time (across midnight and daylight saving), and the words that describe a mask."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from volunteering import slots

ROME = ZoneInfo("Europe/Rome")
UTC = datetime.UTC
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def rome(year, month, day_, hour, minute=0):
    return datetime.datetime(year, month, day_, hour, minute, tzinfo=ROME)


class TestBits:
    def test_monday_morning_is_bit_0_and_sunday_evening_bit_20(self):
        assert slots.bit(MON, "morning") == 1
        assert slots.bit(MON, "afternoon") == 2
        assert slots.bit(TUE, "morning") == 1 << 3
        assert slots.bit(SUN, "evening") == 1 << 20
        assert slots.ALL == (1 << 21) - 1

    def test_every_slot_has_its_own_bit(self):
        bits = [slots.bit(d, s) for d in range(7) for s in slots.TimeSlot.values]
        assert len(set(bits)) == 21
        assert sum(bits) == slots.ALL

    def test_an_unknown_time_of_day_is_an_error(self):
        with pytest.raises(ValueError):
            slots.bit(MON, "night")

    def test_keys_and_masks_round_trip(self):
        keys = ["1-morning", "3-afternoon", "6-evening"]
        mask = slots.mask_of(keys)
        assert mask == (
            slots.bit(TUE, "morning") | slots.bit(THU, "afternoon") | slots.bit(SUN, "evening")
        )
        assert slots.keys_of(mask) == keys
        assert slots.keys_of(slots.ALL)[0] == "0-morning"
        assert len(slots.keys_of(slots.ALL)) == 21

    @pytest.mark.parametrize(
        "junk", ["7-morning", "1-night", "-1-morning", "morning", "1", "", None, "x-evening"]
    )
    def test_what_a_form_could_post_wrongly_is_ignored(self, junk):
        assert slots.mask_of([junk, "0-morning"]) == 1

    def test_nothing_ticked_is_zero(self):
        assert slots.mask_of(None) == 0
        assert slots.mask_of([]) == 0
        assert slots.keys_of(0) == []
        assert slots.mask_of(["2-evening", "2-evening"]) == slots.bit(WED, "evening")

    def test_count(self):
        assert slots.count(0) == 0
        assert slots.count(slots.mask_of(["0-morning", "4-evening"])) == 2
        assert slots.count(slots.ALL) == 21


class TestShiftMask:
    # 2026-03-03 is a Tuesday.
    @pytest.mark.parametrize(
        ("start", "end", "expected"),
        [
            ((10, 0), (12, 0), ["1-morning"]),
            ((12, 0), (14, 0), ["1-morning", "1-afternoon"]),
            # 13:00 is already afternoon: a shift ending then covers the morning only.
            ((9, 0), (13, 0), ["1-morning"]),
            ((12, 30), (13, 0), ["1-morning"]),
            ((13, 0), (14, 0), ["1-afternoon"]),
            ((17, 30), (19, 0), ["1-afternoon", "1-evening"]),
            ((8, 0), (22, 0), ["1-morning", "1-afternoon", "1-evening"]),
            # Ending at midnight does not spill into Wednesday.
            ((22, 0), (24, 0), ["1-evening"]),
        ],
    )
    def test_the_slots_a_shift_covers(self, start, end, expected):
        starts_at = rome(2026, 3, 3, *start)
        ends_at = rome(2026, 3, 4, 0) if end == (24, 0) else rome(2026, 3, 3, *end)
        assert slots.keys_of(slots.shift_mask(starts_at, ends_at)) == expected

    def test_across_midnight_both_days(self):
        mask = slots.shift_mask(rome(2026, 3, 3, 23), rome(2026, 3, 4, 1))
        assert slots.keys_of(mask) == ["1-evening", "2-morning"]

    def test_sunday_night_wraps_to_monday_morning(self):
        mask = slots.shift_mask(rome(2026, 3, 8, 22), rome(2026, 3, 9, 2))
        assert mask == slots.bit(SUN, "evening") | slots.bit(MON, "morning")

    def test_times_are_read_in_milan_not_utc(self):
        # 11:30 UTC is 13:30 in Milan in July (summer time) and 12:30 in January.
        summer = datetime.datetime(2026, 7, 7, 11, 30, tzinfo=UTC)
        winter = datetime.datetime(2026, 1, 6, 11, 30, tzinfo=UTC)
        half_hour = datetime.timedelta(minutes=30)
        assert slots.keys_of(slots.shift_mask(summer, summer + half_hour)) == ["1-afternoon"]
        assert slots.keys_of(slots.shift_mask(winter, winter + half_hour)) == ["1-morning"]

    @pytest.mark.parametrize("month_day", [(3, 29), (10, 25)])
    def test_the_nights_the_clocks_change(self, month_day):
        # Both are Sundays of 2026: the hour gained or lost stays within Sunday's morning.
        start = rome(2026, *month_day, 1)
        end = rome(2026, *month_day, 5)
        assert slots.keys_of(slots.shift_mask(start, end)) == ["6-morning"]

    def test_a_shift_with_no_length_still_has_its_starting_slot(self):
        moment = rome(2026, 3, 5, 15)
        assert slots.shift_mask(moment, moment) == slots.bit(THU, "afternoon")


class TestWords:
    def test_describe_in_english_and_in_italian(self):
        mask = slots.mask_of(["1-morning", "3-afternoon"])
        with translation.override("en"):
            assert slots.describe(mask) == "Tuesday morning, Thursday afternoon"
        with translation.override("it"):
            assert slots.describe(mask) == "martedì mattina, giovedì pomeriggio"

    def test_describe_stops_at_the_limit_with_an_ellipsis(self):
        mask = slots.mask_of(["0-morning", "1-morning", "2-morning", "3-morning"])
        with translation.override("en"):
            assert slots.describe(mask, limit=2) == "Monday morning, Tuesday morning…"
            assert slots.describe(mask, limit=4).endswith("Thursday morning")
            assert "…" not in slots.describe(mask, limit=4)

    def test_describe_nothing_is_empty(self):
        assert slots.describe(0) == ""

    def test_describe_uses_the_active_language_in_lower_case(self):
        # The site is in Italian: the weekday comes from the Italian catalogue.
        assert slots.describe(slots.bit(TUE, "morning")).startswith("martedì ")

    def test_grid_has_seven_days_of_three_ticks(self):
        mask = slots.mask_of(["4-evening"])
        with translation.override("en"):
            rows = slots.grid(mask)
        assert [name for name, _cells in rows][0] == "Monday"
        assert len(rows) == 7 and all(len(cells) == 3 for _name, cells in rows)
        ticked = [key for _name, cells in rows for key, on in cells if on]
        assert ticked == ["4-evening"]
