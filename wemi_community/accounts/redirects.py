"""Where a person goes after signing in: back to the page they came from (``next``), never to
another site. The sign-up and the password reset remember it in the session, so the first
sign-in after confirming the e-mail (or setting a new password) still lands there."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

NEXT_FIELD = "next"
SESSION_KEY = "accounts_next"


def safe_next(request: HttpRequest, url: str | None) -> str:
    """``url`` if it stays on this site (same host, no other scheme), else "". A path or a
    whole address only: ``redirect()`` would read any other word as the name of a view."""
    url = (url or "").strip()
    if not url.startswith(("/", "http://", "https://")):
        return ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def next_from(request: HttpRequest) -> str:
    """The safe ``next`` of this request (the form's, else the address's), or ""."""
    return safe_next(request, request.POST.get(NEXT_FIELD) or request.GET.get(NEXT_FIELD))


def remember(request: HttpRequest, url: str) -> None:
    url = safe_next(request, url)
    if url:
        request.session[SESSION_KEY] = url


def remembered(request: HttpRequest) -> str:
    """What the sign-up or the password reset remembered, checked again."""
    return safe_next(request, request.session.get(SESSION_KEY))


def forget(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
