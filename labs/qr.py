"""The lab's invitation link and its QR code."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from cms_templates.links import request_url
from cms_templates.qr import qr_svg

from .models import Lab

__all__ = ["invite_url", "qr_svg"]


def invite_url(request: HttpRequest, lab: Lab) -> str:
    """The absolute invitation link, on the address the person showing it reached the site
    at: scanned in the room, the QR code leads where this page came from (links.py)."""
    return request_url(request, reverse("labs:invite", args=[lab.invite_token]))
