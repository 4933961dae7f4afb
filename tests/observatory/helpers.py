"""Figures for the observatory's tests, recorded the way the modules record them
(`evidence.services.fact_record`), at the present moment: the page's default period (the
last twelve months) always holds them, whatever today is."""

from __future__ import annotations

import itertools

from tests.factories import UserFactory, municipio, nil_in, service
from wemi_community.evidence.kinds import FactKind
from wemi_community.evidence.services import fact_record

_sources = itertools.count(1)


def record(kind: FactKind, *, persons: int, place: int = 1, space=None, category=None, **values):
    """`persons` facts of `kind` by as many different residents of Municipio `place` (in its
    first NIL), each with `values` (people, households, quantity, family_cents…)."""
    for _n in range(persons):
        resident = UserFactory(municipio=municipio(place), nil=nil_in(place))
        fact_record(
            kind=kind,
            source=f"test.{kind}:{next(_sources)}",
            person=resident,
            space=space,
            category=category if category is not None else service(),
            **values,
        )


def record_anonymous(kind: FactKind, *, count: int, place: int = 1, **values):
    """Facts that name no person (a funnel step, a session delivered): each counts once."""
    for _n in range(count):
        fact_record(
            kind=kind,
            source=f"test.{kind}:{next(_sources)}",
            municipio=municipio(place),
            nil=nil_in(place),
            category=service(),
            **values,
        )
