"""What the network delivered: the figures of the accountability pages, of the monthly
reports and of the City's dashboard, read from the evidence (one aggregate query per table).

A *line* is one figure ("hours of service delivered"): a kind of fact and the measure read
from it. Lines about people (families served, attendance, volunteers' hours, contacts,
needs) are published only when they rest on at least OBSERVATORY_MIN_CELL people
(`evidence.selectors.suppress`); counts of sessions and proposals name nobody and are
always shown. A zero is shown as zero: there is nobody to protect in it."""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wemi_community.evidence.kinds import FactKind
from wemi_community.evidence.selectors import Scope, figures, suppress


@dataclasses.dataclass(frozen=True)
class Line:
    key: str
    label: str
    kind: str
    measure: str  # a measure of evidence.selectors.MEASURES
    unit: str = "count"  # count | hours | euro (the measure is in cents)
    personal: bool = True  # rests on people: small counts are hidden when published


LINES = {
    line.key: line
    for line in (
        Line(
            "families_served",
            _("Families served by shared services"),
            FactKind.SERVICE_MEMBER,
            "households",
        ),
        Line(
            "sessions",
            _("Sessions delivered"),
            FactKind.SERVICE_DELIVERY,
            "facts",
            personal=False,
        ),
        Line(
            "hours_delivered",
            _("Hours of service delivered"),
            FactKind.SERVICE_DELIVERY,
            "quantity",
            "hours",
            personal=False,
        ),
        Line(
            "family_paid",
            _("Paid by families for shared services"),
            FactKind.SERVICE_PAYMENT,
            "family_cents",
            "euro",
        ),
        Line(
            "city_covered",
            _("Covered by the City (co-payment)"),
            FactKind.SERVICE_PAYMENT,
            "city_cents",
            "euro",
        ),
        Line("event_attendance", _("Attendance at events"), FactKind.EVENT_ATTENDANCE, "people"),
        Line(
            "course_attendance",
            _("Attendance at course sessions"),
            FactKind.COURSE_ATTENDANCE,
            "facts",
        ),
        Line(
            "volunteer_hours",
            _("Volunteer hours approved"),
            FactKind.VOLUNTEER_HOURS,
            "quantity",
            "hours",
        ),
        Line("desk_contacts", _("Contacts at the desks"), FactKind.DESK_CONTACT, "facts"),
        Line("needs", _("Needs heard in labs"), FactKind.NEED, "facts"),
        Line(
            "households_joining",
            _("Households joining proposals"),
            FactKind.PROPOSAL_JOIN,
            "households",
        ),
        Line(
            "proposals_evaluated",
            _("Proposals taken into evaluation"),
            FactKind.PROPOSAL_EVALUATED,
            "facts",
            personal=False,
        ),
        Line(
            "proposals_accepted",
            _("Proposals accepted"),
            FactKind.PROPOSAL_ACCEPTED,
            "facts",
            personal=False,
        ),
        Line(
            "services_running",
            _("Shared services started"),
            FactKind.SERVICE_RUNNING,
            "facts",
            personal=False,
        ),
    )
}

# What the accountability pages and the reports show, in order.
ACCOUNT = (
    "families_served",
    "sessions",
    "hours_delivered",
    "family_paid",
    "city_covered",
    "event_attendance",
    "course_attendance",
    "volunteer_hours",
    "desk_contacts",
    "needs",
    "proposals_evaluated",
    "proposals_accepted",
    "services_running",
)
# The columns of the tables of Municipi and spaces.
COLUMNS = (
    "families_served",
    "hours_delivered",
    "event_attendance",
    "course_attendance",
    "volunteer_hours",
    "desk_contacts",
    "needs",
)
# The City's dashboard.
HEADLINE = (
    "needs",
    "households_joining",
    "families_served",
    "hours_delivered",
    "volunteer_hours",
    "desk_contacts",
)


def _kinds(keys) -> list[str]:
    return sorted({str(LINES[key].kind) for key in keys})


@dataclasses.dataclass(frozen=True)
class Periods:
    """This month and this year, from Milan's date."""

    this_month: datetime.date
    first_of_year: datetime.date
    last_month: datetime.date

    @classmethod
    def of(cls, today: datetime.date | None = None) -> Periods:
        today = today or timezone.localdate()
        this_month = today.replace(day=1)
        last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
        return cls(this_month, this_month.replace(month=1), last_month)


def _add(total: dict, row: dict) -> None:
    for measure in ("facts", "persons", "people", "households", "quantity"):
        total[measure] = total.get(measure, 0) + (row.get(measure) or 0)
    total["family_cents"] = total.get("family_cents", 0) + (row.get("family_cents") or 0)
    total["city_cents"] = total.get("city_cents", 0) + (row.get("city_cents") or 0)


def _value(line: Line, row: dict | None):
    value = (row or {}).get(line.measure) or 0
    if line.unit == "hours":
        return Decimal(value).quantize(Decimal("0.1"))
    return int(value)


def _cell(line: Line, row: dict | None, hidden: bool) -> dict:
    return {"key": line.key, "value": None if hidden else _value(line, row), "hidden": hidden}


def _is_small(row: dict | None) -> bool:
    """Rests on some people, but fewer than the minimum: `suppress` decides on it alone."""
    persons = (row or {}).get("persons") or 0
    return persons > 0 and suppress([{"persons": persons}])[1] > 0


def _lines(keys, by_kind: dict[str, dict], *, full: bool) -> list[dict]:
    cells = []
    for key in keys:
        line = LINES[key]
        row = by_kind.get(str(line.kind))
        cells.append(_cell(line, row, not full and line.personal and _is_small(row)))
    return cells


def account(*, full: bool, today: datetime.date | None = None, **place) -> dict:
    """The lines of a place (`space_id=`, `municipio_id=`, or none for the city) for this
    month and this year: {"periods", "month": [cells], "year": [cells]}. One query."""
    periods = Periods.of(today)
    return account_of_month(periods.this_month, full=full, **place) | {"periods": periods}


def account_of_month(month: datetime.date, *, full: bool, keys=ACCOUNT, **place) -> dict:
    """The lines of a month and of its year up to it. One query."""
    scope = Scope(first_month=month.replace(month=1), last_month=month, **place)
    rows = figures(scope, _kinds(keys), by=["kind", "month"])
    in_month: dict[str, dict] = defaultdict(dict)
    in_year: dict[str, dict] = defaultdict(dict)
    for row in rows:
        _add(in_year[row["kind"]], row)
        if row["month"] == month:
            _add(in_month[row["kind"]], row)
    return {
        "month": _lines(keys, in_month, full=full),
        "year": _lines(keys, in_year, full=full),
    }


def table(
    dimension: str,
    ids: list[int],
    *,
    first_month: datetime.date,
    last_month: datetime.date,
    full: bool,
    keys=COLUMNS,
    **place,
) -> dict[int, list[dict]]:
    """The lines of each Municipio or space (`dimension` "municipio_id" or "space_id") over
    a period: {id: [cells]}. One query. Published, each column is protected as one table:
    a small cell is hidden, and a second one with it when it alone would be hidden."""
    scope = Scope(first_month=first_month, last_month=last_month, **place)
    rows = figures(scope, _kinds(keys), by=[dimension, "kind"])
    totals: dict[tuple[int, str], dict] = {}
    for row in rows:
        totals[(row[dimension], row["kind"])] = row
    out: dict[int, list[dict]] = {pk: [] for pk in ids}
    for key in keys:
        line = LINES[key]
        column = {pk: totals.get((pk, str(line.kind))) for pk in ids}
        hidden: set[int] = set()
        if not full and line.personal:
            # Zeros name nobody: only the rows resting on someone are weighed.
            weighed = [{"pk": pk, "persons": row["persons"]} for pk, row in column.items() if row]
            weighed = [row for row in weighed if row["persons"] > 0]
            protected, _count = suppress(weighed)
            hidden = {row["pk"] for row in protected if row.get("suppressed") and "pk" in row}
        for pk in ids:
            out[pk].append(_cell(line, column[pk], pk in hidden))
    return out


def labels(keys) -> list[Line]:
    return [LINES[key] for key in keys]


def cell_text(cell: dict) -> str:
    """A cell as the pages and the PDF print it, in the active language's format."""
    # Imported here: only the printing of a cell needs the formats, not the reading.
    from django.conf import settings
    from django.utils.formats import number_format

    if cell["hidden"]:
        return f"< {settings.OBSERVATORY_MIN_CELL}"
    line = LINES[cell["key"]]
    value = cell["value"] or 0
    if line.unit == "euro":
        return "€ " + number_format(Decimal(value) / 100, 2, force_grouping=True)
    if line.unit == "hours":
        return number_format(Decimal(value), 1, force_grouping=True)
    return number_format(int(value), force_grouping=True)
