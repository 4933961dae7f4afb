"""What search engines read: robots.txt, the sitemap, and the URL helpers the canonical and
alternate links share. Absolute URLs start from settings.SITE_URL, the public address, never
from the Host header of the request."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import get_language_from_path
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

# What search engines keep is read later, elsewhere: links start from SITE_URL (see links.py).
from .links import site_url as absolute

# Private areas: signing in, profiles, the administration. Their pages are useless in search
# results; robots.txt is advice, not protection (the views check permissions).
DISALLOWED_PREFIXES = ("/admin/", "/account/")


def neutral_path(path: str) -> str:
    """The path without its language prefix ("/en/privacy/" -> "/privacy/")."""
    language = get_language_from_path(path)
    if language:
        prefix = f"/{language}"
        if path == prefix or path.startswith(prefix + "/"):
            return path[len(prefix) :] or "/"
    return path


def path_for_language(neutral: str, language: str) -> str:
    # Italian, the default, has no prefix (i18n_patterns with prefix_default_language=False).
    if language == settings.LANGUAGE_CODE:
        return neutral
    return f"/{language}{neutral}"


@require_safe
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /"]
    for prefix in DISALLOWED_PREFIXES:
        lines.append(f"Disallow: {prefix}")
        # The account pages exist in every language; the administration does not.
        if prefix != "/admin/":
            for code, _name in settings.LANGUAGES:
                if code != settings.LANGUAGE_CODE:
                    lines.append(f"Disallow: {path_for_language(prefix, code)}")
    lines.append(f"Sitemap: {absolute(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class PageSitemap(Sitemap):
    """Every live, public page of the site, once per language with hreflang alternates.

    Django's i18n sitemap rather than Wagtail's: Wagtail's lists each page once, in whatever
    language the crawler's request happens to activate."""

    i18n = True
    alternates = True

    def __init__(self, request):
        self.request = request

    def items(self):
        from wagtail.models import Page, Site

        site = Site.find_for_request(self.request)
        if site is None:
            site = Site.objects.select_related("root_page").get(is_default_site=True)
        return (
            Page.objects.descendant_of(site.root_page, inclusive=True)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def location(self, page) -> str | None:
        # Called with each language active in turn: reverse() adds the language prefix.
        parts = page.get_url_parts(self.request)
        return parts[2] if parts else None

    def lastmod(self, page):
        return page.last_published_at or page.latest_revision_created_at

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


@require_safe
def sitemap(request):
    return sitemap_views.sitemap(request, {"pages": PageSitemap(request)})
