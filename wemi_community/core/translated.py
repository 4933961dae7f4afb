"""Texts of data rows in the language of the request.

Pages are translated with wagtail-localize (see ``cms_templates/i18n.py``). Rows of reference
data and of page data (the catalogue of services, the volunteers' skills, a space's closures)
carry their text twice: the column in the default language, Italian (``name``), and one column
per other language (``name_en``), shipped with the project's data copy or written by editors.
One accessor picks the text for the active language, falling back to the default language
while a translation is missing:

    class Skill(models.Model):
        name = models.CharField(...)
        name_en = models.CharField(..., blank=True)
        translated_name = TranslatedField("name")

    {{ skill.translated_name }}                              in templates
    Skill.objects.order_by(translated_ordering("name"))      sorted for the reader
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.functional import lazy


def _language(language: str | None = None) -> str:
    code = language or translation.get_language() or settings.LANGUAGE_CODE
    return code.split("-")[0].lower()


def translated_column(field: str, language: str | None = None) -> str | None:
    """The column that holds ``field`` in the language, or None for the default language."""
    code = _language(language)
    if code == _language(settings.LANGUAGE_CODE):
        return None
    return f"{field}_{code}"


def translated(obj, field: str, language: str | None = None) -> str:
    """``obj``'s ``field`` in the language (the active one): its column for that language when
    it holds a text, else the default language's."""
    column = translated_column(field, language)
    if column is not None:
        value = getattr(obj, column, "")
        if value:
            return value
    return getattr(obj, field)


def translated_ordering(field: str, language: str | None = None):
    """An ``order_by`` expression: the rows sorted by ``field`` as the reader reads it."""
    column = translated_column(field, language)
    if column is None:
        return F(field).asc()
    return Coalesce(NullIf(F(column), Value("")), F(field)).asc()


class TranslatedField:
    """A read-only attribute with ``field`` in the active language (see the module)."""

    def __init__(self, field: str):
        self.field = field

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return translated(obj, self.field)


def _interpolated(message, values: dict) -> str:
    return str(message) % values


_lazy_interpolated = lazy(_interpolated, str)


def interpolate_lazy(message, **values):
    """``gettext_lazy("… %(n)s …") % {...}`` translates at once, in whatever language is
    active when the module is imported; this waits for the reader's."""
    return _lazy_interpolated(message, values)
