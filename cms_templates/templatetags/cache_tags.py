"""The versions a cached fragment is keyed on: ``{% cache_versions "wagtailcore" as v %}``
then ``{% cache 3600 name LANGUAGE_CODE v %}``; a write to those apps' tables moves them
(core/cache_versions.py), so the next page renders the fragment again."""

from django import template

from wemi_community.core import cache_versions as versions

register = template.Library()


@register.simple_tag
def cache_versions(*topics):
    return versions.versions(*topics)
