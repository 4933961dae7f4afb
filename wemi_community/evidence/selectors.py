"""Reading the figures: the scope of a question (period, place, space, category), one
aggregate query per table, and the protection of small counts for what is published."""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterable, Mapping

from django.apps import apps
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wemi_community.catalogue.models import Municipio, Nil, ServiceCategory

from .models import GRAINS, Figure
from .services import area_of, category_and_below

MEASURES = ("facts", "persons", "people", "households", "quantity", "family_cents", "city_cents")
DIMENSIONS = (
    "month",
    "kind",
    "municipio_id",
    "nil_id",
    "space_id",
    "category_id",
    "area_id",
    "isee_band",
)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class ScopeError(ValueError):
    """A question the observatory cannot answer: `errors` maps each parameter to why."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclasses.dataclass(frozen=True)
class Scope:
    first_month: datetime.date
    last_month: datetime.date
    municipio_id: int | None = None
    nil_id: int | None = None
    space_id: int | None = None
    category_id: int | None = None
    # Restricts to the spaces given (a coordinator's); None is every space.
    spaces: frozenset[int] | None = None

    def months(self) -> list[datetime.date]:
        out, month = [], self.first_month
        while month <= self.last_month:
            out.append(month)
            month = _next_month(month)
        return out


def _next_month(month: datetime.date) -> datetime.date:
    return (
        month.replace(year=month.year + 1, month=1)
        if month.month == 12
        else month.replace(month=month.month + 1)
    )


def _months_back(month: datetime.date, n: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 - n
    return datetime.date(index // 12, index % 12 + 1, 1)


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last twelve months, this one included."""
    this_month = (today or timezone.localdate()).replace(day=1)
    return _months_back(this_month, 11), this_month


def parse_month(value: str) -> datetime.date | None:
    match = _MONTH.match(value or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return datetime.date(year, month, 1)


def _int(value) -> int | None:
    text = str(value).strip()
    # ASCII digits only: "²" is a digit to str.isdigit, and int() refuses it.
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        return None
    return int(text)


def scope_parse(params: Mapping[str, str], *, spaces: Iterable[int] | None = None) -> Scope:
    """A scope from the parameters of a page or of the API: `dal`, `al` (YYYY-MM),
    `municipio` (its number), `nil` (its code), `spazio` (a space's id), `categoria` (a
    catalogue slug). Raises ScopeError naming each wrong parameter, in the reader's language.
    Unknown parameters are the caller's business (the API refuses them, pages ignore them)."""
    errors: dict[str, str] = {}
    first, last = default_period()
    if params.get("dal"):
        first = parse_month(params["dal"]) or errors.setdefault(
            "dal", _("Write the month as YYYY-MM, for example 2026-03.")
        )
    if params.get("al"):
        last = parse_month(params["al"]) or errors.setdefault(
            "al", _("Write the month as YYYY-MM, for example 2026-03.")
        )
    if not errors:
        if first > last:
            errors["al"] = _("The period ends before it starts.")
        elif len(Scope(first, last).months()) > settings.OBSERVATORY_MAX_MONTHS:
            errors["al"] = _("The period can be at most %(n)d months long.") % {
                "n": settings.OBSERVATORY_MAX_MONTHS
            }
    municipio_id = nil_id = space_id = category_id = None
    if params.get("municipio"):
        number = _int(params["municipio"])
        municipio_id = (
            Municipio.objects.filter(number=number).values_list("id", flat=True).first()
            if number is not None
            else None
        )
        if municipio_id is None:
            errors["municipio"] = _("There is no Municipio with that number.")
    if params.get("nil"):
        code = _int(params["nil"])
        nil = Nil.objects.filter(code=code).values("id", "municipio_id").first() if code else None
        if nil is None:
            errors["nil"] = _("There is no neighbourhood (NIL) with that code.")
        elif municipio_id and nil["municipio_id"] != municipio_id:
            errors["nil"] = _("That neighbourhood is not in the chosen Municipio.")
        else:
            nil_id = nil["id"]
    if params.get("spazio"):
        space_id = _int(params["spazio"])
        # By the app registry: the spaces sit above the evidence, which imports none of them.
        space_model = apps.get_model("spaces_pages", "SpacePage")
        if space_id is None or not space_model.objects.filter(pk=space_id).exists():
            errors["spazio"] = _("There is no space with that number.")
            space_id = None
    if params.get("categoria"):
        category_id = (
            ServiceCategory.objects.filter(slug=params["categoria"][:200])
            .values_list("id", flat=True)
            .first()
        )
        if category_id is None:
            errors["categoria"] = _("There is no category with that name.")
    if errors:
        raise ScopeError(errors)
    return Scope(
        first_month=first,
        last_month=last,
        municipio_id=municipio_id,
        nil_id=nil_id,
        space_id=space_id,
        category_id=category_id,
        spaces=frozenset(spaces) if spaces is not None else None,
    )


def _filters(scope: Scope) -> dict:
    """The scope as filters on the figures' dimensions."""
    filters = {}
    if scope.municipio_id:
        filters["municipio_id"] = scope.municipio_id
    if scope.nil_id:
        filters["nil_id"] = scope.nil_id
    if scope.space_id:
        filters["space_id"] = scope.space_id
    if scope.spaces is not None:
        filters["space_id__in"] = sorted(scope.spaces)
    if scope.category_id:
        # An area of the catalogue matches its services, a service group its services, a
        # service itself.
        if area_of(scope.category_id) == scope.category_id:
            filters["area_id"] = scope.category_id
        else:
            filters["category_id__in"] = sorted(category_and_below(scope.category_id))
    return filters


def grain_for(dimensions: Iterable[str]) -> str:
    """The smallest grain that keeps every one of these dimensions."""
    needed = {d.split("__")[0] for d in dimensions} - {"kind", "month"}
    for grain, kept in GRAINS.items():
        if needed <= set(kept):
            return grain
    raise ValueError(f"no grain keeps {sorted(needed)}")


def figures(scope: Scope, kinds: Iterable[str], by: Iterable[str] = ()) -> list[dict]:
    """The totals of the kinds within the scope, one row per combination of `by` (any of
    DIMENSIONS), each row with every measure. One query, on the smallest grain that can
    answer it."""
    by = list(by)
    for dimension in by:
        if dimension not in DIMENSIONS:
            raise ValueError(dimension)
    filters = _filters(scope)
    qs = Figure.objects.filter(
        grain=grain_for([*by, *filters]),
        kind__in=[str(k) for k in kinds],
        month__gte=scope.first_month,
        month__lte=scope.last_month,
        **filters,
    )
    sums = {m: Sum(m) for m in MEASURES}
    if not by:
        row = qs.aggregate(**sums)
        return [{m: row[m] or 0 for m in MEASURES}]
    rows = qs.values(*by).annotate(**sums).order_by(*by)
    return [{**row, **{m: row[m] or 0 for m in MEASURES}} for row in rows]


def suppress(
    rows: list[dict],
    *,
    measure: str = "persons",
    minimum: int | None = None,
    label: str = "other",
) -> tuple[list[dict], int]:
    """Protect small counts for publication: a row resting on fewer than `minimum` people
    (OBSERVATORY_MIN_CELL, 5) loses its figures (`suppressed: True`, every measure None).
    When a single row would be hidden among others, the next smallest is hidden too, so no
    total lets anyone work it out by subtraction. The hidden rows are merged into one row
    `{label: True}` when together they reach the minimum. Returns the rows and how many were
    hidden."""
    minimum = settings.OBSERVATORY_MIN_CELL if minimum is None else minimum
    small = [r for r in rows if (r.get(measure) or 0) < minimum]
    if len(small) == 1 and len(rows) > 1:
        rest = sorted((r for r in rows if r is not small[0]), key=lambda r: r.get(measure) or 0)
        small.append(rest[0])
    hidden_ids = {id(r) for r in small}
    out = []
    for row in rows:
        if id(row) in hidden_ids:
            out.append({**row, **dict.fromkeys(MEASURES), "suppressed": True})
        else:
            out.append({**row, "suppressed": False})
    if small:
        merged = {m: sum(r.get(m) or 0 for r in small) for m in MEASURES}
        if merged[measure] >= minimum:
            out.append({label: True, "suppressed": False, **merged})
    return out, len(small)
