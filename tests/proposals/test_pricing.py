"""The price model: band validation, quotas rounded up to the cent, co-payment splits."""

from decimal import Decimal

import pytest

from proposals import pricing
from proposals.pricing import BandData


def bands(*rows):
    return [BandData(low, high, Decimal(price)) for low, high, price in rows]


class TestValidateBands:
    def test_a_coherent_list_has_no_errors(self):
        assert (
            pricing.validate_bands(
                bands((2, 3, "30"), (4, 6, "36")), min_households=2, max_households=6
            )
            == []
        )

    @pytest.mark.parametrize(
        ("rows", "minimum", "maximum", "fragment"),
        [
            (((2, 3, "30"), (5, 6, "36")), 2, 6, "4–4"),  # a gap
            (((2, 4, "30"), (4, 6, "36")), 2, 6, "4–6"),  # an overlap
            (((2, 3, "30"), (4, 8, "36")), 2, 6, "4–8"),  # outside min–max
            (((1, 3, "30"), (4, 6, "36")), 2, 6, "1–3"),  # below the minimum
            (((2, 3, "0"), (4, 6, "36")), 2, 6, "2–3"),  # a zero price
            (((2, 3, "-5"), (4, 6, "36")), 2, 6, "2–3"),  # a negative price
            (((2, 3, "30.555"), (4, 6, "36")), 2, 6, "2–3"),  # fractions of a cent
            (((2, 3, "30"),), 2, 6, "4–6"),  # the top households uncovered
            (((3, 2, "30"),), 2, 3, "3–2"),  # a band that ends before it starts
        ],
    )
    def test_incoherent_lists_are_refused_naming_the_band(self, rows, minimum, maximum, fragment):
        errors = pricing.validate_bands(
            bands(*rows), min_households=minimum, max_households=maximum
        )
        assert errors
        assert any(fragment in error for error in errors), errors

    def test_an_empty_list_and_an_inverted_range_are_refused(self):
        assert pricing.validate_bands([], min_households=2, max_households=4)
        assert pricing.validate_bands(bands((2, 4, "10")), min_households=5, max_households=4)
        assert pricing.validate_bands(bands((0, 4, "10")), min_households=0, max_households=4)


class TestQuotas:
    def test_each_household_pays_the_group_price_divided_rounded_up(self):
        assert pricing.quota_for(Decimal("36"), 4) == Decimal("9.00")
        assert pricing.quota_for(Decimal("10"), 3) == Decimal("3.34")
        assert pricing.quota_for(Decimal("0.01"), 7) == Decimal("0.01")

    @pytest.mark.parametrize("price", ["10", "36", "35.99", "100.01", "7.77", "1234.56"])
    def test_quotas_always_cover_the_group_price_by_less_than_a_cent_each(self, price):
        for row in pricing.quota_table(bands((1, 30, price))):
            assert row.collected >= row.group_price
            assert row.rounding_surplus < Decimal("0.01") * row.households
            assert row.quota == row.quota.quantize(Decimal("0.01"))

    def test_the_table_has_one_row_per_number_of_households_and_each_family_lowers_the_share(self):
        table = pricing.quota_table(bands((4, 6, "36"), (2, 3, "30")))
        assert [row.households for row in table] == [2, 3, 4, 5, 6]
        assert [row.quota for row in table] == [
            Decimal("15.00"),
            Decimal("10.00"),
            Decimal("9.00"),
            Decimal("7.20"),
            Decimal("6.00"),
        ]

    def test_current_quota_uses_the_nearest_band_outside_the_list(self):
        price_list = bands((2, 3, "30"), (4, 6, "36"))
        assert pricing.current_quota(price_list, 1) == Decimal("30.00")
        assert pricing.current_quota(price_list, 5) == Decimal("7.20")
        assert pricing.current_quota(price_list, 0) is None
        assert pricing.current_quota([], 3) is None


class TestCopayment:
    @pytest.mark.parametrize(
        ("quota", "percent", "city", "member"),
        [
            ("9.00", 100, "9.00", "0.00"),
            ("9.00", 50, "4.50", "4.50"),
            ("3.34", 50, "1.67", "1.67"),
            (
                "7.21",
                50,
                "3.60",
                "3.61",
            ),  # the City's part rounds down, the family's covers the rest
            ("7.21", 0, "0.00", "7.21"),
            ("7.21", 33, "2.37", "4.84"),
        ],
    )
    def test_the_city_and_the_household_together_pay_exactly_the_quota(
        self, quota, percent, city, member
    ):
        share = pricing.member_share(Decimal(quota), percent)
        assert share.city_pays == Decimal(city)
        assert share.member_pays == Decimal(member)
        assert share.city_pays + share.member_pays == Decimal(quota)

    def test_service_totals_split_the_collected_amount(self):
        price_list = bands((2, 3, "30"), (4, 6, "36"))
        totals = pricing.service_totals(
            price_list,
            ["under_10k", "10k_20k", "over_30k", ""],
            {"under_10k": 100, "10k_20k": 50, "over_30k": 0},
        )
        assert totals.households == 4
        assert totals.group_price == Decimal("36")
        assert totals.collected == Decimal("36.00")
        assert totals.city_pays == Decimal("13.50")
        assert totals.members_pay == Decimal("22.50")
        assert totals.city_pays + totals.members_pay == totals.collected
        assert pricing.service_totals(price_list, [], {}) is None
