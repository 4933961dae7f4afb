"""The monthly report of each Municipio for the territorial tables: made on the 1st for the
month before (`tasks.monthly_reports_make`), kept, and handed out as a page and as a PDF.

The report is the published version: small counts are hidden as on the public pages, so it
can be forwarded, printed and put on a table without asking who may read it. Making it again
keeps the report already made (a retried task changes nothing); city staff may ask for it
to be made again from the current figures (`replace=True`), for example after late facts or
a rebuild of the figures, and the new version replaces the old one."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import translation

from cms_templates import i18n
from spaces_pages.models import SpacePage
from wemi_community.catalogue.models import Municipio

from . import accountability
from .models import MonthlyReport

# The space table of a report: the figures a table of a Municipio asks about first.
SPACE_KEYS = ("families_served", "hours_delivered", "volunteer_hours", "desk_contacts", "needs")


def _plain(cells: list[dict]) -> list[dict]:
    """Cells as JSON: hours as text (Decimal), hidden ones as null."""
    return [
        {
            "key": c["key"],
            "hidden": c["hidden"],
            "value": None if c["value"] is None else str(c["value"]),
        }
        for c in cells
    ]


def report_figures(*, municipio: Municipio, month: datetime.date) -> dict:
    """What a report says, published (small counts hidden). Three queries."""
    month = month.replace(day=1)
    account = accountability.account_of_month(month, full=False, municipio_id=municipio.pk)
    # Every live space of the Municipio, in the default language (where the facts point).
    spaces = list(
        i18n.in_default_language(SpacePage.objects.live())
        .filter(municipio=municipio)
        .order_by("title")
        .values_list("id", "title")
    )
    by_space = accountability.table(
        "space_id",
        [pk for pk, _title in spaces],
        first_month=month,
        last_month=month,
        full=False,
        keys=SPACE_KEYS,
        municipio_id=municipio.pk,
    )
    return {
        "municipio": {"number": municipio.number, "name": municipio.name},
        "month": month.isoformat(),
        "min_cell": settings.OBSERVATORY_MIN_CELL,
        "month_lines": _plain(account["month"]),
        "year_lines": _plain(account["year"]),
        "space_keys": list(SPACE_KEYS),
        "spaces": [
            {"id": pk, "title": title, "cells": _plain(by_space[pk])} for pk, title in spaces
        ],
    }


def monthly_report_make(
    *, municipio: Municipio, month: datetime.date, replace: bool = False
) -> tuple[MonthlyReport, bool]:
    """The report of a Municipio for a month: made if missing (True), else kept as it is
    (False), or made again from the current figures when `replace`. The PDF is printed in
    Italian, the language of the tables; the page shows it in the reader's language."""
    # Imported here: the PDF's fonts and drawing are needed only when a report is made.
    from .report_pdf import render_pdf

    month = month.replace(day=1)
    with transaction.atomic():
        existing = (
            MonthlyReport.objects.select_for_update()
            .filter(municipio=municipio, month=month)
            .first()
        )
        if existing is not None and not replace:
            return existing, False
        data = report_figures(municipio=municipio, month=month)
        with translation.override(settings.LANGUAGE_CODE):
            pdf = render_pdf(data)
        if existing is not None:
            existing.figures, existing.pdf = data, pdf
            existing.save(update_fields=["figures", "pdf", "updated_at"])
            return existing, False
        report, created = MonthlyReport.objects.get_or_create(
            municipio=municipio, month=month, defaults={"figures": data, "pdf": pdf}
        )
        return report, created


def rows(data: dict) -> dict:
    """A report's figures with their labels and printed values, in the active language: what
    its page and its PDF show."""
    lines = [
        {
            "label": accountability.LINES[month["key"]].label,
            "month": accountability.cell_text(month),
            "year": accountability.cell_text(year),
            "hidden": month["hidden"] or year["hidden"],
        }
        for month, year in zip(data["month_lines"], data["year_lines"], strict=True)
        if month["key"] in accountability.LINES
    ]
    return {
        "lines": lines,
        "columns": [accountability.LINES[key].label for key in data["space_keys"]],
        "spaces": [
            {
                "title": space["title"],
                "cells": [accountability.cell_text(c) for c in space["cells"]],
            }
            for space in data["spaces"]
        ],
        "month": datetime.date.fromisoformat(data["month"]),
        "municipio": data["municipio"],
        "min_cell": data["min_cell"],
    }
