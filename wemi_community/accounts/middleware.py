"""The second step of signing in, on every request (after django-otp's OTPMiddleware, before
the desk's assisted sessions, so it sees who is really signed in).

The rule, the simplest that is safe: while a signed-in person still has a step to do (type
a code of their confirmed app, or set one up because their role needs it, see
``mfa.pending_step``), every page sends them to that step, keeping where they were going in
``next``; only that step's pages, signing out, the language switch and what carries no page
(static files, media, the health check, favicon, robots.txt) stay open. Public pages too:
a half-signed-in session is not a way to browse as that person."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from . import mfa
from .redirects import NEXT_FIELD, safe_next

STEP_URLS = {
    mfa.VERIFY: "accounts:second_factor_verify",
    mfa.ENROL: "accounts:second_factor_enrol",
}
# Each step's own pages.
OPEN_DURING = {
    mfa.VERIFY: {"accounts:second_factor_verify"},
    mfa.ENROL: {"accounts:second_factor_enrol"},
}
ALWAYS_OPEN = {"accounts:logout", "set_language", "javascript-catalog", "wagtailadmin_logout"}
ALWAYS_OPEN_PATHS = ("/healthz", "/favicon.ico", "/robots.txt")


def _open_paths() -> tuple[str, ...]:
    return tuple(
        prefix
        for prefix in (settings.STATIC_URL, settings.MEDIA_URL, *ALWAYS_OPEN_PATHS)
        if prefix and prefix != "/"
    )


def _view_name(request) -> str:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return ""


def step_url(request, step: str) -> str:
    url = reverse(STEP_URLS[step])
    # Only a page can be gone back to: a form's answer is not kept.
    if request.method in ("GET", "HEAD"):
        next_url = safe_next(request, request.get_full_path())
        if next_url:
            url += "?" + urlencode({NEXT_FIELD: next_url})
    return url


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(_open_paths()):
            return self.get_response(request)
        step = mfa.pending_step(request)
        if step is None:
            return self.get_response(request)
        name = _view_name(request)
        if name in ALWAYS_OPEN or name in OPEN_DURING[step]:
            return self.get_response(request)
        url = step_url(request, step)
        htmx = getattr(request, "htmx", None)
        if htmx:
            # The whole page goes to the step, not a fragment of it.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)
