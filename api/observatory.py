"""The observatory's figures for machines: totals within a scope (period, place, space,
category), grouped by one dimension. The API is public, so small counts are always
protected (``evidence.selectors.suppress`` on the distinct people of each row)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from spaces_pages.models import SpacePage
from wemi_community.catalogue.models import Municipio, Nil, ServiceCategory
from wemi_community.evidence import kinds as evidence_kinds
from wemi_community.evidence.selectors import (
    MEASURES,
    ScopeError,
    figures,
    scope_parse,
    suppress,
)

from .base import Public
from .filters import reject_unknown

SCOPE_PARAMETERS = ("dal", "al", "municipio", "nil", "spazio", "categoria")
# What a client may group by → the figures' dimension.
BY = {
    "month": "month",
    "municipio": "municipio_id",
    "nil": "nil_id",
    "space": "space_id",
    "category": "category_id",
    "kind": "kind",
}


def _labels(dimension: str, ids: set) -> dict:
    """Each id's public key and name (one query): a Municipio's number, a NIL's code, a
    category's slug, a space's id."""
    ids = {i for i in ids if i}
    if not ids:
        return {}
    if dimension == "municipio_id":
        rows = Municipio.objects.filter(pk__in=ids).only("number", "name")
        return {m.pk: {"number": m.number, "name": m.name} for m in rows}
    if dimension == "nil_id":
        rows = Nil.objects.filter(pk__in=ids).only("code", "name")
        return {n.pk: {"code": n.code, "name": n.name} for n in rows}
    if dimension == "category_id":
        rows = ServiceCategory.objects.filter(pk__in=ids)
        return {c.pk: {"slug": c.slug, "name": c.translated_name} for c in rows}
    rows = SpacePage.objects.filter(pk__in=ids).only("title")
    return {s.pk: {"id": s.pk, "name": s.title} for s in rows}


def _published(row: dict, by: str, labels: dict) -> dict:
    out = {}
    if row.get("other"):
        out[by] = None
        out["other"] = True
    else:
        value = row.get(BY[by])
        if by == "month":
            value = f"{value:%Y-%m}" if value else None
        elif by != "kind":
            value = labels.get(value)
        out[by] = value
        out["other"] = False
    if by != "kind":
        out["kind"] = row["kind"]
    out["suppressed"] = row["suppressed"]
    for measure in MEASURES:
        value = row.get(measure)
        out[measure] = float(value) if measure == "quantity" and value is not None else value
    return out


def protected(rows: list[dict]) -> tuple[list[dict], int]:
    """``suppress`` within each kind (the rows that add up to one published total), so a
    hidden cell can never be worked out from its kind's other rows."""
    out, hidden = [], 0
    for kind in dict.fromkeys(row["kind"] for row in rows):
        kept, count = suppress([r for r in rows if r["kind"] == kind], measure="persons")
        for row in kept:
            row.setdefault("kind", kind)
        out += kept
        hidden += count
    return out, hidden


ROW = inline_serializer(
    name="ObservatoryRow",
    fields={
        "kind": serializers.CharField(),
        "other": serializers.BooleanField(
            help_text="The small rows hidden, merged, when together they are large enough."
        ),
        "suppressed": serializers.BooleanField(
            help_text="Too few people: the figures are hidden (null)."
        ),
        **{name: serializers.FloatField(allow_null=True) for name in MEASURES},
    },
)
ANSWER = inline_serializer(
    name="ObservatoryAnswer",
    fields={
        "scope": serializers.DictField(),
        "by": serializers.CharField(),
        "kinds": serializers.ListField(child=serializers.CharField()),
        "minimum_cell": serializers.IntegerField(),
        "suppressed": serializers.IntegerField(),
        "results": serializers.ListField(child=ROW),
    },
)


def _parameters(kinds, default_by: str, by_choices) -> list:
    scope = [
        OpenApiParameter("dal", str, description="First month, YYYY-MM (12 months ago)."),
        OpenApiParameter("al", str, description="Last month, YYYY-MM (this month)."),
        OpenApiParameter("municipio", int, description="A Municipio's number."),
        OpenApiParameter("nil", int, description="A NIL's code."),
        OpenApiParameter("spazio", int, description="A space's id."),
        OpenApiParameter("categoria", str, description="A catalogue category's slug."),
    ]
    return [
        *scope,
        OpenApiParameter("by", str, enum=list(by_choices), default=default_by),
        OpenApiParameter("kind", str, enum=[str(k) for k in kinds]),
    ]


class Figures(Public, APIView):
    kinds: tuple = ()
    default_by = "month"
    by_choices = tuple(BY)

    def get(self, request):
        reject_unknown(request, (*SCOPE_PARAMETERS, "by", "kind"))
        errors = {}
        by = request.query_params.get("by") or self.default_by
        if by not in self.by_choices:
            errors["by"] = [
                _("Group by one of: %(choices)s.") % {"choices": ", ".join(self.by_choices)}
            ]
        kinds = [str(k) for k in self.kinds]
        kind = request.query_params.get("kind")
        if kind:
            if kind not in kinds:
                errors["kind"] = [_("One of: %(choices)s.") % {"choices": ", ".join(kinds)}]
            kinds = [kind]
        try:
            scope = scope_parse(request.query_params)
        except ScopeError as error:
            errors.update({name: [message] for name, message in error.errors.items()})
        if errors:
            raise ValidationError(errors)
        dimensions = [BY[by]] if by == "kind" else [BY[by], "kind"]
        rows, hidden = protected(figures(scope, kinds, by=dimensions))
        labels = (
            _labels(BY[by], {row.get(BY[by]) for row in rows})
            if by not in ("month", "kind")
            else {}
        )
        return Response(
            {
                "scope": {
                    "dal": f"{scope.first_month:%Y-%m}",
                    "al": f"{scope.last_month:%Y-%m}",
                    **{
                        name: request.query_params.get(name) or None
                        for name in ("municipio", "nil", "spazio", "categoria")
                    },
                },
                "by": by,
                "kinds": kinds,
                "minimum_cell": settings.OBSERVATORY_MIN_CELL,
                "suppressed": hidden,
                "results": [_published(row, by, labels) for row in rows],
            }
        )


def _figures_view(name: str, kinds, summary: str, default_by: str = "month"):
    # Each view its own ``get``: the schema's description is attached to the function.
    @extend_schema(
        summary=summary,
        parameters=_parameters(kinds, default_by, tuple(BY)),
        responses=ANSWER,
        tags=["observatory"],
    )
    def get(self, request):
        return Figures.get(self, request)

    return type(name, (Figures,), {"kinds": tuple(kinds), "default_by": default_by, "get": get})


Demand = _figures_view(
    "Demand",
    evidence_kinds.DEMAND,
    "Needs and demand: lab needs, joins, desk contacts, registrations, volunteer hours.",
)
Funnel = _figures_view(
    "Funnel",
    evidence_kinds.FUNNEL,
    "The proposal funnel: published, threshold, evaluation, accepted, service running "
    "(quantity: days the step took, summed).",
    default_by="kind",
)
Services = _figures_view(
    "Services",
    evidence_kinds.DELIVERY,
    "What the shared services delivered: families served, sessions, quotas paid (cents).",
)
