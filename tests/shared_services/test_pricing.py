"""The price model: band validation, quotas rounded up to the cent, co-payment splits."""

from decimal import Decimal

import pytest

from shared_services import pricing
from shared_services.pricing import BandData


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


# The price list: from 4 households, € 45 an hour for the group; from 6, € 54.
STEPS = ((4, 5, "45.00"), (6, 8, "54.00"))


class TestHouseholdPrice:
    @pytest.mark.parametrize(("households", "missing"), [(0, 4), (1, 3), (2, 2), (3, 1)])
    def test_below_the_minimum_a_household_reads_the_minimum_row_and_how_many_are_missing(
        self, households, missing
    ):
        price = pricing.household_price(bands(*STEPS), households)
        assert price.below_minimum
        assert price.missing == missing
        assert price.households == households
        # What each will pay once 4 households are there, never the group price split among
        # fewer households (€ 45 for the first one alone).
        assert price.row.households == 4
        assert price.quota == price.member_pays == Decimal("11.25")
        assert price.group_price == Decimal("45.00")

    @pytest.mark.parametrize(
        ("households", "quota", "group"),
        [
            (4, "11.25", "45.00"),  # the minimum: the first band's first row
            (5, "9.00", "45.00"),  # the first band's last row
            (6, "9.00", "54.00"),  # the second band's first row
            (7, "7.72", "54.00"),  # 54 / 7 = 7.714…, rounded up
            (8, "6.75", "54.00"),  # the maximum
        ],
    )
    def test_from_the_minimum_on_the_price_is_the_quota_table_row(self, households, quota, group):
        price = pricing.household_price(bands(*STEPS), households)
        row = {row.households: row for row in pricing.quota_table(bands(*STEPS))}[households]
        assert not price.below_minimum and price.missing == 0
        assert price.row == row
        assert price.quota == row.quota == Decimal(quota)
        assert price.group_price == Decimal(group)
        assert price.quota * households >= price.group_price

    def test_above_the_maximum_the_last_row_applies(self):
        price = pricing.household_price(bands(*STEPS), 9)
        assert price.row.households == 8 and price.quota == Decimal("6.75")
        assert not price.below_minimum

    def test_every_line_of_the_list_is_what_household_price_says(self):
        for mode, percent in (("paid", None), ("free", None), ("copayment", 50), ("copayment", 0)):
            lines = pricing.household_prices(bands(*STEPS), pricing_mode=mode, city_percent=percent)
            assert [line.households for line in lines] == [4, 5, 6, 7, 8]
            for line in lines:
                again = pricing.household_price(
                    bands(*STEPS), line.households, pricing_mode=mode, city_percent=percent
                )
                assert again == line

    def test_free_the_city_pays_the_whole_quota(self):
        for households in (1, 4, 8):
            price = pricing.household_price(bands(*STEPS), households, pricing_mode="free")
            assert price.is_free
            assert price.member_pays == Decimal("0.00")
            assert price.city_pays == price.quota

    @pytest.mark.parametrize(
        ("households", "percent", "member", "city"),
        [
            (1, 50, "5.63", "5.62"),  # below the minimum: the split of the minimum's quota
            (4, 50, "5.63", "5.62"),  # 11.25: the City's half rounds down
            (4, 100, "0.00", "11.25"),
            (4, 0, "11.25", "0.00"),
            (7, 25, "5.79", "1.93"),  # 7.72 × 25% = 1.93
            (8, 33, "4.53", "2.22"),  # 6.75 × 33% = 2.2275 → 2.22
        ],
    )
    def test_co_payment_the_household_pays_the_quota_after_the_citys_share(
        self, households, percent, member, city
    ):
        price = pricing.household_price(
            bands(*STEPS), households, pricing_mode="copayment", city_percent=percent
        )
        assert price.is_copayment
        assert price.member_pays == Decimal(member)
        assert price.city_pays == Decimal(city)
        assert price.member_pays + price.city_pays == price.quota

    def test_paid_the_household_pays_all_whatever_share_is_given(self):
        price = pricing.household_price(bands(*STEPS), 4, pricing_mode="paid", city_percent=100)
        assert price.member_pays == price.quota == Decimal("11.25")
        assert price.city_pays == Decimal("0.00")

    def test_no_price_list_no_price(self):
        assert pricing.household_price([], 3) is None
        assert pricing.household_prices([]) == []


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
            pricing_mode="copayment",
        )
        assert totals.households == 4
        assert not totals.below_minimum
        assert totals.group_price == Decimal("36")
        assert totals.collected == Decimal("36.00")
        assert totals.city_pays == Decimal("13.50")
        assert totals.members_pay == Decimal("22.50")
        assert totals.city_pays + totals.members_pay == totals.collected
        assert pricing.service_totals(price_list, [], {}, pricing_mode="paid") is None

    def test_service_totals_below_the_minimum_price_each_member_at_the_minimum(self):
        totals = pricing.service_totals(bands(*STEPS), ["", ""], {}, pricing_mode="paid")
        assert totals.below_minimum and totals.minimum == 4
        assert totals.group_price == Decimal("45.00")
        assert totals.collected == totals.members_pay == Decimal("22.50")

    def test_service_totals_of_a_free_service_are_paid_by_the_city(self):
        totals = pricing.service_totals(
            bands(*STEPS), ["", "under_10k", "", ""], {}, pricing_mode="free"
        )
        assert totals.members_pay == Decimal("0.00")
        assert totals.city_pays == totals.collected == Decimal("45.00")
