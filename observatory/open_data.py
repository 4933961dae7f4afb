"""The open data: what each dataset holds, column by column (its rows: `open_data_rows`).

Every dataset is aggregated from the evidence's figures over every month there is, each cell
resting on fewer than OBSERVATORY_MIN_CELL people hidden (`evidence.selectors.suppress`): a
hidden cell keeps its month, place and category, loses its figures (empty) and says so in
the `oscurato` column. The spaces are the City's own reference data. Writing the files, the
ZIP and the READMEs is `open_data_files`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .open_data_rows import delivery_rows, demand_rows, funnel_rows, space_rows

LICENCE_NAME = "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

CATALOGUE_TITLE = _("Open data of WeMi Community")
CATALOGUE_DESCRIPTION = _(
    "Aggregated data on the needs, the proposals and the shared services of the Spazi WeMi "
    "of the City of Milan, and the spaces themselves: rebuilt every night, free to reuse."
)

# EU data themes (http://publications.europa.eu/resource/authority/data-theme/…).
SOCIETY, GOVERNMENT, REGIONS = "SOCI", "GOVE", "REGI"


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str | Promise
    unit: str | Promise = ""
    kind: str = "string"  # string, integer, decimal, year-month, boolean


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str | Promise
    description: str | Promise
    columns: tuple[Column, ...]
    rows: Callable[[], list[dict]]
    themes: tuple[str, ...] = (SOCIETY,)
    keywords: tuple[str | Promise, ...] = field(default_factory=tuple)
    aggregated: bool = True

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


# --- Shared columns ---------------------------------------------------------------------------

MONTH = Column("mese", _("Month, as YYYY-MM (ISO 8601)."), kind="year-month")
MUNICIPIO = (
    Column(
        "municipio_numero",
        _("Number of the Municipio (1–9); empty when not known."),
        kind="integer",
    ),
    Column("municipio_nome", _("Name of the Municipio.")),
)
NIL = (
    Column(
        "nil_codice",
        _("Code of the NIL (neighbourhood) given by the City; empty when not known."),
        kind="integer",
    ),
    Column("nil_nome", _("Name of the NIL.")),
)
CATEGORY = (
    Column("area_slug", _("Identifier of the area of the WeMi service catalogue.")),
    Column("area_nome", _("Name of the area of the catalogue, in Italian.")),
    Column(
        "categoria_slug",
        _("Identifier of the category of the WeMi service catalogue; empty when none."),
    ),
    Column("categoria_nome", _("Name of the category, in Italian.")),
)
SUPPRESSED = Column(
    "oscurato",
    _(
        "1 when the cell rests on too few people and its figures are hidden (left empty) to "
        "protect them; 0 otherwise."
    ),
    kind="boolean",
)


DATASETS: dict[str, Dataset] = {
    dataset.slug: dataset
    for dataset in (
        Dataset(
            slug="bisogni-e-domanda",
            title=_("Needs and demand at the Spazi WeMi"),
            description=_(
                "Needs posted in the listening-action labs, “me too”, households joining "
                "proposals, contacts and appointments at the desks, registrations and attendance "
                "at events and courses, volunteer hours: per month, Municipio, NIL and category "
                "of the WeMi catalogue."
            ),
            columns=(
                MONTH,
                *MUNICIPIO,
                *NIL,
                *CATEGORY,
                Column(
                    "tipo",
                    _(
                        "What was counted (identifier): need, me_too, proposal_join, desk_contact, "
                        "appointment, event_registration, event_attendance, course_enrolment, "
                        "course_attendance, volunteer_hours."
                    ),
                ),
                Column("tipo_descrizione", _("What was counted, in Italian.")),
                Column(
                    "persone",
                    _("People concerned (a household joining counts each of its members)."),
                    _("people"),
                    "integer",
                ),
                Column(
                    "nuclei_familiari",
                    _("Households concerned, where the fact concerns households."),
                    _("households"),
                    "integer",
                ),
                Column(
                    "eventi",
                    _("How many times it happened (needs posted, registrations, contacts…)."),
                    _("count"),
                    "integer",
                ),
                SUPPRESSED,
            ),
            rows=demand_rows,
            keywords=(_("needs"), _("welfare"), _("participation"), _("WeMi"), _("Milan")),
        ),
        Dataset(
            slug="percorso-proposte",
            title=_("From proposals to shared services"),
            description=_(
                "The steps of the residents' collective proposals: published, threshold of "
                "households reached, taken into evaluation, accepted, shared service running; "
                "per month, Municipio and category, with the average days each step took."
            ),
            columns=(
                MONTH,
                *MUNICIPIO,
                *CATEGORY,
                Column(
                    "passo",
                    _(
                        "The step (identifier): proposal_published, proposal_threshold, "
                        "proposal_evaluated, proposal_accepted, service_running."
                    ),
                ),
                Column("passo_numero", _("Order of the step, 1 to 5."), kind="integer"),
                Column("passo_descrizione", _("The step, in Italian.")),
                Column(
                    "proposte",
                    _("Proposals that reached the step in the month."),
                    _("proposals"),
                    "integer",
                ),
                Column(
                    "giorni_medi",
                    _(
                        "Average days the proposals took to reach the step from the previous "
                        "one (from publication for the first)."
                    ),
                    _("days"),
                    "decimal",
                ),
                SUPPRESSED,
            ),
            rows=funnel_rows,
            themes=(SOCIETY, GOVERNMENT),
            keywords=(_("proposals"), _("shared services"), _("participation"), _("WeMi")),
        ),
        Dataset(
            slug="servizi-condivisi",
            title=_("Shared services delivered"),
            description=_(
                "What the shared services delivered: families served, sessions and hours, "
                "quotas paid by the families and the share covered by the City, per month, "
                "Municipio, category and ISEE band."
            ),
            columns=(
                MONTH,
                *MUNICIPIO,
                *CATEGORY,
                Column(
                    "fascia_isee",
                    _(
                        "ISEE band of the families, as the co-payment rules name it; empty "
                        "when not applicable."
                    ),
                ),
                Column(
                    "famiglie_servite",
                    _("Families that joined a shared service in the month."),
                    _("families"),
                    "integer",
                ),
                Column("sessioni", _("Sessions delivered."), _("sessions"), "integer"),
                Column("ore", _("Hours delivered."), _("hours"), "decimal"),
                Column(
                    "quote_famiglie_euro", _("Quotas paid by the families."), _("euro"), "decimal"
                ),
                Column(
                    "copertura_comune_euro",
                    _("Share of the cost covered by the City."),
                    _("euro"),
                    "decimal",
                ),
                SUPPRESSED,
            ),
            rows=delivery_rows,
            keywords=(_("shared services"), _("co-payment"), _("ISEE"), _("welfare"), _("WeMi")),
        ),
        Dataset(
            slug="spazi-wemi",
            title=_("The Spazi WeMi"),
            description=_(
                "The City of Milan's neighbourhood welfare spaces: name, Municipio, NIL, "
                "address, position and weekly opening hours."
            ),
            columns=(
                Column("id", _("Identifier of the space on this site."), kind="integer"),
                Column("nome", _("Name of the space.")),
                Column("municipio_numero", _("Number of the Municipio (1–9)."), kind="integer"),
                Column("municipio_nome", _("Name of the Municipio.")),
                *NIL,
                Column("indirizzo", _("Address.")),
                Column(
                    "latitudine",
                    _("Latitude (WGS 84); empty when the exact position is not known."),
                    _("degrees"),
                    "decimal",
                ),
                Column(
                    "longitudine",
                    _("Longitude (WGS 84); empty when the exact position is not known."),
                    _("degrees"),
                    "decimal",
                ),
                Column("sede_ospitante", _("The place or organisation that hosts the space.")),
                Column("telefono", _("Phone number of the space.")),
                Column(
                    "orari_apertura",
                    _("Weekly opening hours, in Italian (“Lunedì 09:00-13:00; …”)."),
                ),
            ),
            rows=space_rows,
            themes=(SOCIETY, REGIONS),
            keywords=(_("Spazi WeMi"), _("welfare"), _("Milan")),
            aggregated=False,
        ),
    )
}


def dataset_or_none(slug: str) -> Dataset | None:
    return DATASETS.get(slug)
