"""Template filters of the volunteering pages."""

from django import template

from volunteering import languages

register = template.Library()


@register.filter
def language_names(values) -> list[str]:
    """Stored languages ("arabo") named in the reader's language ("Arabic")."""
    return languages.language_names(values or ())
