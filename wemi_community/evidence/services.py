"""The writes of the evidence: a fact recorded by the service that made it happen, and the
figures it adds to; the nightly rebuild of the figures from the facts."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from wemi_community.catalogue.models import Nil, ServiceCategory
from wemi_community.core.milan import ROME

from .kinds import FactKind
from .models import GRAINS, Fact, Figure

_areas: dict[int, int] = {}
_children: dict[int, list[int]] = {}


def _catalogue_load() -> None:
    """The catalogue is reference data: read once per process, again only for a category
    not seen yet."""
    parents = dict(ServiceCategory.objects.values_list("id", "parent_id"))
    _areas.clear()
    _children.clear()
    for node, parent in parents.items():
        top = node
        while parents.get(top):
            top = parents[top]
        _areas[node] = top
        if parent:
            _children.setdefault(parent, []).append(node)


def area_of(category_id: int | None) -> int:
    """The catalogue area (level 1) of a category, 0 when there is none."""
    if not category_id:
        return 0
    if category_id not in _areas:
        _catalogue_load()
    return _areas.get(category_id, 0)


def category_and_below(category_id: int) -> set[int]:
    """A category with every category under it (a service group and its services)."""
    if category_id not in _areas:
        _catalogue_load()
    found, todo = set(), [category_id]
    while todo:
        node = todo.pop()
        found.add(node)
        todo.extend(_children.get(node, ()))
    return found


def month_of(moment: datetime.datetime) -> datetime.date:
    """The first day of the month of a moment, in Milan (23:30 on 31 December is December)."""
    return moment.astimezone(ROME).date().replace(day=1)


def _place(person, space, municipio, nil):
    """Where the fact counts: as given, else where the person lives now (that is, when the
    fact happens), else where the space is."""
    if municipio is not None or nil is not None:
        municipio_id = getattr(municipio, "pk", municipio)
        nil_id = getattr(nil, "pk", nil)
        if nil_id and not municipio_id:
            municipio_id = (
                Nil.objects.filter(pk=nil_id).values_list("municipio_id", flat=True).first()
            )
        return municipio_id, nil_id
    if person is not None and (person.municipio_id or person.nil_id):
        return person.municipio_id, person.nil_id
    if space is not None:
        return getattr(space, "municipio_id", None), getattr(space, "nil_id", None)
    return None, None


def _fact(
    *,
    kind,
    source,
    when,
    person,
    space,
    category,
    municipio,
    nil,
    people,
    households,
    quantity,
    family_cents,
    city_cents,
    isee_band,
) -> Fact:
    when = when or timezone.now()
    municipio_id, nil_id = _place(person, space, municipio, nil)
    category_id = getattr(category, "pk", category)
    return Fact(
        kind=str(kind),
        source=source[:80],
        occurred_at=when,
        month=month_of(when),
        municipio_id=municipio_id,
        nil_id=nil_id,
        space_id=getattr(space, "pk", space),
        category_id=category_id,
        area_id=area_of(category_id) or None,
        person=person if getattr(person, "pk", None) else None,
        people=people,
        households=households,
        quantity=Decimal(str(quantity)),
        family_cents=family_cents,
        city_cents=city_cents,
        isee_band=isee_band or "",
    )


def fact_record(
    *,
    kind: FactKind | str,
    source: str,
    when: datetime.datetime | None = None,
    person=None,
    space=None,
    category=None,
    municipio=None,
    nil=None,
    people: int = 1,
    households: int = 0,
    quantity: Decimal | int | float = 0,
    family_cents: int = 0,
    city_cents: int = 0,
    isee_band: str = "",
) -> Fact | None:
    """Record that something happened, once per (kind, source), and add it to its figure.

    Call it inside the service's transaction: the fact and the write it describes commit
    together or not at all. `source` names what the fact is about ("events.registration:12");
    recording the same again changes nothing and returns None. `person` is the one who took
    part (their place at this moment is stored); `space` and `category` as the service knows
    them; `municipio`/`nil` when the service holds the place itself (a desk contact).
    """
    fact = _fact(
        kind=kind,
        source=source,
        when=when,
        person=person,
        space=space,
        category=category,
        municipio=municipio,
        nil=nil,
        people=people,
        households=households,
        quantity=quantity,
        family_cents=family_cents,
        city_cents=city_cents,
        isee_band=isee_band,
    )
    with transaction.atomic():
        if Fact.objects.filter(kind=fact.kind, source=fact.source).exists():
            return None
        # The person's earlier facts of this kind this month: in which cells are they new?
        earlier = (
            [
                _dims(row)
                for row in Fact.objects.filter(
                    person_id=fact.person_id, kind=fact.kind, month=fact.month
                ).values(*_FACT_DIMS)
            ]
            if fact.person_id
            else []
        )
        try:
            with transaction.atomic():
                fact.save()
        except IntegrityError:
            return None  # recorded meanwhile by a concurrent retry
        cell = _cell(fact)
        for grain, kept in GRAINS.items():
            grain_cell = _at_grain(cell, kept)
            new_person = not any(_at_grain(other, kept) == grain_cell for other in earlier)
            _figure_add(grain, grain_cell, fact, persons=1 if new_person else 0)
    return fact


# A fact's dimensions: those of the finest grain.
_FACT_DIMS = GRAINS["full"]


def _dims(row: dict) -> dict:
    """A fact's dimensions as a figure holds them: ids, 0 for none."""
    return {
        name: (row[name] or 0)
        if name.endswith("_id")
        else (row[name] or "")
        if name == "isee_band"
        else row[name]
        for name in _FACT_DIMS
    }


def _at_grain(cell: dict, kept: tuple[str, ...]) -> dict:
    return {
        name: value if name in kept else (0 if name.endswith("_id") else "")
        for name, value in cell.items()
    }


def _cell(fact: Fact) -> dict:
    """A fact's cell at the finest grain."""
    return _dims({name: getattr(fact, name) for name in _FACT_DIMS})


# What a backfill with `refresh` may correct on a fact already recorded: when it happened and
# its measures, as its row says now. The place stays the one of that moment.
_REFRESHED = (
    "occurred_at",
    "month",
    "space_id",
    "category_id",
    "area_id",
    "people",
    "households",
    "quantity",
    "family_cents",
    "city_cents",
    "isee_band",
)


def fact_backfill(*, refresh: bool = False, **fields) -> bool:
    """Record the fact of a row that exists already (same arguments as `fact_record`),
    leaving the figures to `figures_rebuild`, which the backfill runs at the end. A fact
    recorded already is kept as it is, unless `refresh`: then its moment and measures are
    read again from the row (for rows whose dates were set after their service ran, as the
    demo's are). Returns whether anything was written."""
    fact = _fact(
        **{
            "when": None,
            "person": None,
            "space": None,
            "category": None,
            "municipio": None,
            "nil": None,
            "people": 1,
            "households": 0,
            "quantity": 0,
            "family_cents": 0,
            "city_cents": 0,
            "isee_band": "",
            **fields,
        }
    )
    existing = Fact.objects.filter(kind=fact.kind, source=fact.source).first()
    if existing is None:
        try:
            with transaction.atomic():
                fact.save()
        except IntegrityError:
            return False
        return True
    if not refresh:
        return False
    changed = {
        name: getattr(fact, name)
        for name in _REFRESHED
        if getattr(existing, name) != getattr(fact, name)
    }
    if changed:
        Fact.objects.filter(pk=existing.pk).update(**changed)
    return bool(changed)


def fact_withdraw(*, kind: FactKind | str, source: str) -> bool:
    """Take back a fact recorded by mistake (a desk contact deleted soon after it was
    logged), and recount its cell from the facts. Not for what people cancel later: what
    they asked for was demand all the same, and its fact stays."""
    with transaction.atomic():
        fact = Fact.objects.select_for_update().filter(kind=str(kind), source=source).first()
        if fact is None:
            return False
        fact.delete()
        # The kind's month, recounted in every grain (a cell's distinct people cannot be
        # taken back by subtraction).
        _rebuild(
            Fact.objects.filter(kind=fact.kind, month=fact.month),
            Figure.objects.filter(kind=fact.kind, month=fact.month),
        )
    return True


def days_between(start: datetime.datetime | None, end: datetime.datetime) -> Decimal:
    """How long a step took, in days with two decimals, from the two moments in UTC (a
    change of the clocks in Milan adds or loses no hour). Nothing known: 0."""
    if start is None:
        return Decimal("0.00")
    seconds = Decimal(str((end - start).total_seconds()))
    return max(seconds / Decimal(86400), Decimal(0)).quantize(Decimal("0.01"))


def _figure_add(grain: str, cell: dict, fact: Fact, *, persons: int) -> None:
    increments = {
        "facts": F("facts") + 1,
        "persons": F("persons") + persons,
        "people": F("people") + fact.people,
        "households": F("households") + fact.households,
        "quantity": F("quantity") + fact.quantity,
        "family_cents": F("family_cents") + fact.family_cents,
        "city_cents": F("city_cents") + fact.city_cents,
    }
    if Figure.objects.filter(grain=grain, **cell).update(**increments):
        return
    try:
        with transaction.atomic():
            Figure.objects.create(
                grain=grain,
                **cell,
                facts=1,
                persons=persons,
                people=fact.people,
                households=fact.households,
                quantity=fact.quantity,
                family_cents=fact.family_cents,
                city_cents=fact.city_cents,
            )
    except IntegrityError:
        # Another writer made the cell between our update and our insert.
        Figure.objects.filter(grain=grain, **cell).update(**increments)


def figures_rebuild(*, months: list[datetime.date] | None = None) -> int:
    """Recompute the figures of every grain from the facts (all months, or the given ones):
    the nightly check that the running totals are what the facts say. Idempotent; returns
    the number of cells."""
    facts = Fact.objects.all()
    figures = Figure.objects.all()
    if months is not None:
        facts = facts.filter(month__in=months)
        figures = figures.filter(month__in=months)
    return _rebuild(facts, figures)


def _rebuild(facts, figures) -> int:
    cells = []
    for grain, kept in GRAINS.items():
        rows = (
            facts.values(*kept)
            .annotate(
                n_facts=Count("id"),
                n_persons=Count("person_id", distinct=True),
                anonymous=Count("id") - Count("person_id"),
                n_people=Sum("people"),
                n_households=Sum("households"),
                n_quantity=Sum("quantity"),
                n_family=Sum("family_cents"),
                n_city=Sum("city_cents"),
            )
            .order_by()
        )
        for row in rows.iterator(chunk_size=5000):
            cell = _at_grain(_dims({name: row.get(name) for name in _FACT_DIMS}), kept)
            cells.append(
                Figure(
                    grain=grain,
                    **cell,
                    facts=row["n_facts"],
                    persons=row["n_persons"] + row["anonymous"],
                    people=row["n_people"] or 0,
                    households=row["n_households"] or 0,
                    quantity=row["n_quantity"] or 0,
                    family_cents=row["n_family"] or 0,
                    city_cents=row["n_city"] or 0,
                )
            )
    with transaction.atomic():
        figures.delete()
        Figure.objects.bulk_create(cells, batch_size=2000)
    return len(cells)
