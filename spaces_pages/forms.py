"""Form fields of the Spazi WeMi that every module's forms use."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wemi_community.catalogue.forms import GroupedModelChoiceField

from .models import SpacePage
from .selectors import live_spaces


class SpaceChoiceField(GroupedModelChoiceField):
    """The live Spazi WeMi, grouped by Municipio. The queryset is set per form instance
    (``with_spaces``): Wagtail's ``public()`` reads the view restrictions when it is built."""

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("label", _("Spazio WeMi"))
        kwargs.setdefault("empty_label", _("Choose a space"))
        super().__init__(
            SpacePage.objects.none() if queryset is None else queryset,
            group_label=lambda space: space.municipio.name,
            **kwargs,
        )

    def label_from_instance(self, obj) -> str:
        return obj.title


def with_spaces(form: forms.Form, name: str) -> None:
    form.fields[name].queryset = live_spaces().order_by("municipio__number", "title")
