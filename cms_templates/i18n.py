"""Pages in the language of the request.

Every page exists once per language: the Italian tree (the default locale) and the English one
that wagtail-localize keeps synchronised with it (an alias of each Italian page until someone
translates it in the admin). A space is one thing with two pages: the modules (proposals,
labs, events, volunteering) point at its page in the default language, and the page in the
language of the request carries that language's texts. Its data (where, contacts, hours,
closures) is copied from the default-language page to its translations whenever that page is
published (``services.space_translations_sync``).

Every read that lists, picks or links pages goes through here, so that a page shows once, in
the language of the request, and links lead to the page in that language:

- ``in_active_language(pages)``: each page once, in the language of the request (its
  default-language page where no translation is live);
- ``in_default_language(pages)``: each page once, as the page the modules point at;
- ``localized(page)`` and ``localized_url(page)``: the page (one query) or its URL (none),
  in the language of the request;
- ``source(page)``: the page in the default language;
- ``translations_by_key(pages)``: every live translation of many pages in one query.

Reads that need no query (the language of a page comes from Wagtail's cached site root paths)
answer without one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import get_language_from_path
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site


def neutral_path(path: str) -> str:
    """The path without its language prefix ("/en/privacy/" -> "/privacy/")."""
    language = get_language_from_path(path)
    if language:
        prefix = f"/{language}"
        if path == prefix or path.startswith(prefix + "/"):
            return path[len(prefix) :] or "/"
    return path


def path_for_language(neutral: str, language: str) -> str:
    # Italian, the default, has no prefix (i18n_patterns with prefix_default_language=False).
    if language == settings.LANGUAGE_CODE:
        return neutral
    return f"/{language}{neutral}"


def content_language(language: str | None = None) -> str:
    """The content language (a locale's code) for ``language``, or for the active one."""
    code = language or translation.get_language() or settings.LANGUAGE_CODE
    try:
        return get_supported_content_language_variant(code)
    except LookupError:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def default_language() -> str:
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def is_default_language(language: str | None = None) -> bool:
    return content_language(language) == default_language()


def active_locale() -> Locale | None:
    """The active language's Locale (one query), or None when it has no locale."""
    return Locale.objects.filter(language_code=content_language()).first()


def page_language(page) -> str:
    """The language of a page's tree, read from Wagtail's cached site root paths."""
    url_path = getattr(page, "url_path", "") or ""
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return root.language_code
    locale = page._state.fields_cache.get("locale") if hasattr(page, "_state") else None
    return locale.language_code if locale is not None else default_language()


def text_language(page) -> str:
    """The language a page's texts are in: its tree's, or, for an alias that is not
    translated yet (wagtail-localize's placeholder), the default language it mirrors."""
    if getattr(page, "alias_of_id", None):
        return default_language()
    return page_language(page)


def in_language(pages: QuerySet, language: str | None = None) -> QuerySet:
    """Each page once, in ``language`` (the active one by default), or in the default
    language where it has no live page in that language. One query, still a queryset."""
    wanted = content_language(language)
    default = default_language()
    if wanted == default:
        return pages.filter(locale__language_code=default)
    translated = Page.objects.filter(locale__language_code=wanted, live=True)
    return pages.filter(
        Q(locale__language_code=wanted)
        | Q(locale__language_code=default)
        & ~Q(translation_key__in=translated.values("translation_key"))
    )


def in_active_language(pages: QuerySet) -> QuerySet:
    return in_language(pages)


def in_default_language(pages: QuerySet) -> QuerySet:
    return pages.filter(locale__language_code=default_language())


def localized(page, language: str | None = None):
    """The live page in ``language`` (the active one) with ``page``'s translation key, of
    ``page``'s class; ``page`` itself when it is already in that language or has no live
    translation. No query when it is already in that language, one otherwise."""
    if page is None:
        return None
    wanted = content_language(language)
    if page_language(page) == wanted:
        return page
    found = (
        type(page)
        .objects.filter(translation_key=page.translation_key, locale__language_code=wanted)
        .live()
        .first()
    )
    return found or page


def source(page):
    """The page in the default language: where the modules point, where a space's data is
    edited."""
    return localized(page, default_language())


def localized_url(page, request=None, language: str | None = None) -> str:
    """The URL of the page in the language of the request ("" for no page), with no query:
    below the home page a page has the same slug in every language (``SynchronizedField``
    on every page type) and the English tree mirrors the Italian one, so the translation's
    address is the page's own with the other language's prefix. Lists of comments,
    notifications or audit entries link their pages at no cost."""
    if page is None:
        return ""
    url = page.get_url(request) or ""
    wanted = content_language(language)
    if not url or page_language(page) == wanted:
        return url
    parts = urlsplit(url)
    path = path_for_language(neutral_path(parts.path), wanted)
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def translations_by_key(pages: Iterable) -> dict:
    """{translation key: {language: page}} for the live pages sharing a translation key with
    ``pages`` (them included): one query, whatever their number."""
    keys = {page.translation_key for page in pages}
    found: dict = defaultdict(dict)
    if not keys:
        return found
    rows = (
        Page.objects.filter(translation_key__in=keys)
        .live()
        .select_related("locale")
        .only("id", "title", "url_path", "translation_key", "locale__language_code")
    )
    for row in rows:
        found[row.translation_key][row.locale.language_code] = row
    return found
