"""The one CSV download every export uses."""

import csv
import io
from decimal import Decimal

from wemi_community.core.exports import csv_response, spreadsheet_cell


def _rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_a_download_with_the_byte_order_mark_and_the_file_name():
    response = csv_response("ore.csv", ["nome", "ore"], [["Anna Rossi", 3]])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ore.csv"'
    assert response.content.startswith("\ufeff".encode())
    assert _rows(response) == [["nome", "ore"], ["Anna Rossi", "3"]]


def test_text_that_looks_like_a_formula_is_quoted():
    rows = [['=HYPERLINK("http://x")', "+39 02", "-1", "@SUM(A1)", "\tx", "ok"]]
    response = csv_response("a.csv", ["a", "b", "c", "d", "e", "f"], rows)
    assert _rows(response)[1] == [
        '\'=HYPERLINK("http://x")',
        "'+39 02",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        "ok",
    ]


def test_numbers_stay_numbers_and_empty_cells_stay_empty():
    response = csv_response("a.csv", ["a", "b", "c", "d"], [[-2, Decimal("-1.5"), None, ""]])
    assert _rows(response)[1] == ["-2", "-1.5", "", ""]


def test_the_header_is_made_safe_too_and_rows_may_be_a_generator():
    response = csv_response("a.csv", ["=a"], ([value] for value in ["x", "y"]))
    assert _rows(response) == [["'=a"], ["x"], ["y"]]


def test_spreadsheet_cell():
    assert spreadsheet_cell(None) == ""
    assert spreadsheet_cell("=1+1") == "'=1+1"
    assert spreadsheet_cell("Via Roma") == "Via Roma"
