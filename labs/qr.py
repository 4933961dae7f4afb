"""The lab's invitation link and its QR code."""

from __future__ import annotations

from django.urls import reverse

from cms_templates.qr import qr_svg
from cms_templates.seo import absolute

from .models import Lab

__all__ = ["invite_url", "qr_svg"]


def invite_url(lab: Lab) -> str:
    """The absolute invitation link, from SITE_URL (never a request's Host)."""
    return absolute(reverse("labs:invite", args=[lab.invite_token]))
