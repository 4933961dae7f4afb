"""Registers the provider organisations and their staff in the Wagtail admin."""

from wagtail.snippets.models import register_snippet

from .viewsets import ProvidersViewSetGroup

register_snippet(ProvidersViewSetGroup)
