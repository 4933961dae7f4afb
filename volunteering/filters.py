"""The filters of the opportunities' list (django-filter), with the query string's names of
always. A wrong value leaves the list unfiltered by that field only, and the field says why."""

import datetime

import django_filters
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cms_templates.list_filters import CheckboxFilter, WordsFilter
from spaces_pages.filters import SpaceChoiceFilter
from wemi_community.catalogue.filters import MunicipioFilter
from wemi_community.core.forms import DATE
from wemi_community.core.milan import in_rome

from .forms import SkillChoiceField, skills_for_reader
from .selectors import upcoming_shifts


class SkillFilter(django_filters.ModelChoiceFilter):
    field_class = SkillChoiceField


class OpportunityFilter(django_filters.FilterSet):
    q = WordsFilter(label=_("Words"), max_length=100)
    space = SpaceChoiceFilter(label=_("Spazio WeMi"), empty_label=_("All the spaces"))
    municipio = MunicipioFilter(
        label=_("Municipio"), field_name="space__municipio", empty_label=_("All the Municipi")
    )
    skill = SkillFilter(
        label=_("Skill"),
        queryset=lambda request: skills_for_reader(),
        empty_label=_("Any skill"),
        method="with_skill",
    )
    day = django_filters.DateFilter(label=_("Day"), widget=DATE, method="by_shift")
    fits = CheckboxFilter(label=_("Only what fits my availability"), method="by_shift")

    def __init__(self, *args, availability: int = 0, **kwargs):
        # The slots of the volunteer looking (0: none), for "fits my availability".
        self.availability = availability
        super().__init__(*args, **kwargs)

    def with_skill(self, queryset, name, value):
        return queryset.filter(Q(skills=value) | Q(shifts__skills=value)).distinct()

    def by_shift(self, queryset, name, value):
        # The day and the availability must hold for the same shift: filter_queryset reads both.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        day = self.form.cleaned_data.get("day")
        fits = self.availability if self.form.cleaned_data.get("fits") else 0
        if day is None and not fits:
            return queryset
        shifts = upcoming_shifts()
        if day is not None:
            shifts = shifts.filter(
                starts_at__gte=in_rome(day, datetime.time(0)),
                starts_at__lt=in_rome(day + datetime.timedelta(days=1), datetime.time(0)),
            )
        if fits:
            shifts = shifts.annotate(fits=F("slots").bitand(fits)).filter(fits__gt=0)
        return queryset.filter(pk__in=shifts.values("opportunity_id"))
