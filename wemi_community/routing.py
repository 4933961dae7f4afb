"""Websocket routes, assembled from the ``routing.py`` of every project app."""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings


def collect_websocket_urlpatterns() -> list:
    patterns = []
    for app in settings.PROJECT_APPS:
        module_name = f"{app}.routing"
        if find_spec(module_name) is None:
            continue
        patterns.extend(getattr(import_module(module_name), "websocket_urlpatterns", []))
    return patterns
