"""The facts the observatory counts in which the person took part, for "download my data":
they are published only as totals, never one by one."""

from django.utils.translation import gettext_lazy as _

from wemi_community.accounts.personal_data import plain

from .models import Fact

TABLES = {
    "statistics_facts": _("What the observatory counted of what you did (published only as totals)")
}

COLUMNS = {
    "kind": _("What was counted (code)"),
    "when": _("When it happened"),
    "municipio": _("Municipio it was counted in"),
    "nil": _("Neighbourhood (NIL) it was counted in"),
    "category": _("Service category"),
    "people": _("People counted"),
    "households": _("Households counted"),
    "quantity": _("Quantity (hours, sessions)"),
    "isee_band": _("ISEE band declared"),
}


def export(user) -> dict[str, list[dict]]:
    facts = (
        Fact.objects.filter(person=user)
        .select_related("municipio", "nil", "category")
        .order_by("occurred_at", "pk")
    )
    return {
        "statistics_facts": [
            {
                "kind": f.kind,
                "when": plain(f.occurred_at),
                "municipio": f.municipio.name if f.municipio else "",
                "nil": f.nil.name if f.nil else "",
                "category": f.category.name if f.category else "",
                "people": f.people,
                "households": f.households,
                "quantity": plain(f.quantity),
                "isee_band": f.isee_band,
            }
            for f in facts
        ]
    }
