"""The languages volunteers speak and opportunities ask for. They are stored as people typed
them or picked them, in Italian ("arabo"), so they match across profiles and opportunities
whatever the reader's language; the ones of the list are shown in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext_lazy

# Stored value -> name shown. Keep the keys: they are in the database.
LANGUAGES = {
    "italiano": pgettext_lazy("spoken language", "Italian"),
    "inglese": pgettext_lazy("spoken language", "English"),
    "francese": pgettext_lazy("spoken language", "French"),
    "spagnolo": pgettext_lazy("spoken language", "Spanish"),
    "portoghese": pgettext_lazy("spoken language", "Portuguese"),
    "arabo": pgettext_lazy("spoken language", "Arabic"),
    "cinese": pgettext_lazy("spoken language", "Chinese"),
    "rumeno": pgettext_lazy("spoken language", "Romanian"),
    "albanese": pgettext_lazy("spoken language", "Albanian"),
    "ucraino": pgettext_lazy("spoken language", "Ukrainian"),
    "russo": pgettext_lazy("spoken language", "Russian"),
    "tagalog": pgettext_lazy("spoken language", "Tagalog"),
    "bengalese": pgettext_lazy("spoken language", "Bengali"),
    "urdu": pgettext_lazy("spoken language", "Urdu"),
    "tigrino": pgettext_lazy("spoken language", "Tigrinya"),
    "lingua dei segni italiana": pgettext_lazy("spoken language", "Italian Sign Language"),
}


def language_name(value: str) -> str:
    """The name of a stored language in the reader's language (as typed when not listed)."""
    name = LANGUAGES.get(value.strip().lower())
    return str(name) if name is not None else value


def language_names(values: Iterable[str]) -> list[str]:
    return [language_name(value) for value in values]


def language_key(value: str) -> str:
    """What to store for a language typed in any of the site's languages: the listed key
    ("Arabic" and "arabo" are both "arabo"), else the text as typed."""
    wanted = value.strip().lower()
    if wanted in LANGUAGES:
        return wanted
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for key, name in LANGUAGES.items():
                if str(name).lower() == wanted:
                    return key
    return value.strip()


def language_keys(values: Iterable[str]) -> list[str]:
    return [language_key(value) for value in values]
