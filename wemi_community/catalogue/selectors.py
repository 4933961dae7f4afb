"""Reads of the reference data, shaped for pickers and pages."""

from django.db.models import QuerySet

from .models import Municipio, Nil, ServiceCategory


def municipi() -> QuerySet[Municipio]:
    return Municipio.objects.order_by("number")


def nils(*, municipio: Municipio | None = None) -> QuerySet[Nil]:
    qs = Nil.objects.select_related("municipio").order_by("name")
    return qs.filter(municipio=municipio) if municipio else qs


def services() -> QuerySet[ServiceCategory]:
    """The leaves of the taxonomy (level 2), with their group and area in one query."""
    return (
        ServiceCategory.objects.filter(level=ServiceCategory.Level.LEVEL2)
        .select_related("parent__parent")
        .order_by("parent__parent__position", "parent__position", "position")
    )
