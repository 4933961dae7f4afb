"""The invitation link as a QR code: an inline SVG (no image files, prints sharp on A4)."""

from __future__ import annotations

import segno
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from cms_templates.seo import absolute

from .models import Lab


def invite_url(lab: Lab) -> str:
    """The absolute invitation link, from SITE_URL (never a request's Host)."""
    return absolute(reverse("labs:invite", args=[lab.invite_token]))


def qr_svg(url: str, *, label: str, scale: int = 6) -> SafeString:
    """An accessible SVG of the QR code of ``url``; ``label`` names it for screen readers."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=scale, dark="#000", light="#fff", omitsize=True)
    # segno writes only its own markup (paths of the code, no text of ours): safe to mark so.
    # The label is escaped by format_html.
    return format_html(
        '<span class="wemi-qr" role="img" aria-label="{}">{}</span>',
        label,
        mark_safe(svg),  # noqa: S308
    )
