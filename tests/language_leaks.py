"""Finds words of the wrong language in what a page shows.

An English page may show Italian only in names (spaces, streets, people, NIL, Municipi, the
City's own institutions) and in what people wrote (proposals, events, comments…: shown as
written, in whatever language its author used). Everything else, the interface, the
choices, the catalogue, the skills and the content pages, must read in English; the reverse
holds for the Italian pages.

The check reads the visible text (text nodes, and the attributes people read: alt, title,
aria-label, placeholder, the value of buttons), masks the names and people's texts read from
the database, then looks for common words of the other language, matched as whole words.
People's texts are masked by runs of three words in a row (so a description cut short on a
card is still recognised), names and short texts by their exact words."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bs4 import BeautifulSoup, Comment
from django.apps import apps
from django.db import models

from spaces_pages.models import SpacePage
from wemi_community.catalogue.models import Municipio, Nil

# Frequent Italian words that are not English words (nor parts of the names we show as
# they are: "Spazio WeMi", "Municipio"). Whole words, case-insensitive.
ITALIAN_WORDS = frozenset(
    """
    il lo gli le di del dello della dei degli delle da dal dallo dalla dai dagli dalle nel
    nello nella nei negli nelle sul sullo sulla sui sugli sulle al allo alla ai agli alle
    che chi cui con non sono siamo sei essere stato stata questo questa questi queste quello
    quella uno una ed anche più già ogni tutti tutte tutto oppure ancora dove quando perché
    poi qui qua senza tra fra dopo sempre mai molto nessun nessuno nessuna ci si se né hai
    ha ho abbiamo hanno puoi può vuoi devi fai vai sarà vostro vostra tuo tua tuoi mio
    mia miei suo sua suoi loro giorni giorno ore ora settimana settimane mese mesi anno anni
    oggi domani ieri lunedì martedì mercoledì giovedì venerdì sabato domenica gennaio
    febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre
    aperto aperta chiuso chiusa orari orario indirizzo telefono accedi esci registrati cerca
    cerchi proposte proposta eventi evento laboratori laboratorio volontariato volontario
    volontaria volontari servizio servizi famiglia famiglie persone persona posti posto
    iscriviti iscrizione iscrizioni iscritto iscritti annulla salva invia conferma conferme
    modifica elimina indietro avanti pagina pagine nuovo nuova nuovi gratuito gratuita
    prezzo ciascuna ciascuno attività turno turni competenze competenza disponibilità
    bisogni bisogno incontro incontri corso corsi sessione sessioni presenze quartiere
    prossimi prossime prossimo prossima dettagli filtra filtri mostra risultati ricerca
    accesso profilo notifiche impostazioni chiusura estiva sportello ascolto aiuto compiti
    cucina giardinaggio riparazioni assistenza cura casa pulizia consulenza educazione
    sostegno benessere mattina pomeriggio sera lingue arabo inglese francese spagnolo cinese
    rumeno
    """.split()  # noqa: SIM905 (a list of words reads best as words)
)

# Frequent English words that are not Italian words: what an Italian page must not show.
ENGLISH_WORDS = frozenset(
    """
    the and of your you with for this that from are is not all more what when where which
    who will would can could should have has been be were was there their they them these
    those our we us my his her its it's don't isn't log sign search events event proposals
    proposal labs volunteering volunteer volunteers open closed back next save cancel submit
    send delete edit show hide filter filters results page pages free seats seat shift
    shifts skills skill hours hour today tomorrow monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september october
    november december join leave login logout profile settings notifications language
    """.split()  # noqa: SIM905 (a list of words reads best as words)
)

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_TAG = re.compile(r"<[^>]+>")
ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
SHINGLE = 3


def words(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text)]


def visible_text(html: str) -> str:
    """The text a person reads or hears on the page (its <main> and header, footer…)."""
    document = BeautifulSoup(html, "html.parser")
    for node in document(["script", "style", "template", "noscript", "svg"]):
        node.decompose()
    for node in document.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    parts = [document.get_text(" ")]
    for element in document.find_all(True):
        for attribute in ATTRIBUTES:
            value = element.get(attribute)
            if isinstance(value, str):
                parts.append(value)
        if element.name == "input" and element.get("type") in {"submit", "button"}:
            parts.append(element.get("value", ""))
    return " ".join(parts)


class Masks:
    """Names and people's texts, as exact word sequences and as runs of three words."""

    def __init__(self, names: Iterable[str] = (), texts: Iterable[str] = ()):
        self.phrases: set[tuple[str, ...]] = set()
        self.shingles: set[tuple[str, ...]] = set()
        for name in names:
            self.add_name(name)
        for text in texts:
            self.add_text(text)

    def add_name(self, name: str) -> None:
        sequence = tuple(words(_TAG.sub(" ", name or "")))
        if sequence:
            self.phrases.add(sequence)

    def add_text(self, text: str) -> None:
        sequence = words(_TAG.sub(" ", text or ""))
        if len(sequence) <= SHINGLE:
            if sequence:
                self.phrases.add(tuple(sequence))
            return
        for start in range(len(sequence) - SHINGLE + 1):
            self.shingles.add(tuple(sequence[start : start + SHINGLE]))

    def masked(self, sequence: list[str]) -> list[bool]:
        covered = [False] * len(sequence)
        lengths = sorted({len(p) for p in self.phrases}, reverse=True)
        for start in range(len(sequence)):
            window = tuple(sequence[start : start + SHINGLE])
            if len(window) == SHINGLE and window in self.shingles:
                covered[start : start + SHINGLE] = [True] * SHINGLE
            for length in lengths:
                if tuple(sequence[start : start + length]) in self.phrases:
                    covered[start : start + length] = [True] * length
        return covered


def leaks(html: str, vocabulary: frozenset[str], masks: Masks) -> list[str]:
    """The words of ``vocabulary`` the page shows outside names and people's texts, each with
    a little context."""
    sequence = words(visible_text(html))
    covered = masks.masked(sequence)
    found = []
    for index, word in enumerate(sequence):
        if word in vocabulary and not covered[index]:
            context = " ".join(sequence[max(0, index - 4) : index + 5])
            found.append(f"{word!r} in “…{context}…”")
    return found


# Names of institutions and laws our content pages quote as they are.
INSTITUTIONS = (
    "Comune di Milano",
    "Piazza della Scala",
    "Garante per la protezione dei dati personali",
    "Legge Stanca",
    "Spazio WeMi",
    "Spazi WeMi",
    "WeMi",
)

# Apps whose rows hold what people wrote (and the names they go by).
PEOPLES_APPS = (
    "accounts",
    "proposals",
    "shared_services",
    "labs",
    "events",
    "volunteering",
    "participation",
    "notifications",
    "certificates",
)
# Rows whose text is ours to translate, never masked.
TRANSLATED_MODELS = {"volunteering.skill"}
# Rows nobody reads on the site.
UNREAD_MODELS = {"core.auditentry"}


def masks_from_database() -> Masks:
    """Names (Municipi, NIL, spaces, streets, venues, people, organisations) and everything
    people wrote, read from the database."""

    masks = Masks(names=INSTITUTIONS)
    for name in Municipio.objects.values_list("name", flat=True):
        masks.add_name(name)
    for nil in Nil.objects.only("name"):
        masks.add_name(nil.name)
        masks.add_name(nil.display_name)
    for row in SpacePage.objects.values("title", "address", "host_venue"):
        for value in row.values():
            masks.add_name(value)
    for app_label in PEOPLES_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.label_lower in TRANSLATED_MODELS | UNREAD_MODELS:
                continue
            for field in model._meta.concrete_fields:
                if field.choices or not isinstance(
                    field, models.CharField | models.TextField | models.JSONField
                ):
                    continue
                for value in model.objects.values_list(field.name, flat=True):
                    for text in _strings(value):
                        masks.add_text(text)
    return masks


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    if isinstance(value, dict):
        return [item for item in value.values() if isinstance(item, str)]
    return []
