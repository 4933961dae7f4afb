"""Every string of the interface is translated into Italian, and the compiled catalogue that
ships in the repository matches its source."""

import ast
import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PO = LOCALE / "it" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _entries():
    """Yields (flags, msgid, msgid_plural, {index: msgstr}) for each entry of the .po file."""
    entry: dict = {}
    key = None
    for raw in PO.read_text("utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if "msgid" in entry:
                yield entry
            entry, key = {}, None
        elif line.startswith("#,"):
            entry["flags"] = line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            match = re.match(r"(msgid_plural|msgid|msgstr(?:\[\d\])?|msgctxt) (.*)", line)
            key = match.group(1)
            entry[key] = ast.literal_eval(match.group(2))


def _messages():
    return [e for e in _entries() if e["msgid"]]


def test_the_catalogue_exists_and_is_not_empty():
    assert len(_messages()) > 100


def test_every_string_is_translated_and_none_is_fuzzy():
    untranslated = [
        e["msgid"]
        for e in _messages()
        if not all(v for k, v in e.items() if k.startswith("msgstr"))
    ]
    fuzzy = [e["msgid"] for e in _messages() if "fuzzy" in e.get("flags", "")]
    assert untranslated == []
    assert fuzzy == []


def test_placeholders_survive_translation():
    pattern = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
    for entry in _messages():
        if "msgid_plural" in entry:
            # The singular may spell out "one"; the plural must keep every placeholder.
            source, translated = entry["msgid_plural"], entry["msgstr[1]"]
        else:
            source, translated = entry["msgid"], entry["msgstr"]
        assert sorted(pattern.findall(translated)) == sorted(pattern.findall(source)), source


def test_the_compiled_catalogue_matches_the_source():
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for entry in _messages():
        if "msgid_plural" in entry:
            continue
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        assert catalogue._catalog.get(msgid) == entry["msgstr"], (
            f"locale/it is not compiled: run `make messages` ({entry['msgid'][:60]!r})"
        )


@pytest.mark.django_db
def test_italian_is_the_default_and_english_lives_under_en(client):
    italian = client.get("/")
    english = client.get("/en/")
    assert '<html lang="it"' in italian.content.decode()
    assert '<html lang="en"' in english.content.decode()
    assert "Vai al contenuto" in italian.content.decode()
    assert "Skip to main content" in english.content.decode()
