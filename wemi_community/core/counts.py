"""Counts of city-sized lists kept in the cache, for the pages a signed-in person sees (an
anonymous visitor's page is cached whole). Counting the 35,000 open proposals of a city
costs PostgreSQL more than the rest of the page's queries together, on every request.

A count is keyed on its query (SQL and parameters) and on the site's version
(``cache_versions``), which every write moves: the next request after a change counts again,
so a count is never staler than the page around it."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from . import cache_versions

_PREFIX = "wemi:count:"


def cached_count(queryset: QuerySet) -> int:
    """``queryset.count()``, read from the cache while nothing was written since (for the
    page cache's time, ``WEMI_PAGE_CACHE_SECONDS``; 0 turns both off)."""
    seconds = settings.WEMI_PAGE_CACHE_SECONDS
    if seconds <= 0:
        return queryset.count()
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # .none() and the like: counted without a query
        return queryset.count()
    digest = hashlib.sha256(f"{queryset.db}\n{sql}\n{params!r}".encode()).hexdigest()
    key = f"{_PREFIX}{cache_versions.versions()}:{digest}"
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, seconds)
    return count


class CachedCountPaginator(Paginator):
    """Django's paginator, with the total from ``cached_count``."""

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return cached_count(self.object_list)
        return super().count
