"""Friendly error pages, and /favicon.ico. The 500 page renders without a request context on
purpose: whatever broke must not break the error page too."""

from functools import lru_cache
from pathlib import Path

from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe
from django.views.defaults import page_not_found as default_page_not_found

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

    template = loader.get_template("500.html")
    context = {"LANGUAGE_CODE": translation.get_language() or "it"}
    return HttpResponseServerError(template.render(context))
