"""The open data's page and its files, at stable addresses under /dati-aperti/."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from . import dcat
from .open_data import DATASETS, LICENCE_NAME, LICENCE_URL, Dataset
from .open_data_files import (
    CONTENT_TYPES,
    FORMATS,
    README_NAME,
    ZIP_NAME,
    FileInfo,
    ensure_built,
    file_info,
    last_built,
)

# Files people keep (opened in a spreadsheet, unpacked) are downloaded; the rest shown.
_ATTACHMENTS = {"csv", "zip"}
# Browsers and proxies may keep a file an hour: it changes at most once a night.
_CACHE_CONTROL = "public, max-age=3600"


@dataclass(frozen=True)
class DatasetEntry:
    dataset: Dataset
    files: dict[str, FileInfo | None]

    @property
    def modified(self):
        return self.files["csv"].modified if self.files.get("csv") else None


@require_safe
def index(request):
    ensure_built()
    entries = [
        DatasetEntry(dataset, {fmt: file_info(f"{dataset.slug}.{fmt}") for fmt in FORMATS})
        for dataset in DATASETS.values()
    ]
    return render(
        request,
        "observatory/open_data/index.html",
        {
            "entries": entries,
            "archive": file_info(ZIP_NAME),
            "last_built": last_built(),
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
            "syntaxes": list(dcat.SYNTAXES),
            "min_cell": settings.OBSERVATORY_MIN_CELL,
        },
    )


def _serve(request, name: str, extension: str) -> HttpResponse:
    info = file_info(name)
    if info is None:
        ensure_built()
        info = file_info(name)
    if info is None:
        raise Http404(name)
    modified = int(info.modified.timestamp())
    not_modified = get_conditional_response(request, etag=info.etag, last_modified=modified)
    if not_modified is not None:
        return not_modified
    response = FileResponse(
        info.path.open("rb"),
        content_type=CONTENT_TYPES[extension],
        as_attachment=extension in _ATTACHMENTS,
        filename=name,
    )
    response["ETag"] = info.etag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = _CACHE_CONTROL
    return response


@require_safe
def dataset_file(request, slug: str, fmt: str):
    if slug not in DATASETS or fmt not in FORMATS:
        raise Http404(slug)
    return _serve(request, f"{slug}.{fmt}", fmt)


@require_safe
def archive(request):
    return _serve(request, ZIP_NAME, "zip")


@require_safe
def readme(request):
    return _serve(request, README_NAME, "md")


@require_safe
def catalogue(request, syntax: str):
    if syntax not in dcat.SYNTAXES:
        raise Http404(syntax)
    ensure_built()
    graph = dcat.catalogue_graph()
    etag = f'"{dcat.fingerprint(graph)}"'
    changed = [info.modified for slug in DATASETS if (info := file_info(f"{slug}.csv"))]
    modified = int(max(changed).timestamp()) if changed else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
    if not_modified is not None:
        return not_modified
    _format, content_type = dcat.SYNTAXES[syntax]
    response = HttpResponse(dcat.serialize(graph, syntax), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="catalogo.{syntax}"'
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = _CACHE_CONTROL
    return response
