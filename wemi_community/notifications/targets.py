"""Where a notification leads: the apps above register how to find the page of what they
notify about, so notifications need not know them."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models

_resolvers: list[Callable[[models.Model], str | None]] = []


def register_url_resolver(resolver: Callable[[models.Model], str | None]) -> None:
    """``resolver(target)`` answers the URL of a target it knows, ``None`` otherwise."""
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def url_of(target: models.Model | None) -> str:
    """The first registered answer, else the target's own ``get_absolute_url``."""
    if target is None:
        return ""
    for resolver in _resolvers:
        url = resolver(target)
        if url is not None:
            return url
    return getattr(target, "get_absolute_url", lambda: "")()
