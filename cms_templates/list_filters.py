"""Pieces shared by the list pages' FilterSets (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms

from cms_templates import text_search


class WordsFilter(django_filters.CharFilter):
    """A list's "words" field: the same matching as the site search (``text_search``)."""

    def __init__(self, *args, through: tuple[str, ...] = (), **kwargs):
        self.through = through
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return text_search.search(qs, value or "", through=self.through)


class CheckboxFilter(django_filters.Filter):
    """A ticked box: its ``method`` decides what it keeps (unticked, it gets False)."""

    field_class = forms.BooleanField


def applied(filterset: django_filters.FilterSet) -> dict:
    """The filters the list applies: the valid values given (a wrong value is left out, and
    its field shows the error)."""
    if not filterset.is_bound:
        return {}
    filterset.form.is_valid()  # fills cleaned_data with the valid fields
    return {name: value for name, value in filterset.form.cleaned_data.items() if value}
