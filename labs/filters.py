"""The filters of the labs' list (django-filter), with the query string's names of always."""

import django_filters
from django.utils.translation import gettext_lazy as _

from cms_templates.list_filters import WordsFilter
from spaces_pages.filters import SpaceChoiceFilter

from .models import Lab


class LabFilter(django_filters.FilterSet):
    q = WordsFilter(label=_("Words"), max_length=100)
    space = SpaceChoiceFilter(label=_("Spazio WeMi"), empty_label=_("All the spaces"))
    kind = django_filters.ChoiceFilter(
        label=_("Where"), choices=Lab.Kind.choices, empty_label=_("Anywhere")
    )
    phase = django_filters.ChoiceFilter(
        label=_("Phase"), choices=Lab.Phase.choices, empty_label=_("Any phase")
    )
