"""CSV files for people to open in a spreadsheet: one way to build them, safe to open."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse

# A cell starting with one of these is read as a formula by Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value) -> str:
    """A spreadsheet must not run what people wrote (a name like "=HYPERLINK(…)")."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in FORMULA_STARTS else text


def _cell(value):
    # Numbers are never formulas; a negative one stays a number.
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    return spreadsheet_cell(value)


def csv_text(header: Iterable, rows: Iterable[Iterable]) -> str:
    """The table as CSV text, every text cell made safe, starting with the byte-order mark
    that makes Excel read the file as UTF-8 (encode it as "utf-8")."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([_cell(value) for value in header])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV download of the table (``csv_text``)."""
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
