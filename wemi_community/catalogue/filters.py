"""Filters of the reference data for the list pages' FilterSets (django-filter)."""

import django_filters

from .forms import MunicipioChoiceField


class MunicipioFilter(django_filters.ModelChoiceFilter):
    field_class = MunicipioChoiceField  # it brings its own options (and their one query)
