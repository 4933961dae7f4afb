"""The WeMi 2.0 price model: a provider prices the hour for the whole group by band of
participating households; each household pays the group price divided by the households, rounded
up to the cent, so the quotas together always cover the group price. For a co-payment service the
City covers a share of each household's quota according to its ISEE band.

Pure functions on Decimal: no database, no rounding anywhere else."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
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


def band_for(bands: Iterable[Band], households: int) -> Band | None:
    for band in bands:
        if band.min_households <= households <= band.max_households:
            return band
    return None


def quota_table(bands: Sequence[Band]) -> list[QuotaRow]:
    """One row per possible number of households: the group price of its band and each
    household's quota."""
    rows = []
    for band in sorted(bands, key=lambda band: band.min_households):
        for households in range(band.min_households, band.max_households + 1):
            price = Decimal(band.group_price_per_hour)
            rows.append(QuotaRow(households, price, quota_for(price, households)))
    return rows


def _pricing_band(bands: Sequence[Band], households: int) -> Band | None:
    """The band that prices ``households``. Outside the list the nearest band does: below the
    minimum the provider still charges its smallest group."""
    if households < 1 or not bands:
        return None
    ordered = sorted(bands, key=lambda band: band.min_households)
    band = band_for(ordered, households)
    if band is None:
        band = ordered[0] if households < ordered[0].min_households else ordered[-1]
    return band


def current_quota(bands: Sequence[Band], households: int) -> Decimal | None:
    """Each household's quota with ``households`` members."""
    band = _pricing_band(bands, households)
    return quota_for(band.group_price_per_hour, households) if band else None


def group_price_for(bands: Sequence[Band], households: int) -> Decimal | None:
    band = _pricing_band(bands, households)
    return Decimal(band.group_price_per_hour) if band else None


def member_share(quota: Decimal, city_percent: int) -> MemberShare:
    """Splits one household's quota: the City's part is rounded down to the cent, so the
    household and the City together pay exactly the quota."""
    percent = max(0, min(100, int(city_percent)))
    city = (quota * percent / 100).quantize(CENT, rounding=ROUND_FLOOR)
    return MemberShare(quota=quota, city_pays=city, member_pays=quota - city, city_percent=percent)


@dataclass(frozen=True)
class ServiceTotals:
    households: int
    group_price: Decimal
    collected: Decimal
    members_pay: Decimal
    city_pays: Decimal


def service_totals(
    bands: Sequence[Band], member_bands: Sequence[str], city_percent_by_band: Mapping[str, int]
) -> ServiceTotals | None:
    """Per hour, for the current members: what the group costs, what the quotas collect and
    how that splits between the households and the City."""
    households = len(member_bands)
    quota = current_quota(bands, households)
    if quota is None:
        return None
    group_price = group_price_for(bands, households)
    members = city = Decimal("0")
    for isee_band in member_bands:
        share = member_share(quota, city_percent_by_band.get(isee_band, 0))
        members += share.member_pays
        city += share.city_pays
    return ServiceTotals(households, group_price, quota * households, members, city)
