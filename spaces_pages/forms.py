"""Public forms of the Spazi WeMi pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wemi_community.catalogue.forms import LoadedOnceModelChoiceField
from wemi_community.catalogue.models import Municipio


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
