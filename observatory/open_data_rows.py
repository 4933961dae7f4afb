"""How the rows of the open data's datasets are made: aggregated from the evidence's
figures over every month there is, small cells hidden within each month
(`evidence.selectors.suppress`), names of places and categories read once per build."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby

from django.db.models import Prefetch
from django.utils import translation
from django.utils.dates import WEEKDAYS

from spaces_pages import hours
from spaces_pages.selectors import live_spaces
from wemi_community.catalogue.models import Municipio, Nil, ServiceCategory
from wemi_community.evidence.kinds import DELIVERY, DEMAND, FUNNEL, FactKind
from wemi_community.evidence.selectors import Scope, figures, suppress

# Every month there may be: the files cover the whole history, not a window.
ALL_TIME = Scope(first_month=datetime.date(2000, 1, 1), last_month=datetime.date(2100, 12, 1))

# --- Reference data, read once per build -------------------------------------------------------


@dataclass
class _Names:
    municipi: dict[int, Municipio]
    nils: dict[int, Nil]
    categories: dict[int, ServiceCategory]

    @classmethod
    def load(cls) -> _Names:
        return cls(
            municipi={m.pk: m for m in Municipio.objects.all()},
            nils={n.pk: n for n in Nil.objects.all()},
            categories={c.pk: c for c in ServiceCategory.objects.only("slug", "name")},
        )

    def municipio(self, pk: int) -> dict:
        found = self.municipi.get(pk)
        return {
            "municipio_numero": found.number if found else None,
            "municipio_nome": found.name if found else "",
        }

    def nil(self, pk: int) -> dict:
        found = self.nils.get(pk)
        return {
            "nil_codice": found.code if found else None,
            "nil_nome": found.name if found else "",
        }

    def category(self, pk: int, area_pk: int) -> dict:
        category, area = self.categories.get(pk), self.categories.get(area_pk)
        return {
            "area_slug": area.slug if area else "",
            "area_nome": area.name if area else "",
            "categoria_slug": category.slug if category else "",
            "categoria_nome": category.name if category else "",
        }


def _kind_label(kind: str) -> str:
    with translation.override("it"):
        return str(FactKind(kind).label)


def _euro(cents) -> Decimal | None:
    if cents is None:
        return None
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def _place_order(*columns: str) -> Callable[[dict], tuple]:
    """Month, then the given columns, then Municipio, NIL and category: an order to read."""

    def key(row: dict) -> tuple:
        return (
            row["mese"],
            *(row[c] for c in columns),
            row["municipio_numero"] or 0,
            row.get("nil_codice") or 0,
            row["categoria_slug"],
        )

    return key


def _suppressed_by(rows: list[dict], key: Callable[[dict], tuple]) -> list[dict]:
    """Small cells hidden within each group (a month of one kind): a hidden cell cannot be
    worked out from the others of its group. The merged "other" rows are not published."""
    out = []
    for _key, group in groupby(sorted(rows, key=key), key=key):
        protected, _hidden = suppress(list(group), measure="persons")
        out.extend(row for row in protected if not row.get("other"))
    return out


# --- Needs and demand ---------------------------------------------------------------------------


def demand_rows() -> list[dict]:
    names = _Names.load()
    rows = figures(
        ALL_TIME,
        DEMAND,
        by=["month", "kind", "municipio_id", "nil_id", "area_id", "category_id"],
    )
    out = []
    for row in _suppressed_by(rows, key=lambda r: (r["month"], r["kind"])):
        out.append(
            {
                "mese": f"{row['month']:%Y-%m}",
                **names.municipio(row["municipio_id"]),
                **names.nil(row["nil_id"]),
                **names.category(row["category_id"], row["area_id"]),
                "tipo": row["kind"],
                "tipo_descrizione": _kind_label(row["kind"]),
                "persone": row["people"],
                "nuclei_familiari": row["households"],
                "eventi": row["facts"],
                "oscurato": row["suppressed"],
            }
        )
    return sorted(out, key=_place_order("tipo"))


# --- The proposal funnel ------------------------------------------------------------------------


def funnel_rows() -> list[dict]:
    names = _Names.load()
    step = {str(kind): number for number, kind in enumerate(FUNNEL, start=1)}
    rows = figures(ALL_TIME, FUNNEL, by=["month", "kind", "municipio_id", "area_id", "category_id"])
    out = []
    for row in _suppressed_by(rows, key=lambda r: (r["month"], r["kind"])):
        proposals, days = row["facts"], row["quantity"]
        average = (
            (Decimal(days) / proposals).quantize(Decimal("0.1"), ROUND_HALF_UP)
            if proposals
            else None
        )
        out.append(
            {
                "mese": f"{row['month']:%Y-%m}",
                **names.municipio(row["municipio_id"]),
                **names.category(row["category_id"], row["area_id"]),
                "passo": row["kind"],
                "passo_numero": step[row["kind"]],
                "passo_descrizione": _kind_label(row["kind"]),
                "proposte": proposals,
                "giorni_medi": average,
                "oscurato": row["suppressed"],
            }
        )
    return sorted(out, key=_place_order("passo_numero"))


# --- What the shared services delivered ---------------------------------------------------------

# The kinds that count people: a cell of few families or few payers is hidden.
_PEOPLE_KINDS = (str(FactKind.SERVICE_MEMBER), str(FactKind.SERVICE_PAYMENT))


def delivery_rows() -> list[dict]:
    names = _Names.load()
    dims = ["month", "municipio_id", "area_id", "category_id", "isee_band"]
    rows = figures(ALL_TIME, DELIVERY, by=[*dims, "kind"])
    cells: dict[tuple, dict] = {}
    for row in rows:
        cell = cells.setdefault(tuple(row[d] for d in dims), {d: row[d] for d in dims})
        cell[row["kind"]] = row
    pivoted = []
    for cell in cells.values():
        member = cell.get(str(FactKind.SERVICE_MEMBER), {})
        session = cell.get(str(FactKind.SERVICE_DELIVERY), {})
        payment = cell.get(str(FactKind.SERVICE_PAYMENT), {})
        counted = [cell[k]["persons"] for k in _PEOPLE_KINDS if k in cell]
        pivoted.append(
            {
                **{d: cell[d] for d in dims},
                # The fewest people any figure of the cell rests on decides whether it shows.
                "persons": min(counted) if counted else session.get("persons", 0),
                "households": member.get("households", 0) or member.get("persons", 0),
                "facts": session.get("facts", 0),
                "quantity": session.get("quantity", 0),
                "family_cents": payment.get("family_cents", 0),
                "city_cents": payment.get("city_cents", 0),
            }
        )
    out = []
    for row in _suppressed_by(pivoted, key=lambda r: r["month"]):
        out.append(
            {
                "mese": f"{row['month']:%Y-%m}",
                **names.municipio(row["municipio_id"]),
                **names.category(row["category_id"], row["area_id"]),
                "fascia_isee": row["isee_band"],
                "famiglie_servite": row["households"],
                "sessioni": row["facts"],
                "ore": None
                if row["quantity"] is None
                else Decimal(row["quantity"]).quantize(Decimal("0.01")),
                "quote_famiglie_euro": _euro(row["family_cents"]),
                "copertura_comune_euro": _euro(row["city_cents"]),
                "oscurato": row["suppressed"],
            }
        )
    return sorted(out, key=_place_order("fascia_isee"))


# --- The spaces ---------------------------------------------------------------------------------


def _hours_text(slots: list[hours.Slot]) -> str:
    """ "Lunedì 09:00-13:00, 14:00-18:00; Martedì …", in Italian, the days it opens."""
    with translation.override("it"):
        days = []
        for weekday, _name, day_slots in hours.week_table(slots):
            if day_slots:
                times = ", ".join(
                    f"{hours.format_time(s.opens)}-{hours.format_slot_end(s)}" for s in day_slots
                )
                days.append(f"{str(WEEKDAYS[weekday]).capitalize()} {times}")
        return "; ".join(days)


def space_rows() -> list[dict]:
    spaces = (
        live_spaces()
        .prefetch_related(Prefetch("opening_slots"))
        .order_by("municipio__number", "title")
    )
    out = []
    for space in spaces:
        exact = space.latitude is not None and space.longitude is not None
        out.append(
            {
                "id": space.pk,
                "nome": space.title,
                "municipio_numero": space.municipio.number,
                "municipio_nome": space.municipio.name,
                "nil_codice": space.nil.code if space.nil_id else None,
                "nil_nome": space.nil.name if space.nil_id else "",
                "indirizzo": space.full_address,
                "latitudine": space.latitude if exact else None,
                "longitudine": space.longitude if exact else None,
                "sede_ospitante": space.host_venue,
                "telefono": space.phone,
                "orari_apertura": _hours_text(space.hour_slots()),
            }
        )
    return out
