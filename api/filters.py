"""The API's filters (django-filter) and the rule that every parameter must be known: a
misspelt filter would otherwise be silently ignored and the client would read the whole list
as an answer. Values that are not valid (a date that is no date, an id out of range) are
refused with 400 and a message per parameter."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend, OrderingFilter

from events.models import Audience
from events.models import Category as EventCategory
from proposals.models import Proposal
from proposals.states import OPEN_STATES
from volunteering.selectors import upcoming_shifts
from wemi_community.core.ids import MAX_ID
from wemi_community.core.milan import in_rome

PAGINATION_PARAMETERS = ("page", "page_size")


def reject_unknown(request, allowed) -> None:
    """400 naming each query parameter the endpoint does not know."""
    unknown = sorted(set(request.query_params) - set(allowed))
    if unknown:
        raise ValidationError(
            {
                "unknown_parameters": [
                    _("Unknown parameter: %(name)s.") % {"name": name} for name in unknown
                ],
                "allowed_parameters": sorted(allowed),
            }
        )


def allowed_parameters(view) -> set[str]:
    """What a list of a view may be asked: its filters, its pages, its order. A single object
    takes no parameter."""
    if getattr(view, "action", "list") != "list":
        return set()
    allowed = set(PAGINATION_PARAMETERS)
    filterset = getattr(view, "filterset_class", None)
    if filterset is not None:
        allowed |= set(filterset.base_filters)
    if getattr(view, "ordering_fields", None):
        allowed.add("ordering")
    return allowed


class KnownParametersBackend(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        reject_unknown(request, allowed_parameters(view))
        return queryset


class Ordering(OrderingFilter):
    """DRF's ordering, but an unknown field is a 400, not silently ignored; the primary key
    always breaks ties, so pages never repeat or skip a row."""

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if not raw:
            return self.get_default_ordering(view)
        terms = [term.strip() for term in raw.split(",") if term.strip()]
        valid = {name for name, _label in self.get_valid_fields(queryset, view, {})}
        wrong = [term for term in terms if term.lstrip("-") not in valid]
        if wrong or not terms:
            raise ValidationError(
                {
                    self.ordering_param: [
                        _("Order by one or more of: %(fields)s (a leading - reverses).")
                        % {"fields": ", ".join(sorted(valid))}
                    ]
                }
            )
        return [*terms, "pk"]


# --- Fields that refuse what they cannot read ---------------------------------------------


class StrictBooleanField(forms.Field):
    TRUE = ("true", "1", "yes")
    FALSE = ("false", "0", "no")

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(_("Write true or false."))


@extend_schema_field(OpenApiTypes.BOOL)
class BooleanFilter(django_filters.Filter):
    field_class = StrictBooleanField


class NumberFilter(django_filters.Filter):
    """A whole number within ``min_value``–``max_value`` (an id by default)."""

    field_class = forms.IntegerField

    def __init__(self, *args, min_value=1, max_value=MAX_ID, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)


class SlugFilter(django_filters.CharFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, max_length=200, **kwargs)


SPACE_HELP = gettext_lazy("A space's id (see /api/v1/spaces/).")
MUNICIPIO_HELP = gettext_lazy("A Municipio's number, 1 to 9.")
NIL_HELP = gettext_lazy("A NIL's (neighbourhood's) code.")


class DayField(forms.DateField):
    """A day (YYYY-MM-DD) between 2000 and 2100: what the data can hold, and far from the
    calendar's ends, where a day's start in Milan would not exist in UTC."""

    def to_python(self, value):
        day = super().to_python(value)
        if day is not None and not 2000 <= day.year <= 2100:
            raise forms.ValidationError(_("Give a day between 2000 and 2100."))
        return day


class DayFilter(django_filters.DateFilter):
    field_class = DayField


class SpaceFilters(django_filters.FilterSet):
    """Where: the space, its Municipio, its NIL."""

    space = NumberFilter(field_name="space_id", help_text=SPACE_HELP)
    municipio = NumberFilter(
        field_name="space__municipio__number", max_value=99, help_text=MUNICIPIO_HELP
    )
    nil = NumberFilter(field_name="space__nil__code", max_value=9999, help_text=NIL_HELP)


def _day_start(value: datetime.date):
    return in_rome(value, datetime.time(0))


# --- Filter sets ----------------------------------------------------------------------------


class SpaceFilter(django_filters.FilterSet):
    municipio = NumberFilter(field_name="municipio__number", max_value=99, help_text=MUNICIPIO_HELP)
    nil = NumberFilter(field_name="nil__code", max_value=9999, help_text=NIL_HELP)


class EventFilter(SpaceFilters):
    category = django_filters.ChoiceFilter(choices=EventCategory.choices)
    audience = django_filters.ChoiceFilter(choices=Audience.choices)
    date_from = DayFilter(
        method="ending_from", help_text=gettext_lazy("Events not over by this day (YYYY-MM-DD).")
    )
    date_to = DayFilter(
        method="starting_until", help_text=gettext_lazy("Events starting by this day.")
    )
    free_seats = BooleanFilter(
        method="with_free_seats",
        help_text=gettext_lazy("true: only events one can still register for a seat at."),
    )
    course = NumberFilter(field_name="course_id", help_text=gettext_lazy("A course's id."))

    def ending_from(self, queryset, name, value):
        return queryset.filter(ends_at__gte=_day_start(value))

    def starting_until(self, queryset, name, value):
        return queryset.filter(starts_at__lt=_day_start(value + datetime.timedelta(days=1)))

    def with_free_seats(self, queryset, name, value):
        # The rows for which Event.free_seats (what the API and the page show) is not 0,
        # among the events that take registrations: the events list's filter.
        free = Q(capacity__isnull=True) | Q(seats_taken__lt=F("capacity"))
        taking = Q(registration_required=True, course__isnull=True)
        return queryset.filter(free & taking) if value else queryset.exclude(free & taking)


class CourseFilter(SpaceFilters):
    free_seats = BooleanFilter(
        method="with_free_seats", help_text=gettext_lazy("true: only courses with places free.")
    )

    def with_free_seats(self, queryset, name, value):
        free = Q(capacity__isnull=True) | Q(seats_taken__lt=F("capacity"))
        return queryset.filter(free) if value else queryset.exclude(free)


class OpportunityFilter(SpaceFilters):
    skill = SlugFilter(field_name="skills__slug", help_text=gettext_lazy("A skill's slug."))
    free_places = BooleanFilter(
        method="with_free_places",
        help_text=gettext_lazy("true: only opportunities with a shift to come that has room."),
    )

    def filter_queryset(self, queryset):
        # A skill joins a many-to-many table: each opportunity once.
        return super().filter_queryset(queryset).distinct()

    def with_free_places(self, queryset, name, value):
        with_room = upcoming_shifts().filter(seats_taken__lt=F("capacity"))
        ids = with_room.values("opportunity_id")
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)


OPEN = "open"
ALL = "all"


class ProposalFilter(SpaceFilters):
    category = SlugFilter(
        method="in_category",
        help_text=gettext_lazy("A catalogue category's slug (a group includes its services)."),
    )
    state = django_filters.ChoiceFilter(
        method="in_state",
        choices=[(OPEN, OPEN), (ALL, ALL)]
        + [(s.value, s.label) for s in Proposal.State if s != Proposal.State.DRAFT],
        help_text=gettext_lazy("open (the default, as the list page), all, or one state."),
    )

    def in_category(self, queryset, name, value):
        return queryset.filter(Q(category__slug=value) | Q(category__parent__slug=value))

    def in_state(self, queryset, name, value):
        return queryset  # read in filter_queryset, which knows when it is missing

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        state = self.form.cleaned_data.get("state") or OPEN
        if state == OPEN:
            return queryset.filter(state__in=OPEN_STATES)
        return queryset if state == ALL else queryset.filter(state=state)


class SharedServiceFilter(SpaceFilters):
    category = SlugFilter(
        method="in_category",
        help_text=gettext_lazy("A catalogue category's slug (a group includes its services)."),
    )
    free_seats = BooleanFilter(
        method="with_free_seats", help_text=gettext_lazy("true: only services with seats free.")
    )

    def in_category(self, queryset, name, value):
        return queryset.filter(Q(category__slug=value) | Q(category__parent__slug=value))

    def with_free_seats(self, queryset, name, value):
        free = Q(members_count__lt=F("seats"))
        return queryset.filter(free) if value else queryset.exclude(free)
