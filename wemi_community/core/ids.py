"""Ids that come from outside (a URL, a query string, a form) and the database's integers.

A number larger than any database integer must find no row, never crash: SQLite raises
OverflowError and PostgreSQL NumericValueOutOfRange for it. Django (5.0+) already answers
"no row" for an integer column compared with ``=``, ``<``, ``>``; three places are left, and
this module closes them once for the whole project:

- the URLs: ``<id:pk>`` (registered in ``CoreConfig.ready``) matches only ids a database
  holds, so a larger one is a 404 before any view runs;
- the lookups Django leaves unguarded: ``__in`` on an integer column (every
  ModelMultipleChoiceField checks its choices with it) and ``=`` / ``__in`` through a relation
  (``space=``, ``space_id=``, and the primary key of a Wagtail page, which is a relation to
  ``Page``): a value out of the column's range matches nothing, as Django does for ``=``;
- the raw query string: ``parse_id`` reads an id or nothing (``str.isdigit`` takes "²",
  which ``int()`` refuses)."""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models.fields.related import ForeignObject
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In

# The largest id a column holds on every database (PostgreSQL's integer); the API and the
# URLs refuse larger ones.
MAX_ID = 2**31 - 1


def parse_id(raw) -> int | None:
    """An id written in ASCII digits, 1 to ``MAX_ID``; anything else is None."""
    text = str(raw if raw is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


class IdConverter:
    """``<id:pk>``: ASCII digits that fit a database id; larger ones do not match (404)."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value) -> str:
        return str(int(value))


# --- Lookups: an out-of-range value matches no row ----------------------------------------


def _integer_range(field, connection) -> tuple[int | None, int | None]:
    """The range of the column a lookup compares with (through a relation: the column the
    relation points at). No range for a column that is not an integer."""
    while isinstance(field, ForeignObject) and len(field.foreign_related_fields) == 1:
        field = field.foreign_related_fields[0]
    if not isinstance(field, models.IntegerField):
        return None, None
    try:
        return connection.ops.integer_field_range(field.get_internal_type())
    except KeyError:
        return None, None


def _out_of_range(value, low, high) -> bool:
    return isinstance(value, int) and (
        (low is not None and value < low) or (high is not None and value > high)
    )


class InRangeMixin:
    """``__in`` with a list of values: those out of the column's range are left out (none
    left: no row, as Django's own ``in`` does with an empty list)."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value() and not isinstance(self.rhs, (str, bytes)):
            low, high = _integer_range(self.lhs.output_field, connection)
            if low is not None or high is not None:
                self.rhs = [value for value in self.rhs if not _out_of_range(value, low, high)]
        return super().process_rhs(compiler, connection)


class IntegerFieldIn(InRangeMixin, In):
    pass


class RelatedInInRange(InRangeMixin, RelatedIn):
    pass


class RelatedExactInRange(RelatedExact):
    """``space=`` / ``space_id=`` / a page's ``pk=``: out of range, no row."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = _integer_range(self.lhs.output_field, connection)
            if _out_of_range(self.rhs, low, high):
                raise EmptyResultSet
        return super().process_rhs(compiler, connection)


def register_lookups() -> None:
    models.IntegerField.register_lookup(IntegerFieldIn)
    ForeignObject.register_lookup(RelatedInInRange)
    ForeignObject.register_lookup(RelatedExactInRange)
