"""The English translations of the demo's pages, made the way an editor makes them in the
admin: wagtail-localize's translation of the Italian page, its strings translated one by one.

The texts come in pairs (``content.T``): each page's fields are built once in Italian and once
in English with the same structure, their segments paired in order; the pairs become the
translations of the live page's strings wherever the live Italian text is still the demo's
(an editor's change is left untranslated, shown in Italian until someone translates it).

Idempotent: a page already translated (no longer an alias) is left as it is, so an editor's
translation is never overwritten."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from spaces_pages.services import site_translations_ensure

from .content import localize

ENGLISH = "en"


def _with_block_ids(fields: dict[str, Any], ids: dict[str, list[str]]) -> dict[str, Any]:
    """Stream fields as raw blocks with the given ids, so both languages' segments have the
    same paths."""
    result = dict(fields)
    for name, blocks in fields.items():
        if name in ids:
            result[name] = [
                {"type": block["type"], "value": block["value"], "id": block_id}
                for block, block_id in zip(blocks, ids[name], strict=True)
            ]
    return result


def _strings(page: Page, fields: dict[str, Any]) -> list[StringSegmentValue]:
    """The string segments of ``page`` with ``fields`` set (in memory, nothing saved)."""
    shadow = type(page).objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(shadow, name, value)
    return [s for s in extract_segments(shadow) if isinstance(s, StringSegmentValue)]


def translation_memory(page: Page, fields: dict[str, Any]) -> dict[tuple[str, str], str]:
    """{(field path without block ids, Italian text): English text} for ``fields`` (values
    may be ``content.T`` pairs)."""
    ids = {
        name: [str(uuid.uuid4()) for _ in value]
        for name, value in fields.items()
        if isinstance(value, list)
    }
    italian = _strings(page, _with_block_ids(localize(fields, "it"), ids))
    english = _strings(page, _with_block_ids(localize(fields, ENGLISH), ids))
    if [s.path for s in italian] != [s.path for s in english]:
        raise ValueError(f"The Italian and English texts of {page} differ in structure.")
    return {
        (_field(it.path), it.string.data): en.string.data
        for it, en in zip(italian, english, strict=True)
    }


def _field(path: str) -> str:
    return path.split(".", 1)[0]


def english_translation(page: Page) -> Page | None:
    return (
        Page.objects.filter(translation_key=page.translation_key, locale__language_code=ENGLISH)
        .select_related("locale")
        .first()
    )


@transaction.atomic
def translate_page(page: Page, fields: dict[str, Any]) -> bool:
    """Translates ``page`` into English with wagtail-localize, from the pairs in ``fields``,
    and publishes the translation. False when it was translated already."""
    locale = Locale.objects.filter(language_code=ENGLISH).first()
    existing = english_translation(page)
    if locale is None or (existing is not None and existing.alias_of_id is None):
        return False
    page = page.specific
    memory = translation_memory(page, fields)
    source, _ = TranslationSource.update_or_create_from_instance(page)
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        english = memory.get((_field(segment.context.path), segment.string.data))
        if english is None:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": english,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "has_error": False,
            },
        )
    Translation.objects.get_or_create(source=source, target_locale=locale)
    # Saved as a draft by wagtail-localize, then published here and now (it would publish on
    # commit, which a test's transaction never reaches).
    source.create_or_update_translation(
        locale, publish=False, copy_parent_pages=True, fallback=True
    )
    translated = english_translation(page).specific
    translated.get_latest_revision().publish(log_action=False)
    return True


def translate_pages(pages_and_fields, stdout=None) -> int:
    """Translates each (page, fields) not translated yet; the site's languages first."""

    site_translations_ensure()
    count = 0
    for page, fields in pages_and_fields:
        count += translate_page(page, fields)
    if stdout:
        stdout.write(f"English translations: {count} made.\n")
    return count
