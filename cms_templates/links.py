"""Absolute links, built one of two ways, by who reads them and when.

- ``request_url``: for the person in front of the page, who follows or scans the link now (a
  lab's invitation link and its QR code, the calendar addresses a page offers). It starts from
  the address that person reached the site at, so it works from where they are, on any host
  or port; the scheme is the proxy's (``SECURE_PROXY_SSL_HEADER``), the host one that
  ``ALLOWED_HOSTS`` let in.
- ``site_url``: for what is read later or elsewhere, with no request behind it (e-mails, PDFs,
  the contents of calendar files, tasks, the canonical URLs search engines keep). It starts
  from ``SITE_URL``, the public address, never from a Host header.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def _is_absolute(url: str) -> bool:
    return url.startswith(("http://", "https://"))


def site_url(path: str = "/") -> str:
    """``path`` on the public address (``SITE_URL``)."""
    if _is_absolute(path):
        return path
    if not path.startswith("/"):
        path = "/" + path
    return f"{settings.SITE_URL}{path}"


def request_url(request: HttpRequest, path: str = "/") -> str:
    """``path`` on the address the person in front of the page reached the site at."""
    if _is_absolute(path):
        return path
    return request.build_absolute_uri(path if path.startswith("/") else "/" + path)
