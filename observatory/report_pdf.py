"""A Municipio's monthly report on paper: an A4 PDF with the same figures as its page, in
the site's typeface (Titillium Web, the certificates' fonts, which carry the Italian
accents)."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from wemi_community.certificates.pdf import BLUE, DARK, FONTS, GREY

from . import reports

LIGHT = (230, 240, 250)
STRIPE = (246, 248, 250)
RULE = (190, 198, 206)


def title(data: dict) -> str:
    return _("Monthly report")


def _pdf() -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_author("WeMi Community · Comune di Milano")
    pdf.set_creator("WeMi Community")
    pdf.add_font("Titillium", "", str(FONTS / "TitilliumWeb-Regular.ttf"))
    pdf.add_font("Titillium", "B", str(FONTS / "TitilliumWeb-SemiBold.ttf"))
    pdf.add_font("Titillium", "I", str(FONTS / "TitilliumWeb-Italic.ttf"))
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(auto=True, margin=16)
    return pdf


def render_pdf(data: dict) -> bytes:
    """The report's PDF from its figures (`MonthlyReport.figures`), in the active language."""
    shown = reports.rows(data)
    month = formats.date_format(shown["month"], "YEAR_MONTH_FORMAT")
    pdf = _pdf()
    place = data["municipio"]["name"]
    pdf.set_title(f"{title(data)} · {place} · {month}")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_fill_color(*BLUE)
    pdf.rect(0, 0, pdf.w, 10, style="F")

    pdf.set_y(18)
    pdf.set_text_color(*BLUE)
    pdf.set_font("Titillium", "B", 11)
    pdf.cell(width, 6, "COMUNE DI MILANO · WEMI COMMUNITY", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_text_color(*DARK)
    pdf.set_font("Titillium", "B", 22)
    pdf.multi_cell(width, 10, title(data), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Titillium", "", 14)
    pdf.set_text_color(*GREY)
    pdf.cell(
        width,
        8,
        f"{place} · {month}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    pdf.set_font("Titillium", "", 10)
    pdf.multi_cell(
        width,
        5,
        _(
            "What the network of the Spazi WeMi delivered in the Municipio: in the month and "
            "in the year up to the end of the month."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)

    heading = FontFace(emphasis="BOLD", color=DARK, fill_color=LIGHT)
    # The header's band left the fill colour blue: the tables stripe their rows in grey.
    pdf.set_fill_color(*STRIPE)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    pdf.set_text_color(*DARK)
    pdf.set_font("Titillium", "", 10.5)
    with pdf.table(
        col_widths=(100, 35, 35),
        text_align=("LEFT", "RIGHT", "RIGHT"),
        headings_style=heading,
        line_height=6.5,
        borders_layout="HORIZONTAL_LINES",
        cell_fill_color=STRIPE,
        cell_fill_mode="ROWS",
    ) as table:
        table.row([_("Figure"), month[:1].upper() + month[1:], _("Year to date")])
        for line in shown["lines"]:
            table.row([str(line["label"]), line["month"], line["year"]])

    if shown["spaces"]:
        pdf.ln(8)
        pdf.set_font("Titillium", "B", 13)
        pdf.cell(width, 8, _("By space, in the month"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Titillium", "", 9)
        columns = len(shown["columns"])
        with pdf.table(
            col_widths=(50, *([120 / columns] * columns)),
            text_align=("LEFT", *(["RIGHT"] * columns)),
            headings_style=heading,
            line_height=5,
            borders_layout="HORIZONTAL_LINES",
            cell_fill_color=STRIPE,
            cell_fill_mode="ROWS",
        ) as table:
            table.row([_("Space"), *(str(label) for label in shown["columns"])])
            for space in shown["spaces"]:
                table.row([space["title"], *space["cells"]])

    pdf.ln(6)
    pdf.set_font("Titillium", "I", 9)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(
        width,
        4.5,
        _(
            "Figures resting on fewer than %(n)d people are hidden (“< %(n)d”), and so is a "
            "second one where the first could be worked out from the others. Amounts in euro; "
            "hours in hours and tenths."
        )
        % {"n": data["min_cell"]},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_fill_color(*BLUE)
    pdf.rect(0, pdf.h - 6, pdf.w, 6, style="F")
    return bytes(pdf.output())
