"""The WeMi 2.0 price model: a provider prices the hour for the whole group by band of
participating households; each household pays the group price divided by the households, rounded
up to the cent, so the quotas together always cover the group price. For a co-payment service the
City covers a share of each household's quota according to its ISEE band. Below the price
list's minimum no row applies: a household reads what it will pay once the minimum is reached
(``household_price``), never the group price split among fewer households.

Pure functions on Decimal: no database, no rounding anywhere else."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Protocol

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
MAX_PRICE = Decimal("9999.99")


class Band(Protocol):
    min_households: int
    max_households: int
    group_price_per_hour: Decimal


@dataclass(frozen=True)
class BandData:
    min_households: int
    max_households: int
    group_price_per_hour: Decimal


@dataclass(frozen=True)
class QuotaRow:
    households: int
    group_price: Decimal
    quota: Decimal  # per household per hour

    @property
    def collected(self) -> Decimal:
        return self.quota * self.households

    @property
    def rounding_surplus(self) -> Decimal:
        return self.collected - self.group_price


@dataclass(frozen=True)
class MemberShare:
    quota: Decimal
    city_pays: Decimal
    member_pays: Decimal
    city_percent: int


def round_up(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_CEILING)


def quota_for(group_price: Decimal, households: int) -> Decimal:
    """What each of ``households`` pays per hour for a group price: rounded up to the cent."""
    if households < 1:
        raise ValueError("households must be at least 1")
    return round_up(Decimal(group_price) / households)


def validate_bands(bands: Sequence[Band], *, min_households: int, max_households: int) -> list[str]:
    """The problems of a price list, in words; an empty list means it is coherent: bands cover
    every number of households from the minimum to the maximum exactly once, each with a
    positive price."""
    errors: list[str] = []
    if min_households < 1:
        errors.append(_("The minimum number of households must be at least 1."))
    if max_households < min_households:
        errors.append(_("The maximum number of households cannot be lower than the minimum."))
        return errors
    if not bands:
        errors.append(_("Add at least one price band."))
        return errors
    ordered = sorted(bands, key=lambda band: (band.min_households, band.max_households))
    for band in ordered:
        label = f"{band.min_households}–{band.max_households}"
        if band.max_households < band.min_households:
            errors.append(_("Band %(band)s ends before it starts.") % {"band": label})
        if band.min_households < min_households or band.max_households > max_households:
            errors.append(
                _("Band %(band)s falls outside %(min)s–%(max)s households.")
                % {"band": label, "min": min_households, "max": max_households}
            )
        price = band.group_price_per_hour
        if price is None or price <= 0:
            errors.append(_("Band %(band)s needs a price above zero.") % {"band": label})
        elif price > MAX_PRICE or price != price.quantize(CENT):
            errors.append(
                _("Band %(band)s: write a price in euro with two decimals at most, up to %(max)s.")
                % {"band": label, "max": MAX_PRICE}
            )
    if errors:
        return errors
    expected = min_households
    for band in ordered:
        label = f"{band.min_households}–{band.max_households}"
        if band.min_households > expected:
            errors.append(
                _("No band covers %(from)s–%(to)s households.")
                % {"from": expected, "to": band.min_households - 1}
            )
        elif band.min_households < expected:
            errors.append(_("Band %(band)s overlaps the band before it.") % {"band": label})
        expected = max(expected, band.max_households + 1)
    if expected <= max_households:
        errors.append(
            _("No band covers %(from)s–%(to)s households.")
            % {"from": expected, "to": max_households}
        )
    return errors


def quota_table(bands: Sequence[Band]) -> list[QuotaRow]:
    """One row per possible number of households: the group price of its band and each
    household's quota."""
    rows = []
    for band in sorted(bands, key=lambda band: band.min_households):
        for households in range(band.min_households, band.max_households + 1):
            price = Decimal(band.group_price_per_hour)
            rows.append(QuotaRow(households, price, quota_for(price, households)))
    return rows


def member_share(quota: Decimal, city_percent: int) -> MemberShare:
    """Splits one household's quota: the City's part is rounded down to the cent, so the
    household and the City together pay exactly the quota."""
    percent = max(0, min(100, int(city_percent)))
    city = (quota * percent / 100).quantize(CENT, rounding=ROUND_FLOOR)
    return MemberShare(quota=quota, city_pays=city, member_pays=quota - city, city_percent=percent)


# The pricing modes (``models.PricingMode``'s values), repeated so this module stays pure.
FREE = "free"
COPAYMENT = "copayment"
PAID = "paid"


@dataclass(frozen=True)
class HouseholdPrice:
    """What a household pays per hour with ``households`` households: the quota table's row for
    that many, split between the household and the City. Below the price list's minimum nothing
    is owed yet: the row is the minimum's, what each household will pay once there are enough."""

    households: int
    minimum: int
    maximum: int
    row: QuotaRow
    share: MemberShare
    pricing_mode: str

    @property
    def below_minimum(self) -> bool:
        return self.households < self.minimum

    @property
    def missing(self) -> int:
        """Households still needed to reach the minimum."""
        return max(self.minimum - self.households, 0)

    @property
    def quota(self) -> Decimal:
        return self.row.quota

    @property
    def group_price(self) -> Decimal:
        return self.row.group_price

    @property
    def member_pays(self) -> Decimal:
        return self.share.member_pays

    @property
    def city_pays(self) -> Decimal:
        return self.share.city_pays

    @property
    def is_free(self) -> bool:
        return self.pricing_mode == FREE

    @property
    def is_copayment(self) -> bool:
        return self.pricing_mode == COPAYMENT


def _city_percent(pricing_mode: str, city_percent: int | None) -> int:
    if pricing_mode == FREE:
        return 100
    if pricing_mode == COPAYMENT:
        return city_percent or 0
    return 0


def household_prices(
    bands: Sequence[Band], *, pricing_mode: str = PAID, city_percent: int | None = 0
) -> list[HouseholdPrice]:
    """The price list as one household reads it: a row per possible number of households, each
    with the household's part after the City's share (all of it when the service is free, the
    ISEE band's percentage with co-payment, nothing when the families pay)."""
    rows = quota_table(bands)
    if not rows:
        return []
    minimum, maximum = rows[0].households, rows[-1].households
    percent = _city_percent(pricing_mode, city_percent)
    return [
        HouseholdPrice(
            households=row.households,
            minimum=minimum,
            maximum=maximum,
            row=row,
            share=member_share(row.quota, percent),
            pricing_mode=pricing_mode,
        )
        for row in rows
    ]


def household_price(
    bands: Sequence[Band],
    households: int,
    *,
    pricing_mode: str = PAID,
    city_percent: int | None = 0,
) -> HouseholdPrice | None:
    """What each household pays per hour with ``households`` households: every amount a
    household reads (pages, messages, notifications) comes from here. Within the price list it
    is the quota table's row; below its minimum the minimum's row (``below_minimum`` and
    ``missing`` say how far off it is); above its maximum, the maximum's."""
    prices = household_prices(bands, pricing_mode=pricing_mode, city_percent=city_percent)
    if not prices:
        return None
    households = max(int(households), 0)
    wanted = min(max(households, prices[0].minimum), prices[0].maximum)
    price = next(
        (price for price in prices if price.households >= wanted),
        prices[-1],
    )
    return replace(price, households=households)


@dataclass(frozen=True)
class ServiceTotals:
    households: int
    minimum: int
    group_price: Decimal
    collected: Decimal
    members_pay: Decimal
    city_pays: Decimal

    @property
    def below_minimum(self) -> bool:
        return self.households < self.minimum


def service_totals(
    bands: Sequence[Band],
    member_bands: Sequence[str],
    city_percent_by_band: Mapping[str, int],
    *,
    pricing_mode: str,
) -> ServiceTotals | None:
    """Per hour, for the current members: what the group costs, what the quotas collect and
    how that splits between the households and the City, each member priced by
    ``household_price``."""
    households = len(member_bands)
    if not households:
        return None
    members = city = collected = Decimal("0")
    group_price = None
    for isee_band in member_bands:
        price = household_price(
            bands,
            households,
            pricing_mode=pricing_mode,
            city_percent=city_percent_by_band.get(isee_band, 0),
        )
        if price is None:
            return None
        group_price = price.group_price
        members += price.member_pays
        city += price.city_pays
        collected += price.quota
    return ServiceTotals(households, price.minimum, group_price, collected, members, city)
