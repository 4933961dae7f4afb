"""Words that several modules put in their sentences, in the active language: a weekday as it
reads inside a sentence ("every Tuesday", "ogni martedì": capitalised in English, not in
Italian) and a list joined with "and"."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

_WEEKDAYS = (
    pgettext_lazy("weekday in a sentence", "Monday"),
    pgettext_lazy("weekday in a sentence", "Tuesday"),
    pgettext_lazy("weekday in a sentence", "Wednesday"),
    pgettext_lazy("weekday in a sentence", "Thursday"),
    pgettext_lazy("weekday in a sentence", "Friday"),
    pgettext_lazy("weekday in a sentence", "Saturday"),
    pgettext_lazy("weekday in a sentence", "Sunday"),
)


def weekday(day: int) -> str:
    """Monday is 0, as ``datetime.date.weekday``."""
    return str(_WEEKDAYS[day])


def joined(words: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    words = [str(word) for word in words]
    if len(words) < 2:
        return "".join(words)
    return _("%(some)s and %(last)s") % {"some": ", ".join(words[:-1]), "last": words[-1]}
