"""Hooks of the OpenAPI schema (drf-spectacular)."""

from __future__ import annotations

PREFIX = "/api/v1/"


def only_public_api(endpoints, **kwargs):
    """The public API's endpoints only: the Wagtail admin's DRF views are not ours to
    describe."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PREFIX)]
