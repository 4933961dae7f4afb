"""The filters of /spazi/: a GET form, so every filtered list has its own address."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cms_templates.list_filters import WordsFilter
from wemi_community.catalogue.forms import LoadedOnceModelChoiceField
from wemi_community.catalogue.models import Municipio


class MunicipioChoiceField(LoadedOnceModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class MunicipioFilter(django_filters.ModelChoiceFilter):
    field_class = MunicipioChoiceField


class SpaceFilter(django_filters.FilterSet):
    municipio = MunicipioFilter(
        label=_("Municipio"),
        queryset=Municipio.objects.defer("boundary").order_by("number"),
        # ?municipio=8 reads better than a database id, and stays the same on every install.
        to_field_name="number",
        empty_label=_("All the Municipi"),
    )
    q = WordsFilter(
        label=_("Name, neighbourhood or address"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
