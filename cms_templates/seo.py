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
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from . import i18n

# What search engines keep is read later, elsewhere: links start from SITE_URL (see links.py).
from .links import site_url as absolute

# Private areas: signing in, profiles, the administration. Their pages are useless in search
# results; robots.txt is advice, not protection (the views check permissions).
DISALLOWED_PREFIXES = ("/admin/", "/account/")


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
                    lines.append(f"Disallow: {i18n.path_for_language(prefix, code)}")
    lines.append(f"Sitemap: {absolute(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class PageSitemap(Sitemap):
    """Every live, public page of the site, once per language it exists in, with hreflang
    alternates: the page of the default language's tree, and its translation in each other
    language (cms_templates.i18n).

    Django's i18n sitemap rather than Wagtail's: Wagtail's lists each page once, in whatever
    language the crawler's request happens to activate."""

    i18n = True
    alternates = True

    def __init__(self, request):
        self.request = request
        self.translations: dict = {}
        self.trees: set[str] = set()

    def items(self):

        site = Site.find_for_request(self.request)
        if site is None:
            site = Site.objects.select_related("root_page").get(is_default_site=True)
        pages = list(
            Page.objects.descendant_of(site.root_page, inclusive=True)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
        # Every translation in one query; a language without its own tree of pages shows
        # the default language's pages under its prefix (Wagtail's fallback).
        self.translations = i18n.translations_by_key(pages)
        self.trees = set(self.translations.get(site.root_page.translation_key, {}))
        return pages

    def get_languages_for_item(self, page):
        found = self.translations.get(page.translation_key, {})
        return [code for code in self._languages() if code in found or code not in self.trees]

    def location(self, page) -> str | None:
        # Called with each language active in turn.
        language = i18n.content_language()
        target = self.translations.get(page.translation_key, {}).get(language)
        if target is None:
            parts = page.get_url_parts(self.request)
            return i18n.path_for_language(i18n.neutral_path(parts[2]), language) if parts else None
        parts = target.get_url_parts(self.request)
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
