"""Money and state badges for proposal and service templates."""

from decimal import Decimal

from django import template
from django.contrib.auth.models import AnonymousUser
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euro(amount) -> str:
    """€ 9,00 in Italian, € 9.00 in English: always two decimals, with the locale's marks."""
    if amount in (None, ""):
        return ""
    return f"€ {number_format(Decimal(amount), decimal_pos=2, use_l10n=True, force_grouping=True)}"


def _user(context):
    request = context.get("request")
    if request is not None:
        return request.user

    return context.get("user") or AnonymousUser()


@register.simple_tag(takes_context=True)
def proposal_offers(context, proposal):
    """The offers on a proposal for the person looking: each with its quota table and the
    actions they may take (choose, withdraw), and whether they may make an offer."""
    # Imported here: the offers' panel reaches price_texts, which reads this module's filters.
    from ..forms import OfferChooseForm
    from ..offer_selectors import offers_panel

    panel = offers_panel(_user(context), proposal)
    for row in panel.rows:
        if row.can_choose:
            row.choose_form = OfferChooseForm(prefix_id=f"offer{row.offer.pk}")
    return panel
