"""The tables of the observatory, read from the evidence's figures: one aggregate query per
table (`evidence.selectors.figures`), the catalogue read once per request for the names of
the rows, small counts hidden for whoever may not see them in full.

A table is a pivot: one row per value of a dimension (month, Municipio, NIL, category, ISEE
band, step of the funnel), one column per (kind, measure). Cells of the same kind are
protected together (`suppress` per kind), so a hidden cell cannot be worked out from the
others of its column."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from spaces_pages.selectors import live_spaces
from wemi_community.catalogue.models import (
    Municipio,
    MunicipioBoundary,
    Nil,
    NilBoundary,
    ServiceCategory,
)
from wemi_community.evidence.kinds import DELIVERY, DEMAND, FUNNEL, FactKind
from wemi_community.evidence.selectors import Scope, figures, suppress

# Which measure tells each kind: needs are counted, joining counts households and people,
# registrations count seats (an adult with two children is three), volunteering counts hours.
DEMAND_COLUMNS: tuple[tuple[FactKind, str, Promise], ...] = (
    (FactKind.NEED, "facts", gettext_lazy("Needs posted in labs")),
    (FactKind.ME_TOO, "facts", gettext_lazy("“Me too” on needs")),
    (FactKind.PROPOSAL_JOIN, "households", gettext_lazy("Households joining proposals")),
    (FactKind.PROPOSAL_JOIN, "people", gettext_lazy("People joining proposals")),
    (FactKind.DESK_CONTACT, "facts", gettext_lazy("Desk contacts")),
    (FactKind.APPOINTMENT, "facts", gettext_lazy("Desk appointments")),
    (FactKind.EVENT_REGISTRATION, "people", gettext_lazy("Event registrations (people)")),
    (FactKind.EVENT_ATTENDANCE, "people", gettext_lazy("Event attendance (people)")),
    (FactKind.COURSE_ENROLMENT, "facts", gettext_lazy("Course enrolments")),
    (FactKind.COURSE_ATTENDANCE, "facts", gettext_lazy("Course attendances")),
    (FactKind.VOLUNTEER_HOURS, "quantity", gettext_lazy("Volunteer hours")),
)
# The few columns the bar charts compare (the tables keep them all).
HEADLINE = 3

FUNNEL_LABELS = {
    FactKind.PROPOSAL_PUBLISHED: gettext_lazy("Published"),
    FactKind.PROPOSAL_THRESHOLD: gettext_lazy("Threshold reached"),
    FactKind.PROPOSAL_EVALUATED: gettext_lazy("Taken into evaluation"),
    FactKind.PROPOSAL_ACCEPTED: pgettext_lazy("proposals, in the observatory", "Accepted"),
    FactKind.SERVICE_RUNNING: gettext_lazy("Running as a shared service"),
}

DELIVERY_COLUMNS: tuple[tuple[FactKind, str, Promise], ...] = (
    (FactKind.SERVICE_MEMBER, "facts", gettext_lazy("Families served")),
    (FactKind.SERVICE_DELIVERY, "facts", gettext_lazy("Sessions delivered")),
    (FactKind.SERVICE_DELIVERY, "quantity", gettext_lazy("Hours delivered")),
    (FactKind.SERVICE_PAYMENT, "family_cents", gettext_lazy("Paid by families (€)")),
    (FactKind.SERVICE_PAYMENT, "city_cents", gettext_lazy("Covered by the City (€)")),
)

# The table's kind stands for "the kind of the row" (the funnel: one row per step).
ROW_KIND = ""


@dataclasses.dataclass(frozen=True)
class Column:
    kind: str
    measure: str
    label: str | Promise


@dataclasses.dataclass
class Cell:
    value: Decimal | int | None
    suppressed: bool = False
    # How the page writes it (`floatformat`): counts whole, hours and days to a tenth, euro
    # to the cent; the CSV keeps the plain number.
    fmt: str = "g"


FORMATS = {"quantity": "-1g", "avg_days": "1g", "family_cents": "2g", "city_cents": "2g"}


@dataclasses.dataclass
class Row:
    key: str
    label: str
    cells: list[Cell]
    # The hidden rows of each column added up, where together they are enough people.
    is_other: bool = False


@dataclasses.dataclass
class Table:
    key: str
    title: str
    caption: str
    row_header: str
    columns: list[Column]
    rows: list[Row]
    hidden: int = 0
    chart: dict | None = None

    def csv_header(self) -> list[str]:
        return [capfirst(self.row_header), *(str(c.label) for c in self.columns)]

    def csv_rows(self) -> list[list]:
        # A hidden cell is empty in the file, as on the page it is a dash.
        return [[row.label, *(cell.value for cell in row.cells)] for row in self.rows]


@dataclasses.dataclass
class Catalogue:
    """The reference data a page names its rows with: four queries, whatever the figures."""

    municipi: list[Municipio]
    nils: list[Nil]
    categories: list[ServiceCategory]
    spaces: list

    @classmethod
    def load(cls) -> Catalogue:
        return cls(
            municipi=list(Municipio.objects.order_by("number")),
            nils=list(Nil.objects.order_by("municipio__number", "name")),
            categories=list(ServiceCategory.objects.order_by("level", "position", "name")),
            spaces=list(live_spaces().order_by("municipio__number", "title")),
        )


def _value(row: dict | None, measure: str):
    if row is None:
        return None if measure == "avg_days" else 0
    if row.get("suppressed"):
        return None
    if measure == "avg_days":
        facts = row.get("facts") or 0
        if not facts:
            return None
        return (Decimal(row["quantity"]) / facts).quantize(Decimal("0.1"), ROUND_HALF_UP)
    value = row.get(measure)
    if measure.endswith("_cents"):
        return (Decimal(value or 0) / 100).quantize(Decimal("0.01"))
    if measure == "quantity":
        return Decimal(value or 0).normalize() if value else 0
    return value or 0


def _pivot(
    scope: Scope,
    *,
    kinds,
    dimension: str,
    columns: list[Column],
    rows: list[tuple[object, str]],
    full: bool,
    extra_rows: Callable[[object], str] | None = None,
    other_label: str | None = None,
) -> tuple[list[Row], int]:
    """The figures of `kinds` by `dimension` (one query), laid out as `rows` (key, label)
    by `columns`; keys found in the figures but not in `rows` get a row named by
    `extra_rows` (or are left out when it is None)."""
    by = [dimension] if dimension == "kind" else [dimension, "kind"]
    found = figures(scope, kinds, by=by)
    groups: dict[str, list[dict]] = {}
    for item in found:
        groups.setdefault(item["kind"], []).append(item)
    hidden = 0
    others: dict[str, dict] = {}
    if not full:
        if dimension == "kind":
            # One group: the steps of the funnel protect each other.
            protected, hidden = suppress(found, measure="persons")
            groups = {}
            for item in protected:
                if "other" not in item:
                    groups.setdefault(item["kind"], []).append(item)
        else:
            for kind, items in list(groups.items()):
                protected, count = suppress(items, measure="persons")
                hidden += count
                groups[kind] = [item for item in protected if "other" not in item]
                merged = [item for item in protected if "other" in item]
                if merged:
                    others[kind] = merged[0]
    cells: dict[tuple, dict] = {}
    for kind, items in groups.items():
        for item in items:
            cells[(item[dimension], kind)] = item
    known = {key for key, _label in rows}
    if extra_rows is not None:
        extra = sorted({key for key, _kind in cells if key not in known}, key=str)
        rows = [*rows, *((key, extra_rows(key)) for key in extra)]

    def kind_of(column: Column, key) -> str:
        return key if column.kind == ROW_KIND else column.kind

    out = [
        Row(
            key=str(key),
            label=label,
            cells=[
                Cell(
                    _value(cells.get((key, kind_of(c, key))), c.measure),
                    suppressed=bool(cells.get((key, kind_of(c, key)), {}).get("suppressed")),
                    fmt=FORMATS.get(c.measure, "g"),
                )
                for c in columns
            ],
        )
        for key, label in rows
    ]
    if others and other_label:
        out.append(
            Row(
                key="other",
                label=other_label,
                cells=[
                    Cell(
                        _value(others.get(c.kind), c.measure) if c.kind in others else None,
                        fmt=FORMATS.get(c.measure, "g"),
                    )
                    for c in columns
                ],
                is_other=True,
            )
        )
    return out, hidden


def _demand_columns() -> list[Column]:
    return [Column(str(kind), measure, label) for kind, measure, label in DEMAND_COLUMNS]


def _chart(table: Table, kind: str, *, headline: int | None = None, **extra) -> dict:
    columns = table.columns[:headline] if headline else table.columns
    rows = [row for row in table.rows if not row.is_other]
    return {
        "type": kind,
        "labels": [row.label for row in rows],
        "datasets": [
            {
                "label": str(column.label),
                "data": [
                    None if row.cells[i].value is None else float(row.cells[i].value)
                    for row in rows
                ],
            }
            for i, column in enumerate(columns)
        ],
        **extra,
    }


def month_label(month: datetime.date) -> str:
    return date_format(month, "M Y")


def demand_by_month(scope: Scope, *, full: bool) -> Table:
    columns = _demand_columns()
    months = [(m, month_label(m)) for m in scope.months()]
    rows, hidden = _pivot(
        scope, kinds=DEMAND, dimension="month", columns=columns, rows=months, full=full
    )
    table = Table(
        key="mesi",
        title=_("Month by month"),
        caption=_("Needs and demand by month"),
        row_header=_("Month"),
        columns=columns,
        rows=rows,
        hidden=hidden,
    )
    table.chart = _chart(table, "line", visible=4)
    return table


def _unknown(_key) -> str:
    return _("Place not known")


def demand_by_municipio(scope: Scope, catalogue: Catalogue, *, full: bool) -> Table:
    columns = _demand_columns()
    municipi = [
        m for m in catalogue.municipi if not scope.municipio_id or m.pk == scope.municipio_id
    ]
    rows, hidden = _pivot(
        scope,
        kinds=DEMAND,
        dimension="municipio_id",
        columns=columns,
        rows=[(m.pk, m.name) for m in municipi],
        full=full,
        extra_rows=_unknown,
        other_label=_("Hidden cells together"),
    )
    table = Table(
        key="municipi",
        title=_("By Municipio"),
        caption=_("Needs and demand by Municipio"),
        row_header=_("Municipio"),
        columns=columns,
        rows=rows,
        hidden=hidden,
    )
    table.chart = _chart(table, "bar", headline=HEADLINE)
    return table


def demand_by_nil(scope: Scope, catalogue: Catalogue, *, full: bool) -> Table:
    columns = _demand_columns()
    nils = [
        n
        for n in catalogue.nils
        if (not scope.municipio_id or n.municipio_id == scope.municipio_id)
        and (not scope.nil_id or n.pk == scope.nil_id)
    ]
    rows, hidden = _pivot(
        scope,
        kinds=DEMAND,
        dimension="nil_id",
        columns=columns,
        rows=[(n.pk, n.display_name) for n in nils],
        full=full,
        extra_rows=_unknown,
        other_label=_("Hidden cells together"),
    )
    return Table(
        key="nil",
        title=_("By neighbourhood (NIL)"),
        caption=_("Needs and demand by neighbourhood (NIL)"),
        row_header=_("NIL"),
        columns=columns,
        rows=rows,
        hidden=hidden,
    )


def demand_by_category(scope: Scope, catalogue: Catalogue, *, full: bool) -> Table:
    columns = _demand_columns()
    names = {c.pk: c.translated_name for c in catalogue.categories}
    order = {c.pk: n for n, c in enumerate(catalogue.categories)}
    rows, hidden = _pivot(
        scope,
        kinds=DEMAND,
        dimension="category_id",
        columns=columns,
        rows=[],
        full=full,
        extra_rows=lambda key: names.get(key) or _("No category"),
        other_label=_("Hidden cells together"),
    )
    plain = sorted(
        (r for r in rows if not r.is_other), key=lambda r: order.get(int(r.key), len(order))
    )
    table = Table(
        key="categorie",
        title=_("By category of the catalogue"),
        caption=_("Needs and demand by category of the catalogue"),
        row_header=_("Category"),
        columns=columns,
        rows=plain + [r for r in rows if r.is_other],
        hidden=hidden,
    )
    table.chart = _chart(table, "bar", headline=HEADLINE, horizontal=True)
    return table


def funnel(scope: Scope, *, full: bool) -> Table:
    columns = [
        Column(ROW_KIND, "facts", _("Proposals")),
        Column(ROW_KIND, "avg_days", _("Average days for the step")),
    ]
    rows, hidden = _pivot(
        scope,
        kinds=FUNNEL,
        dimension="kind",
        columns=columns,
        rows=[(str(kind), str(FUNNEL_LABELS[kind])) for kind in FUNNEL],
        full=full,
    )
    table = Table(
        key="percorso",
        title=_("From proposal to shared service"),
        caption=_("Proposals at each step, and the average days each step took"),
        row_header=_("Step"),
        columns=columns,
        rows=rows,
        hidden=hidden,
    )
    table.chart = _chart(table, "bar", headline=1, days=_chart(table, "bar")["datasets"][1])
    return table


def band_label(band: str) -> str:
    return _("ISEE band %(band)s") % {"band": band} if band else _("No ISEE band")


def services(scope: Scope, *, full: bool) -> Table:
    columns = [Column(str(kind), measure, label) for kind, measure, label in DELIVERY_COLUMNS]
    rows, hidden = _pivot(
        scope,
        kinds=DELIVERY,
        dimension="isee_band",
        columns=columns,
        rows=[],
        full=full,
        extra_rows=band_label,
        other_label=_("Hidden cells together"),
    )
    table = Table(
        key="servizi",
        title=_("Shared services"),
        caption=_(
            "Families served, sessions and hours delivered, what families paid and what the "
            "City covered, by ISEE band"
        ),
        row_header=_("ISEE band"),
        columns=columns,
        rows=rows,
        hidden=hidden,
    )
    chart = _chart(table, "bar")
    chart["datasets"] = chart["datasets"][3:]  # the money, families' and the City's share
    table.chart = chart
    return table


TABLES = ("mesi", "municipi", "nil", "categorie", "percorso", "servizi")


def table_build(key: str, scope: Scope, catalogue: Catalogue, *, full: bool) -> Table:
    if key == "mesi":
        return demand_by_month(scope, full=full)
    if key == "municipi":
        return demand_by_municipio(scope, catalogue, full=full)
    if key == "nil":
        return demand_by_nil(scope, catalogue, full=full)
    if key == "categorie":
        return demand_by_category(scope, catalogue, full=full)
    if key == "percorso":
        return funnel(scope, full=full)
    if key == "servizi":
        return services(scope, full=full)
    raise KeyError(key)


def boundaries_geojson() -> dict:
    """The 9 Municipi and the 88 NIL as one FeatureCollection: `layer` tells them apart,
    `id` is the key of the tables' rows. Two queries."""
    features = [
        {
            "type": "Feature",
            "properties": {"layer": "municipi", "id": str(pk), "number": number, "name": name},
            "geometry": geometry,
        }
        for pk, number, name, geometry in MunicipioBoundary.objects.order_by(
            "municipio__number"
        ).values_list("municipio_id", "municipio__number", "municipio__name", "geometry")
        if geometry
    ]
    features += [
        {
            "type": "Feature",
            "properties": {"layer": "nil", "id": str(pk), "number": code, "name": name},
            "geometry": geometry,
        }
        for pk, code, name, geometry in NilBoundary.objects.order_by("nil__code").values_list(
            "nil_id", "nil__code", "nil__name", "geometry"
        )
        if geometry
    ]
    return {"type": "FeatureCollection", "features": features}
