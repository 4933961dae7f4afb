"""Spaces (Wagtail pages under /spazi/), made as the editor makes them."""

from __future__ import annotations

import factory

from spaces_pages.models import SpacePage
from tests.spaces.helpers import make_space


class SpaceFactory(factory.Factory):
    class Meta:
        model = SpacePage

    title = factory.Sequence(lambda n: f"Spazio di fabbrica {n}")
    municipio = 1

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return make_space(kwargs.pop("title"), **kwargs)
