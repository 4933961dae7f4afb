"""The first rows of each group, in one query: a space's page shows its six newest
proposals, not the hundreds a city's space holds, and must not read them all to keep six."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

RANK = "rank_in_group"


def first_per_group(queryset: QuerySet, group: str, order_by: Sequence[str], n: int) -> QuerySet:
    """The first ``n`` rows of each value of ``group`` in the order ``order_by`` (field
    names, "-" for descending), the whole result in that order. The database numbers the rows
    of each group and returns only the first ``n``."""
    ranked = queryset.annotate(
        **{RANK: Window(RowNumber(), partition_by=[F(group)], order_by=list(order_by))}
    )
    return ranked.filter(**{f"{RANK}__lte": n}).order_by(*order_by)
