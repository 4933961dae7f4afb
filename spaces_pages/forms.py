"""Public forms of the Spazi WeMi pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wemi_community.catalogue.forms import GroupedModelChoiceField, LoadedOnceModelChoiceField
from wemi_community.catalogue.models import Municipio

from .models import SpacePage
from .selectors import live_spaces


class MunicipioChoiceField(LoadedOnceModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class SpaceFilterForm(forms.Form):
    """The filters of /spazi/: a GET form, so every filtered list has its own address."""

    municipio = MunicipioChoiceField(
        label=_("Municipio"),
        queryset=Municipio.objects.defer("boundary").order_by("number"),
        # ?municipio=8 reads better than a database id, and stays the same on every install.
        to_field_name="number",
        required=False,
        empty_label=_("All the Municipi"),
    )
    q = forms.CharField(
        label=_("Name, neighbourhood or address"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())


class SpaceChoiceField(GroupedModelChoiceField):
    """The live Spazi WeMi, grouped by Municipio. The queryset is set per form instance
    (``with_spaces``): Wagtail's ``public()`` reads the view restrictions when it is built."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Spazio WeMi"))
        kwargs.setdefault("empty_label", _("Choose a space"))
        super().__init__(
            SpacePage.objects.none(), group_label=lambda space: space.municipio.name, **kwargs
        )

    def label_from_instance(self, obj) -> str:
        return obj.title


def with_spaces(form: forms.Form, name: str) -> None:
    form.fields[name].queryset = live_spaces().order_by("municipio__number", "title")
