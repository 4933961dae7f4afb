"""Words people look for, found through Wagtail's search index: the one way the site search
(/cerca/) and every list's "words" filter match text.

A model takes part by inheriting ``wagtail.search.index.Indexed`` and listing its
``search_fields``; Wagtail indexes a row when it is saved (``manage.py update_index`` for rows
written by migrations). The index only says which rows hold the words: who may see a row is
always the caller's queryset, so a draft, a hidden proposal or a private lab is never found by
someone who may not see it."""

from __future__ import annotations

import re

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import translation
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8

# Quotes, brackets, stars and colons are query syntax to SQLite FTS (an unpaired quote is an
# error): people type words, so everything but letters, digits and spaces goes.
_NOT_A_WORD = re.compile(r"[^\w\s]|_")


def normalise_query(raw: str) -> str:
    """The words to search for. Lowercase, so AND, OR, NOT and NEAR are never operators."""
    return " ".join(_NOT_A_WORD.sub(" ", raw[:MAX_QUERY_LENGTH]).lower().split())


def in_every_language(*labels) -> str:
    """The (lazy) labels, in each of the site's languages, as words for a row's index: a row is
    found by what it is ("corso", "corsi", "course"), which its own text may never say. The
    database backend on SQLite does not stem, so the singular and the plural are both given."""
    words = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words.extend(str(label).lower() for label in labels)
    return " ".join(dict.fromkeys(words))


def _matching_pks(model, words: str) -> QuerySet:
    """A subquery of the primary keys of ``model``'s rows holding every word (stemmed where
    the backend stems, as PostgreSQL does in Italian), or whose title starts with the last
    word being typed."""
    backend = get_search_backend()
    rows = model._default_manager.all()
    found = backend.search(PlainText(words, operator="and"), rows, order_by_relevance=False)
    condition = Q(pk__in=found.get_queryset().order_by().values("pk"))
    if model.get_autocomplete_search_fields():
        typed = backend.autocomplete(words, rows, operator="and", order_by_relevance=False)
        condition |= Q(pk__in=typed.get_queryset().order_by().values("pk"))
    return rows.filter(condition).order_by().values("pk")


def search(queryset: QuerySet, raw_query: str, *, through: tuple[str, ...] = ()) -> QuerySet:
    """``queryset`` narrowed to the rows that match every word of ``raw_query`` (all of them
    when it has no words). ``through`` names foreign keys whose row's text counts as the row's
    own: an event is found by the words of its course."""
    words = " ".join(normalise_query(raw_query).split()[:MAX_WORDS])
    if not words:
        return queryset
    condition = Q(pk__in=_matching_pks(queryset.model, words))
    for name in through:
        related = queryset.model._meta.get_field(name).related_model
        condition |= Q(**{f"{name}__in": _matching_pks(related, words)})
    return queryset.filter(condition)
