"""The filters of the events' list and month calendar (django-filter), with the query
string's names of always. A wrong value leaves the list unfiltered by that field only, and the
field says why."""

import datetime

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cms_templates.list_filters import CheckboxFilter, WordsFilter
from spaces_pages.filters import SpaceChoiceFilter
from wemi_community.catalogue.filters import MunicipioFilter

from .forms import DATE
from .models import Category
from .recurrence import in_rome


class EventDatesForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The last day cannot come before the first."))
        return cleaned


class CalendarFilter(django_filters.FilterSet):
    """What the month calendar filters by: every date of the month is shown."""

    q = WordsFilter(label=_("Words"), max_length=100, through=("course",))
    space = SpaceChoiceFilter(label=_("Spazio WeMi"), empty_label=_("All the spaces"))
    municipio = MunicipioFilter(
        label=_("Municipio"), field_name="space__municipio", empty_label=_("All the Municipi")
    )
    category = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Category.choices, empty_label=_("Any kind")
    )


class EventFilter(CalendarFilter):
    date_from = django_filters.DateFilter(label=_("From"), widget=DATE, method="ending_from")
    date_to = django_filters.DateFilter(label=_("To"), widget=DATE, method="starting_until")
    free_seats = CheckboxFilter(label=_("Only with free seats"), method="with_free_seats")

    class Meta:
        form = EventDatesForm

    def ending_from(self, queryset, name, value):
        return queryset.filter(ends_at__gte=in_rome(value, datetime.time(0)))

    def starting_until(self, queryset, name, value):
        next_day = value + datetime.timedelta(days=1)
        return queryset.filter(starts_at__lt=in_rome(next_day, datetime.time(0)))

    def with_free_seats(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Q(capacity__isnull=True) | Q(seats_taken__lt=F("capacity")),
            registration_required=True,
            course__isnull=True,
        )
