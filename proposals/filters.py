"""The filters of the list pages (django-filter), keeping the query string's names."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms_templates.list_filters import WordsFilter
from spaces_pages.filters import SpaceChoiceFilter
from wemi_community.catalogue.forms import LoadedOnceModelChoiceField
from wemi_community.catalogue.models import Municipio

from .forms import ALL, OPEN, SORT_CHOICES, category_choices
from .models import Proposal
from .selectors import DEFAULT_SORT, SORTS
from .states import OPEN_STATES


class MunicipioNumberFilter(django_filters.ModelChoiceFilter):
    field_class = LoadedOnceModelChoiceField


class DroppingForm(forms.Form):
    """The list's form puts a field's initial value in place of a wrong or missing one,
    without an error: links that travel carry old filters, and the list shows what it can."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.data = self.data.copy()
        for name, field in self.fields.items():
            if field.initial is not None:
                self.data.setdefault(name, field.initial)

    def add_error(self, field, error):
        if field is None:
            return super().add_error(field, error)
        self.data = self.data.copy()
        self.data.pop(field, None)
        initial = self.fields[field].initial
        if initial is not None:
            self.data[field] = initial
            self.cleaned_data[field] = initial
        return None


class ChoiceFilter(django_filters.Filter):
    """A plain choice (Django's own field: its choices may be a callable, read per form)."""

    field_class = forms.ChoiceField


def _state_choices() -> list:
    return (
        [(OPEN, pgettext_lazy("proposals", "Open"))]
        + [(state.value, state.label) for state in Proposal.State if state != Proposal.State.DRAFT]
        + [(ALL, pgettext_lazy("proposals", "All"))]
    )


def _as_given(queryset, name, value):
    # State and order are read together in ProposalFilter.filter_queryset.
    return queryset


class ProposalFilter(django_filters.FilterSet):
    """Always bound (``request.GET``): with no state given it lists the open proposals."""

    q = WordsFilter(
        label=_("Words to look for"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    stato = ChoiceFilter(label=_("State"), choices=_state_choices, initial=OPEN, method=_as_given)
    categoria = django_filters.TypedChoiceFilter(
        label=pgettext_lazy("filter", "Service"),
        choices=category_choices,
        coerce=int,
        empty_value=None,
        method="in_category",
    )
    municipio = MunicipioNumberFilter(
        label=_("Municipio"),
        queryset=Municipio.objects.order_by("number"),
        to_field_name="number",
        field_name="space__municipio",
        empty_label=_("All the Municipi"),
    )
    spazio = SpaceChoiceFilter(
        label=_("Spazio WeMi"), field_name="space", empty_label=_("All the spaces")
    )
    ordina = ChoiceFilter(label=_("Sort by"), choices=SORT_CHOICES, method=_as_given)

    class Meta:
        form = DroppingForm

    def in_category(self, queryset, name, value):
        return queryset.filter(Q(category_id=value) | Q(category__parent_id=value))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        state = self.form.cleaned_data.get("stato") or OPEN
        if state == OPEN:
            queryset = queryset.filter(state__in=OPEN_STATES)
        elif state != ALL:
            queryset = queryset.filter(state=state)
        sort = self.form.cleaned_data.get("ordina") or DEFAULT_SORT
        if sort == "scadenza":
            # Only proposals still gathering have a deadline that matters.
            queryset = queryset.filter(
                state__in=(Proposal.State.GATHERING, Proposal.State.THRESHOLD_REACHED)
            )
        return queryset.order_by(*SORTS[sort])
