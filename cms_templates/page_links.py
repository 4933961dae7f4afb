"""Links into the page tree that every page shows (the footer's content pages, the menu's
spaces index), without a query per request.

What is derived from the page tree is kept in this process, per site (host and port) and
language, under the version of Wagtail's tables in core.cache_versions: every write to a page,
a view restriction, a site or a locale moves it (now and again on commit), so every process,
which reads the version once per request, rebuilds on its next request after a change. An
emptied cache is a new version too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.utils.translation import get_language

from wemi_community.core import cache_versions

# Pages, view restrictions, sites and locales are all tables of Wagtail's core app.
TOPIC = "wagtailcore"
_REQUEST_ATTRIBUTE = "_wemi_page_links_version"

_lock = threading.Lock()
_version: str | None = None
_values: dict[tuple, Any] = {}


def current_version(request=None) -> str:
    """The version of the page tree as this request sees it: one cache read per request."""
    if request is not None:
        version = getattr(request, _REQUEST_ATTRIBUTE, None)
        if version is not None:
            return version
    version = cache_versions.versions(TOPIC)
    if request is not None:
        setattr(request, _REQUEST_ATTRIBUTE, version)
    return version


def _site_key(request) -> tuple:
    if request is None:
        return (None, None)
    try:
        return (request.get_host(), request.get_port())
    except Exception:  # a refused Host header: the default site answers, as Wagtail's does
        return (None, None)


def remembered(request, name: str, build: Callable[[], Any]) -> Any:
    """``build()``'s value for this request's site and language, built once per process
    until the page tree changes."""
    global _version
    version = current_version(request)
    key = (name, *_site_key(request), get_language())
    with _lock:
        if _version != version:
            _values.clear()
            _version = version
        if key in _values:
            return _values[key]
    value = build()
    with _lock:
        if _version == version:
            _values[key] = value
    return value
