"""Site search at /cerca/: Wagtail pages through the configured search backend, then the
results of the sources other modules register (see cms_templates.search_registry)."""

from __future__ import annotations

import html
import re
from functools import cached_property

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site
from wagtail.search.query import PlainText

from cms_templates import i18n, search_registry
from cms_templates.search_registry import SearchResult
from cms_templates.text_search import MAX_QUERY_LENGTH, normalise_query

PAGE_SIZE = 10
SUMMARY_WORDS = 30

# Block-level tags become spaces, so "<p>One.</p><p>Two</p>" reads "One. Two".
_BLOCK_TAG = re.compile(r"<(?:/?(?:p|li|ul|ol|h[1-6]|div|blockquote)|br)\b[^>]*>", re.I)


def plain_text(rich_text: str) -> str:
    return " ".join(html.unescape(strip_tags(_BLOCK_TAG.sub(" ", rich_text))).split())


def page_summary(page) -> str:
    """The search description, or else the first text of the page."""
    text = page.search_description or _first_text(page)
    return Truncator(text).words(SUMMARY_WORDS)


def _first_text(page) -> str:
    body = getattr(page, "body", None)
    if body is not None:
        # Raw data: converting the stream would load every image or page it links to.
        for block in body.raw_data:
            if block.get("type") == "paragraph" and isinstance(block.get("value"), str):
                text = plain_text(block["value"])
                if text:
                    return text
    intro = getattr(page, "intro", "")
    return plain_text(str(intro)) if intro else ""


def page_result(page, request) -> SearchResult:
    return SearchResult(
        title=page.title,
        url=page.get_url(request) or "",
        summary=page_summary(page),
        # A page type may name itself for searchers ("Spazio WeMi"); the rest are pages.
        kind=getattr(page, "search_kind", None) or _("Page"),
    )


def search_pages(query: str, request):
    """Live, public pages of this site in the language of the request (its tree of pages),
    matching the query, most relevant first (lazy)."""
    pages = Page.objects.live().public().specific()
    site = Site.find_for_request(request)
    if site is not None:
        pages = pages.descendant_of(i18n.localized(site.root_page), inclusive=True)
    return pages.search(PlainText(query, operator="and"))


class CombinedResults:
    """Pages first, then the registered sources, as one sequence for the Paginator: only the
    pages shown on the current page of results are loaded and turned into results."""

    def __init__(self, pages, extra: list[SearchResult], request):
        self.pages = pages
        self.extra = extra
        self.request = request

    @cached_property
    def page_total(self) -> int:
        return self.pages.count()

    def count(self) -> int:
        return self.page_total + len(self.extra)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(self.count())
        results = []
        if start < self.page_total:
            found = self.pages[start : min(stop, self.page_total)]
            results.extend(page_result(page, self.request) for page in found)
        offset = self.page_total
        results.extend(self.extra[max(start - offset, 0) : max(stop - offset, 0)])
        return results


@require_safe
def search(request):
    raw_query = " ".join(request.GET.get("q", "")[:MAX_QUERY_LENGTH].split())
    query = normalise_query(raw_query)
    context = {"query": raw_query, "searched": bool(query), "page_obj": None, "results": []}
    if query:
        combined = CombinedResults(
            search_pages(query, request),
            search_registry.search_sources(query, request.user),
            request,
        )
        page_obj = Paginator(combined, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(page_obj=page_obj, results=page_obj.object_list)
    return render(request, "cms_templates/search.html", context)
