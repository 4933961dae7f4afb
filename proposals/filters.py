"""The filters of the list pages (django-filter), keeping the query string's names."""

import django_filters

from spaces_pages.selectors import live_spaces

from .forms import SpaceChoiceField


def _live_spaces(request):
    # Built per request: Wagtail's public() reads the view restrictions when it is called.
    return live_spaces().order_by("municipio__number", "title")


class SpaceChoiceFilter(django_filters.ModelChoiceFilter):
    """A live Spazio WeMi, grouped by Municipio, as the pages' pickers offer them."""

    field_class = SpaceChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", _live_spaces)
        super().__init__(*args, **kwargs)
