"""Links into the page tree that every page shows (the footer's content pages, the menu's
spaces index), without a query per request.

What is derived from the page tree is kept in this process, per site (host and port) and
language, under a version token stored in the default cache. Any change to a page, a view
restriction, a site or a locale puts a new token there (now and again when its transaction
commits), so every process, which reads the token once per request, rebuilds on its next
request after a change. An empty cache (a restart of Redis, a test) is a new token too.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

VERSION_KEY = "wemi:page-links:version"
_REQUEST_ATTRIBUTE = "_wemi_page_links_version"

_lock = threading.Lock()
_version: str | None = None
_values: dict[tuple, Any] = {}


def current_version(request=None) -> str:
    """The token of the page tree as this request sees it: one cache read per request."""
    if request is not None:
        version = getattr(request, _REQUEST_ATTRIBUTE, None)
        if version is not None:
            return version
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY) or ""
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


def changed() -> None:
    """The page tree changed: every process rebuilds what it derived from it."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _changed_now_and_on_commit(**kwargs) -> None:
    # Now, for reads in this transaction; on commit, so that another process that rebuilt
    # in between from the rows still uncommitted does not keep them.
    changed()
    transaction.on_commit(changed)


def _on_model_change(sender, **kwargs) -> None:
    if issubclass(sender, (Page, PageViewRestriction, Site, Locale)):
        _changed_now_and_on_commit()


def connect() -> None:
    """Called once, from the app's ready()."""
    for signal in (post_save, post_delete):
        signal.connect(_on_model_change, dispatch_uid=f"page_links_{signal is post_save}")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_changed_now_and_on_commit, dispatch_uid=f"page_links_{id(signal)}")
