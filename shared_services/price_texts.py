"""The words in which a household reads what it pays: the same sentences on the service page,
in "my proposals", in the confirmation message and in notifications. The amounts always come
from ``pricing.household_price``; this module only puts them into words."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .pricing import HouseholdPrice
from .templatetags.shared_services_tags import euro


def price_sentence(price: HouseholdPrice) -> str:
    """What this household pays per hour, or, below the minimum, will pay."""
    if price.is_free:
        return _("The service is free for you: the City pays the provider.")
    amounts = {
        "households": price.households,
        "min": price.minimum,
        "quota": euro(price.quota),
        "group": euro(price.group_price),
        "pay": euro(price.member_pays),
        "city": euro(price.city_pays),
    }
    covered = price.is_copayment and not price.member_pays
    if price.below_minimum:
        if covered:
            return (
                _(
                    "With %(min)s households each quota will be %(quota)s per hour: the City "
                    "will cover all of yours."
                )
                % amounts
            )
        if price.is_copayment:
            return (
                _(
                    "With %(min)s households each quota will be %(quota)s per hour: you will pay "
                    "%(pay)s and the City %(city)s."
                )
                % amounts
            )
        return _("With %(min)s households each will pay %(quota)s per hour.") % amounts
    if covered:
        return (
            ngettext(
                "You pay nothing: the City covers all of your quota of %(quota)s per hour, as "
                "the only member household.",
                "You pay nothing: the City covers all of your quota of %(quota)s per hour (with "
                "%(households)s households).",
                price.households,
            )
            % amounts
        )
    if price.is_copayment:
        return (
            ngettext(
                "You pay %(pay)s per hour and the City pays %(city)s (your quota as the only "
                "member household: %(quota)s).",
                "You pay %(pay)s per hour and the City pays %(city)s (your quota with "
                "%(households)s households: %(quota)s).",
                price.households,
            )
            % amounts
        )
    return (
        ngettext(
            "You pay %(quota)s per hour: the whole price of the group, as the only member "
            "household.",
            "You pay %(quota)s per hour (%(group)s for the group, divided among %(households)s "
            "households).",
            price.households,
        )
        % amounts
    )


def minimum_sentence(price: HouseholdPrice, *, running: bool) -> str:
    """Below the minimum: how many more households are needed, and what happens then."""
    if not price.below_minimum:
        return ""
    values = {"min": price.minimum, "missing": price.missing}
    if running:
        return (
            ngettext(
                "The price list starts at %(min)s households: %(missing)s more is needed. Until "
                "then the coordinator tells you how the service goes on.",
                "The price list starts at %(min)s households: %(missing)s more are needed. Until "
                "then the coordinator tells you how the service goes on.",
                price.missing,
            )
            % values
        )
    return (
        ngettext(
            "The service starts when %(min)s households have confirmed their seat: %(missing)s "
            "more is needed.",
            "The service starts when %(min)s households have confirmed their seat: %(missing)s "
            "more are needed.",
            price.missing,
        )
        % values
    )


def full_text(price: HouseholdPrice, *, running: bool) -> str:
    return " ".join(
        part for part in (price_sentence(price), minimum_sentence(price, running=running)) if part
    )


def short_note(price: HouseholdPrice) -> str:
    """Next to an amount in a table or a summary, below the minimum."""
    if not price.below_minimum:
        return ""
    return ngettext(
        "from %(min)s households: %(missing)s more needed",
        "from %(min)s households: %(missing)s more needed",
        price.missing,
    ) % {"min": price.minimum, "missing": price.missing}


def list_sentence(summary) -> str:
    """The sentence above a price list (``selectors.QuotaSummary``): what each family
    pays now, or from the minimum, and with the most families."""
    price = summary.price
    if price is None:
        return ""
    if price.is_free:
        return _("Free for the families: the City pays the provider the price of the group.")
    values = {
        "n": summary.households,
        "now": euro(price.quota),
        "min": summary.minimum,
        "min_quota": euro(summary.minimum_quota),
        "max": summary.maximum,
        "max_quota": euro(summary.maximum_quota),
        "missing": price.missing,
    }
    parts = []
    if price.is_copayment:
        parts.append(_("The City covers part of each quota according to the family's ISEE band."))
    if price.below_minimum:
        parts.append(
            ngettext(
                "The price list starts at %(min)s families: %(missing)s more is needed.",
                "The price list starts at %(min)s families: %(missing)s more are needed.",
                price.missing,
            )
            % values
        )
        if price.is_copayment:
            parts.append(
                _(
                    "With %(min)s each family's quota is %(min_quota)s/h; with %(max)s, "
                    "%(max_quota)s/h."
                )
                % values
            )
        else:
            parts.append(
                _("With %(min)s you pay %(min_quota)s/h each; with %(max)s, %(max_quota)s/h.")
                % values
            )
    elif summary.within and summary.households < summary.maximum:
        if price.is_copayment:
            parts.append(
                ngettext(
                    "With %(n)s family the quota is %(now)s/h; with %(max)s, each family's "
                    "quota is %(max_quota)s/h.",
                    "With %(n)s families each family's quota is %(now)s/h; with %(max)s, "
                    "%(max_quota)s/h.",
                    summary.households,
                )
                % values
            )
        else:
            parts.append(
                ngettext(
                    "With %(n)s family you pay %(now)s/h; with %(max)s, %(max_quota)s/h each.",
                    "With %(n)s families you pay %(now)s/h each; with %(max)s, %(max_quota)s/h.",
                    summary.households,
                )
                % values
            )
    elif price.is_copayment:
        parts.append(
            ngettext(
                "With %(max)s family, the most, the quota is %(max_quota)s/h.",
                "With %(max)s families, the most, each family's quota is %(max_quota)s/h.",
                summary.maximum,
            )
            % values
        )
    else:
        parts.append(
            ngettext(
                "With %(max)s family, the most, you pay %(max_quota)s/h.",
                "With %(max)s families, the most, you pay %(max_quota)s/h each.",
                summary.maximum,
            )
            % values
        )
    if summary.minimum < summary.maximum:
        parts.append(_("Each new family lowers everyone's share."))
    return " ".join(parts)
