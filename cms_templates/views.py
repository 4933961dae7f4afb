"""Friendly error pages, and /favicon.ico. The 500 page renders without a request context on
purpose: whatever broke must not break the error page too."""

import sys
from functools import lru_cache
from pathlib import Path

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe
from django.views.defaults import page_not_found as default_page_not_found

# A connection refused, dropped or terminated (OperationalError), or used after it was closed
# (InterfaceError): the database is away, not the request wrong.
DATABASE_UNREACHABLE = (OperationalError, InterfaceError)
DATABASE_RETRY_AFTER_SECONDS = 30

# Drawn by scripts/make_favicon.py from the same shape as favicon.svg.
FAVICON = Path(__file__).resolve().parent / "static" / "cms_templates" / "img" / "favicon.ico"


@lru_cache(maxsize=1)
def _favicon_bytes() -> bytes:
    return FAVICON.read_bytes()


@require_safe
@cache_control(max_age=60 * 60 * 24 * 7, public=True)
def favicon(request):
    """Browsers, feed readers and bookmarks ask for /favicon.ico whatever the page says."""
    return HttpResponse(_favicon_bytes(), content_type="image/x-icon")


def page_not_found(request, exception):
    return default_page_not_found(request, exception, template_name="404.html")


@requires_csrf_token
def server_error(request):
    """The 500 page; the 503 page when what failed is reaching the database, which comes
    back by itself (Django calls this while handling the exception, so it is at hand)."""
    context = {"LANGUAGE_CODE": translation.get_language() or "it"}
    if isinstance(sys.exc_info()[1], DATABASE_UNREACHABLE):
        response = HttpResponse(loader.get_template("503.html").render(context), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render(context))
