"""The site's main navigation, as data.

Each module owns one entry. An entry whose URL name does not reverse yet (the module is not
built) is shown as "coming soon" instead of a broken link, so adding a module only means adding
its URLs: nothing here or in the templates changes."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from . import i18n, page_links


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str | Promise
    url_name: str


@dataclass(frozen=True)
class NavItem:
    """An entry resolved for one request."""

    key: str
    label: str | Promise
    url: str | None
    is_current: bool

    @property
    def is_available(self) -> bool:
        return self.url is not None


MAIN_NAV: tuple[NavEntry, ...] = (
    NavEntry("spaces", _("Spaces"), "spaces_pages:index"),
    NavEntry("proposals", _("Proposals"), "proposals:list"),
    NavEntry("labs", _("Labs"), "labs:list"),
    NavEntry("events", _("Events"), "events:list"),
    NavEntry("volunteering", _("Volunteering"), "volunteering:list"),
    NavEntry("observatory", _("Observatory"), "observatory:index"),
)


# Sections served by a Wagtail page rather than a Django view: the URL name maps to a function
# that returns the page's URL, or None while the page is not published. Editors may move or
# rename the page; the menu follows.
PAGE_URLS: dict[str, str] = {
    "spaces_pages:index": "spaces_pages.selectors.space_index_url",
}


def _reverse_or_none(url_name: str, request=None) -> str | None:
    if url_name in PAGE_URLS:
        # A page's URL changes only with the page tree: read once per process until it does.
        build = import_string(PAGE_URLS[url_name])
        return page_links.remembered(request, url_name, build)
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def resolve_nav(entries: tuple[NavEntry, ...], current_path: str, request=None) -> list[NavItem]:
    """Resolves each entry's URL in the active language and marks the one the path is under."""
    items = []
    for entry in entries:
        url = _reverse_or_none(entry.url_name, request)
        # "/" would be an ancestor of everything: only a real section can be current.
        is_current = bool(url) and url != "/" and current_path.startswith(url)
        items.append(NavItem(entry.key, entry.label, url, is_current))
    return items


def _content_page_urls(request) -> dict[str, str]:
    """{slug: URL} of the live, public pages just under the site's home page, in the
    language of the request (one query when the page tree changed, none otherwise)."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    urls: dict[str, str] = {}
    if site is not None:
        under_home = Page.objects.filter(
            translation_key__in=Page.objects.child_of(site.root_page).values("translation_key")
        )
        for page in i18n.in_active_language(under_home).live().public().order_by("path"):
            if page.slug not in urls:
                urls[page.slug] = page.get_url(request) or ""
    return urls


def content_page_url(request, slug: str) -> str:
    """The URL of the live, public page with this slug just under the site's home page
    (the privacy notice, "Chi siamo", the accessibility statement), in the language of the
    request, or "" while there is none."""
    urls = page_links.remembered(request, "content_pages", lambda: _content_page_urls(request))
    return urls.get(slug, "")
