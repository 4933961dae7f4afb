"""QR codes as inline SVG (no image files; they print sharp): invitation links, registration
codes."""

from __future__ import annotations

import segno
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def qr_svg(content: str, *, label: str, scale: int = 6) -> SafeString:
    """An accessible SVG of the QR code of ``content``; ``label`` names it for screen readers."""
    code = segno.make(content, error="m")
    svg = code.svg_inline(scale=scale, dark="#000", light="#fff", omitsize=True)
    # segno writes only its own markup (the code's paths: the content is not in it as text),
    # so it is safe to mark; the label is escaped by format_html.
    return format_html(
        '<span class="wemi-qr" role="img" aria-label="{}">{}</span>',
        label,
        mark_safe(svg),  # noqa: S308
    )
