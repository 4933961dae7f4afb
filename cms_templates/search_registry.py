"""Result sources of the site search, beyond Wagtail pages.

A module that has searchable things of its own (proposals, events…) registers a callable in its
AppConfig.ready():

    from cms_templates import search_registry

    search_registry.register(_("Proposals"), search_proposals)

`search_proposals(query, user)` returns an iterable of `SearchResult` (or of anything with
title, url, summary and kind) that `user` may see. Only the first `MAX_RESULTS_PER_SOURCE` are
read, so a source can return a lazy queryset and stay cheap; it should do its own
select_related so that reading them costs a bounded number of queries."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

MAX_RESULTS_PER_SOURCE = 50


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    summary: str = ""
    kind: str | Promise = ""


SearchCallable = Callable[[str, Any], Iterable[Any]]


@dataclass(frozen=True)
class SearchSource:
    key: str
    label: str | Promise
    search: SearchCallable


_sources: dict[str, SearchSource] = {}


def register(label: str | Promise, search: SearchCallable, *, key: str | None = None) -> str:
    """Adds a source; registering the same key again replaces it (ready() may run twice).
    Returns the key, for `unregister`."""
    key = key or f"{search.__module__}.{search.__qualname__}"
    _sources[key] = SearchSource(key=key, label=label, search=search)
    return key


def unregister(key: str) -> None:
    _sources.pop(key, None)


def sources() -> list[SearchSource]:
    """The registered sources, in the order they were registered."""
    return list(_sources.values())


def _as_result(item: Any, source: SearchSource) -> SearchResult:
    if isinstance(item, SearchResult):
        return item if item.kind else SearchResult(item.title, item.url, item.summary, source.label)
    return SearchResult(
        title=str(item.title),
        url=str(item.url),
        summary=str(getattr(item, "summary", "") or ""),
        kind=getattr(item, "kind", "") or source.label,
    )


def search_sources(query: str, user) -> list[SearchResult]:
    """The results of every registered source, source by source."""
    results: list[SearchResult] = []
    for source in sources():
        found = itertools.islice(source.search(query, user), MAX_RESULTS_PER_SOURCE)
        results.extend(_as_result(item, source) for item in found)
    return results
