"""The observatory's pages: the figures of needs, demand, the proposals' funnel and the
shared services, as tables (that work without JavaScript), charts and a map over them, and
each table as a CSV file."""

from __future__ import annotations

import dataclasses
import json

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wemi_community.core.exports import csv_response

from .forms import ObservatoryFilterForm
from .permissions import coordinated_scope_spaces, observatory_reader, sees_full_figures
from .selectors import TABLES, Catalogue, boundaries_geojson, month_label, table_build

BOUNDARIES_CACHE_KEY = "observatory:boundaries:v1"
BOUNDARIES_SECONDS = 24 * 60 * 60


def _question(request):
    """The form, its scope (None when the form has errors), whether the figures are full,
    and the catalogue the rows are named with."""
    catalogue = Catalogue.load()
    form = ObservatoryFilterForm(request.GET, catalogue=catalogue)
    reader = observatory_reader(request.user)
    if not form.is_valid():
        return form, None, False, catalogue, reader
    scope = form.scope
    spaces = coordinated_scope_spaces(reader, scope.space_id)
    if spaces is not None:
        scope = dataclasses.replace(scope, spaces=spaces)
    return form, scope, sees_full_figures(reader, scope.spaces), catalogue, reader


@require_GET
def observatory_index(request):
    form, scope, full, catalogue, reader = _question(request)
    context = {
        "form": form,
        "full": full,
        "reader": reader,
        "min_cell": settings.OBSERVATORY_MIN_CELL,
        "my_spaces": [s for s in catalogue.spaces if s.pk in reader.coordinated],
    }
    if scope is None:
        return render(request, "observatory/index.html", context, status=400)
    tables = [table_build(key, scope, catalogue, full=full) for key in TABLES]
    by_key = {table.key: table for table in tables}
    query = form.query()
    context.update(
        {
            "scope": scope,
            "tables": by_key,
            "hidden": sum(table.hidden for table in tables),
            "query": query,
            "period": (month_label(scope.first_month), month_label(scope.last_month)),
            "space": next((s for s in catalogue.spaces if s.pk == scope.space_id), None),
            "charts": {table.key: table.chart for table in tables if table.chart},
            "map_data": _map_data(by_key["municipi"], by_key["nil"]),
        }
    )
    return render(request, "observatory/index.html", context)


def _map_data(municipi, nils) -> dict:
    """The demand columns by Municipio and by NIL, keyed by the ids the boundaries carry."""

    def layer(table):
        return {
            row.key: [None if c.value is None else float(c.value) for c in row.cells]
            for row in table.rows
            if not row.is_other
        }

    return {
        "columns": [str(column.label) for column in municipi.columns],
        "municipi": layer(municipi),
        "nil": layer(nils),
        "names": {
            "municipi": {row.key: row.label for row in municipi.rows},
            "nil": {row.key: row.label for row in nils.rows},
        },
    }


@require_GET
def observatory_csv(request, table: str):
    if table not in TABLES:
        raise Http404
    form, scope, full, catalogue, _reader = _question(request)
    if scope is None:
        lines = [f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()]
        return HttpResponseBadRequest(
            "\n".join([_("The question cannot be answered:"), *lines]),
            content_type="text/plain; charset=utf-8",
        )
    built = table_build(table, scope, catalogue, full=full)
    filename = f"osservatorio-{built.key}-{scope.first_month:%Y-%m}-{scope.last_month:%Y-%m}.csv"
    response = csv_response(filename, built.csv_header(), built.csv_rows())
    # What a reader may see depends on who they are: no shared cache keeps it.
    patch_cache_control(response, private=True)
    return response


@require_GET
def observatory_boundaries(request):
    """The Municipi and NIL as one GeoJSON file for the map: the same for everyone and in
    every language, built once and kept in the cache (the browser keeps it a day too)."""
    body = cache.get(BOUNDARIES_CACHE_KEY)
    if body is None:
        body = json.dumps(boundaries_geojson(), separators=(",", ":"))
        cache.set(BOUNDARIES_CACHE_KEY, body, BOUNDARIES_SECONDS)
    response = HttpResponse(body, content_type="application/geo+json")
    patch_cache_control(response, public=True, max_age=BOUNDARIES_SECONDS)
    return response
