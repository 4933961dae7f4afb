"""Demo spaces: the 15 real Spazi WeMi (name, address, Municipio, host venue, NIL from
``wemi_community/catalogue/data/spazi_wemi.csv``) with demo hours and demo texts, and, for load
tests, synthetic "Spazio di prova" pages."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

from django.conf import settings

from cms_templates import i18n
from spaces_pages.models import Closure, OpeningSlot, SpaceIndexPage, SpacePage
from wemi_community.catalogue.models import Municipio, Nil

from .content import T, h2, localize, paragraph

SPACES_CSV = Path(settings.BASE_DIR) / "wemi_community" / "catalogue" / "data" / "spazi_wemi.csv"

# Plausible weekly patterns (weekday, from, to), handed out in turn: they are examples.
MORNING_AND_AFTERNOON = [
    (day, start, end)
    for day in range(5)
    for start, end in ((time(9), time(13)), (time(14), time(18)))
]
ALTERNATE_DAYS = [
    *((day, time(9, 30), time(13, 30)) for day in (0, 2, 4)),
    *((day, time(14), time(19)) for day in (1, 3)),
]
WITH_SATURDAY = [
    (day, start, end)
    for day in range(1, 6)
    for start, end in ((time(10), time(13)), (time(15), time(19)))
]
LONG_DAYS = [*((day, time(9), time(17)) for day in range(4)), (4, time(9), time(13))]
WITH_EVENING = [
    *((day, time(14), time(18)) for day in range(5)),
    (3, time(18), time(22)),
]
HOUR_PATTERNS = [MORNING_AND_AFTERNOON, ALTERNATE_DAYS, WITH_SATURDAY, LONG_DAYS, WITH_EVENING]


@dataclass(frozen=True)
class SpaceSpec:
    slug: str
    name: str
    address: str
    municipio: int
    host_venue: str = ""
    nil_name: str = ""


def real_spaces() -> list[SpaceSpec]:
    with SPACES_CSV.open(encoding="utf-8", newline="") as handle:
        return [
            SpaceSpec(
                slug=row["slug"],
                name=row["name"],
                # The file says "Via Capuana 3, Milano": the city is added where it is shown.
                address=row["address"].removesuffix(", Milano").strip(),
                municipio=int(row["municipio"]),
                host_venue=row["host_venue"].strip(),
                nil_name=row["nil"].strip(),
            )
            for row in csv.DictReader(handle)
        ]


def synthetic_spaces(count: int) -> list[SpaceSpec]:
    return [
        SpaceSpec(
            slug=f"prova-{n}",
            name=f"Spazio di prova {n} (demo)",
            address=f"Via di Prova {n}",
            municipio=(n - 1) % 9 + 1,
        )
        for n in range(1, count + 1)
    ]


def demo_body(spec: SpaceSpec) -> list[dict]:
    """The demo texts of a space's page, in Italian and English (``content.T`` pairs)."""
    venue_it = f", ospitato da {spec.host_venue}," if spec.host_venue else ""
    venue_en = f", hosted by {spec.host_venue}," if spec.host_venue else ""
    return [
        paragraph(
            T(
                "<p><b>Testo di esempio</b>: lo Spazio WeMi scriverà qui la propria "
                "presentazione. Orari e recapiti di questa pagina sono dimostrativi.</p>",
                "<p><b>Sample text</b>: the Spazio WeMi will introduce itself here. The "
                "opening hours and contacts on this page are for the demo.</p>",
            )
        ),
        paragraph(
            T(
                f"<p>{spec.name}{venue_it} è uno degli Spazi WeMi del Municipio "
                f"{spec.municipio}: un luogo dove trovare ascolto e informazioni sui servizi "
                "per la casa, la famiglia e la cura, e dove incontrare altre famiglie con "
                "bisogni simili.</p>",
                f"<p>{spec.name}{venue_en} is one of the Spazi WeMi of Municipio "
                f"{spec.municipio}: a place where you are listened to and find out about "
                "services for your home, your family and care, and where you meet other "
                "families with similar needs.</p>",
            )
        ),
        h2(T("Che cosa trovi qui", "What you find here")),
        paragraph(
            T(
                "<ul>"
                "<li>Uno sportello di ascolto e orientamento ai servizi WeMi.</li>"
                "<li>Aiuto per proporre o aderire a un servizio condiviso.</li>"
                "<li>Attività, incontri e corsi per il quartiere.</li>"
                "</ul>",
                "<ul>"
                "<li>A desk that listens and guides you to WeMi's services.</li>"
                "<li>Help to propose or join a shared service.</li>"
                "<li>Activities, meetings and courses for the neighbourhood.</li>"
                "</ul>",
            )
        ),
    ]


def demo_texts(spec: SpaceSpec) -> dict:
    """The translatable fields of a space's demo page, as ``content.T`` pairs."""
    return {
        "title": T(spec.name, spec.name),
        "body": demo_body(spec),
        "search_description": T(
            f"{spec.name}, Spazio WeMi del Municipio {spec.municipio}: indirizzo, orari e "
            "attività.",
            f"{spec.name}, Spazio WeMi of Municipio {spec.municipio}: address, opening hours "
            "and activities.",
        ),
    }


def demo_closures(today: date) -> list[tuple[date, date, str, str]]:
    """The next summer closure and the Milanese holidays of December (Italian, English)."""
    year = today.year if today <= date(today.year, 8, 21) else today.year + 1
    december = today.year if today <= date(today.year, 12, 8) else today.year + 1
    return [
        (date(year, 8, 10), date(year, 8, 21), "Chiusura estiva", "Summer closure"),
        (
            date(december, 12, 7),
            date(december, 12, 8),
            "Sant'Ambrogio e Immacolata",
            "Feasts of Saint Ambrose and the Immaculate Conception",
        ),
    ]


def _nil(spec: SpaceSpec, municipio: Municipio) -> Nil | None:
    if not spec.nil_name:
        return None
    # A NIL outside the space's Municipio would fail the editor's own validation: skip it.
    return Nil.objects.filter(name__iexact=spec.nil_name, municipio=municipio).first()


def build_space(spec: SpaceSpec, position: int, today: date) -> SpacePage:
    municipio = Municipio.objects.get(number=spec.municipio)
    space = SpacePage(
        slug=spec.slug,
        municipio=municipio,
        nil=_nil(spec, municipio),
        address=spec.address,
        host_venue=spec.host_venue,
        email=f"{spec.slug}@wemi.example",
        phone=f"02 0000 {position + 1:04d}",
        **{name: localize(value, "it") for name, value in demo_texts(spec).items()},
    )
    pattern = HOUR_PATTERNS[position % len(HOUR_PATTERNS)]
    space.opening_slots = [
        OpeningSlot(weekday=day, opens=start, closes=end) for day, start, end in pattern
    ]
    space.closures = [
        Closure(start_date=start, end_date=end, reason=reason, reason_en=reason_en)
        for start, end, reason, reason_en in demo_closures(today)
    ]
    return space


def ensure_index(home) -> SpaceIndexPage:

    index = i18n.in_default_language(SpaceIndexPage.objects.all()).first()
    if index is None:
        index = SpaceIndexPage(title="Spazi WeMi", slug="spazi")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index
