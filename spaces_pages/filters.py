"""The filters of /spazi/: a GET form, so every filtered list has its own address."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cms_templates.list_filters import WordsFilter
from wemi_community.catalogue.forms import LoadedOnceModelChoiceField
from wemi_community.catalogue.models import Municipio

from .forms import SpaceChoiceField
from .selectors import live_spaces


class MunicipioChoiceField(LoadedOnceModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class MunicipioFilter(django_filters.ModelChoiceFilter):
    field_class = MunicipioChoiceField


class SpaceFilter(django_filters.FilterSet):
    municipio = MunicipioFilter(
        label=_("Municipio"),
        queryset=Municipio.objects.order_by("number"),
        # ?municipio=8 reads better than a database id, and stays the same on every install.
        to_field_name="number",
        empty_label=_("All the Municipi"),
    )
    q = WordsFilter(
        label=_("Name, neighbourhood or address"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


def _live_spaces(request):
    # Built per request: Wagtail's public() reads the view restrictions when it is called.
    return live_spaces().order_by("municipio__number", "title")


class SpaceChoiceFilter(django_filters.ModelChoiceFilter):
    """A live Spazio WeMi, grouped by Municipio, as the pages' pickers offer them."""

    field_class = SpaceChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", _live_spaces)
        super().__init__(*args, **kwargs)
