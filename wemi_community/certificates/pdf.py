"""Certificates on paper: an A4 PDF with the holder, what they did, the date, and the code
with its QR code, to check at the public verification page. Fonts: Titillium Web, the
typeface of the site (SIL Open Font License, see fonts/OFL.txt)."""

from __future__ import annotations

import io
from pathlib import Path

import segno
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from cms_templates.links import site_url

from . import wording
from .models import Certificate

FONTS = Path(__file__).resolve().parent / "fonts"
BLUE = (0, 102, 204)
DARK = (26, 26, 26)
GREY = (92, 111, 130)


def verify_url(certificate: Certificate) -> str:
    # Printed and read later: the public address (SITE_URL), never the request's.
    return site_url(reverse("certificates:verify", args=[certificate.code]))


def render_pdf(certificate: Certificate) -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(f"{wording.title(certificate)} {certificate.code}")
    pdf.set_author("WeMi Community · Comune di Milano")
    pdf.set_creator("WeMi Community")
    pdf.add_font("Titillium", "", str(FONTS / "TitilliumWeb-Regular.ttf"))
    pdf.add_font("Titillium", "B", str(FONTS / "TitilliumWeb-SemiBold.ttf"))
    pdf.add_font("Titillium", "I", str(FONTS / "TitilliumWeb-Italic.ttf"))
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    width = pdf.w - 40

    pdf.set_fill_color(*BLUE)
    pdf.rect(0, 0, pdf.w, 12, style="F")
    pdf.set_xy(20, 22)
    pdf.set_text_color(*BLUE)
    pdf.set_font("Titillium", "B", 12)
    pdf.cell(width, 7, "COMUNE DI MILANO · WEMI COMMUNITY", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Titillium", "", 11)
    pdf.set_text_color(*GREY)
    pdf.set_x(20)
    pdf.cell(width, 6, certificate.issuer_name, new_x="LMARGIN", new_y="NEXT")

    pdf.set_xy(20, 62)
    pdf.set_text_color(*DARK)
    pdf.set_font("Titillium", "B", 28)
    pdf.multi_cell(width, 12, wording.title(certificate), align="C")
    pdf.ln(10)
    pdf.set_font("Titillium", "", 14)
    pdf.set_x(20)
    pdf.multi_cell(width, 8, _("This certifies that"), align="C")
    pdf.ln(2)
    pdf.set_font("Titillium", "B", 22)
    pdf.set_x(20)
    pdf.multi_cell(width, 11, certificate.holder_name, align="C")
    pdf.ln(4)
    pdf.set_font("Titillium", "", 14)
    pdf.set_x(20)
    pdf.multi_cell(width, 8, wording.statement(certificate), align="C")

    pdf.set_xy(20, 200)
    pdf.set_font("Titillium", "", 11)
    pdf.set_text_color(*GREY)
    issued = formats.date_format(timezone.localtime(certificate.updated_at).date(), "DATE_FORMAT")
    pdf.cell(width, 6, _("Milan, %(date)s") % {"date": issued}, new_x="LMARGIN", new_y="NEXT")

    qr = io.BytesIO()
    segno.make(verify_url(certificate), error="m").save(qr, kind="png", scale=6, border=2)
    qr.seek(0)
    pdf.image(qr, x=20, y=222, w=38, h=38)
    pdf.set_xy(64, 226)
    pdf.set_text_color(*DARK)
    pdf.set_font("Titillium", "B", 12)
    pdf.cell(0, 6, _("Verification code: %(code)s") % {"code": certificate.code})
    pdf.set_xy(64, 234)
    pdf.set_font("Titillium", "", 10)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(
        width - 44,
        5,
        _("Anyone can check that this certificate is genuine at %(url)s")
        % {"url": verify_url(certificate)},
        align="L",
    )
    pdf.set_fill_color(*BLUE)
    pdf.rect(0, pdf.h - 8, pdf.w, 8, style="F")
    return bytes(pdf.output())
