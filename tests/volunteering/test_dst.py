"""Shifts on the nights the clocks change: durations, the 24-hour limit and the cancel
deadline count real hours, whether a shift was just written (Milan datetimes) or read back from
the database (UTC). The clock is set by each test, at fixed dates."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from tests.volunteering.helpers import opportunity
from volunteering import services
from volunteering.models import Shift

pytestmark = pytest.mark.django_db


class TestTheNightTheClocksChange:
    """Durations and deadlines count real hours, whether the shift was just written (Milan
    datetimes) or read back from the database (UTC)."""

    MILAN = ZoneInfo("Europe/Rome")

    def _shift(self, time_machine, start_hour, end_hour):
        time_machine.move_to(datetime.datetime(2027, 3, 20, 12, tzinfo=self.MILAN), tick=False)
        created, coordinator = opportunity(cancel_hours=24)
        # 28 March 2027 in Milan: at 02:00 the clocks jump to 03:00.
        return services.shift_add(
            actor=coordinator,
            opportunity=created,
            starts_at=datetime.datetime(2027, 3, 28, start_hour, tzinfo=self.MILAN),
            ends_at=datetime.datetime(2027, 3, 28, end_hour, tzinfo=self.MILAN),
            capacity=2,
        )

    def test_a_shift_across_the_change_lasts_two_hours(self, time_machine):
        written = self._shift(time_machine, 1, 4)
        assert written.duration_hours == Decimal("2.00")
        assert Shift.objects.get(pk=written.pk).duration_hours == Decimal("2.00")

    def test_the_cancel_deadline_is_24_real_hours_before(self, time_machine):
        written = self._shift(time_machine, 10, 12)
        # 10:00 summer time is 08:00 UTC; a day earlier, 08:00 UTC is 09:00 on the clock.
        expected = datetime.datetime(2027, 3, 27, 8, tzinfo=datetime.UTC)
        assert services.cancel_deadline(written) == expected
        assert services.cancel_deadline(Shift.objects.get(pk=written.pk)) == expected

    def test_23_hours_and_a_half_on_the_clock_across_the_autumn_change_is_too_long(
        self, time_machine
    ):
        time_machine.move_to(datetime.datetime(2027, 10, 20, 12, tzinfo=self.MILAN), tick=False)
        created, coordinator = opportunity()
        # 30 October 12:00 to 31 October 11:30 in Milan: 23:30 on the clock, 24:30 in time.
        with pytest.raises(ValidationError) as refused:
            services.shift_add(
                actor=coordinator,
                opportunity=created,
                starts_at=datetime.datetime(2027, 10, 30, 12, tzinfo=self.MILAN),
                ends_at=datetime.datetime(2027, 10, 31, 11, 30, tzinfo=self.MILAN),
                capacity=2,
            )
        assert "ends_at" in refused.value.message_dict
        assert not Shift.objects.exists()
