"""The people, providers, thresholds and shared services of the demo (see ``demo.py``, which
writes them through the services); the proposals themselves are in ``demo_proposals.py``.
Every person and provider here is fictional; the spaces are the real Spazi WeMi of the demo
site. The texts are Italian on purpose: they are what
residents would have written."""

from __future__ import annotations

from dataclasses import dataclass

# --- People and providers ---------------------------------------------------------------------

# (e-mail local part, display name, Municipio, people in the household). Households that join
# the demo proposals: no password, no e-mails (their notifications stay on the site).
FAMILIES: tuple[tuple[str, str, int, int], ...] = (
    # Around WeMi San Gottardo (Municipio 5)
    ("famiglia01", "Famiglia Colombo (demo)", 5, 4),
    ("famiglia02", "Famiglia Nguyen (demo)", 5, 3),
    ("famiglia03", "Famiglia Ferrari (demo)", 5, 4),
    ("famiglia04", "Famiglia Esposito (demo)", 5, 3),
    ("famiglia05", "Famiglia El Amrani (demo)", 5, 5),
    ("famiglia06", "Famiglia Bianchi (demo)", 5, 3),
    ("famiglia07", "Famiglia Ricci (demo)", 5, 2),
    ("famiglia08", "Famiglia Marino (demo)", 5, 1),
    ("famiglia09", "Famiglia Greco (demo)", 5, 2),
    ("famiglia10", "Famiglia Santos (demo)", 5, 2),
    ("famiglia11", "Famiglia Bruno (demo)", 5, 1),
    ("famiglia12", "Famiglia Gallo (demo)", 5, 2),
    ("famiglia13", "Famiglia Conti (demo)", 5, 4),
    ("famiglia14", "Famiglia Popescu (demo)", 5, 3),
    ("famiglia15", "Famiglia De Luca (demo)", 5, 3),
    ("famiglia16", "Famiglia Costa (demo)", 5, 4),
    # Around WeMi Capuana (Municipio 8)
    ("famiglia17", "Famiglia Giordano (demo)", 8, 2),
    ("famiglia18", "Famiglia Mancini (demo)", 8, 1),
    ("famiglia19", "Famiglia Rizzo (demo)", 8, 2),
    ("famiglia20", "Famiglia Lombardi (demo)", 8, 4),
    # Around WeMi Venini (Municipio 2)
    ("famiglia21", "Famiglia Moretti (demo)", 2, 4),
    ("famiglia22", "Famiglia Diallo (demo)", 2, 5),
    ("famiglia23", "Famiglia Barbieri (demo)", 2, 3),
    ("famiglia24", "Famiglia Fontana (demo)", 2, 4),
    ("famiglia25", "Famiglia Chen (demo)", 2, 3),
    # Around WeMi Piazzetta (Municipio 4)
    ("famiglia26", "Famiglia Santoro (demo)", 4, 3),
    ("famiglia27", "Famiglia Mariani (demo)", 4, 4),
    # Around WeMi Ornato (Municipio 9)
    ("famiglia28", "Famiglia Rinaldi (demo)", 9, 4),
    ("famiglia29", "Famiglia Caruso (demo)", 9, 3),
    ("famiglia30", "Famiglia Reyes (demo)", 9, 4),
)

# Coordinators of the other spaces whose proposals the demo moves on: (space slug, e-mail local
# part, display name). WeMi San Gottardo has the demo coordinator of the accounts demo.
EXTRA_COORDINATORS: tuple[tuple[str, str, str], ...] = (
    ("venini", "coordinamento.venini", "Chiara, coordinatrice WeMi Venini (demo)"),
)

# The second demo provider (the first is the accounts demo's "Cooperativa Sociale Esempio").
SECOND_PROVIDER = {
    "name": "Cooperativa Sociale Girotondo (demo)",
    "slug": "cooperativa-sociale-girotondo-demo",
    "description": "Secondo ente di esempio per la demo: non esiste.",
    "categories": (
        "Baby sitter condivisa",
        "Supporto allo studio",
        "Laboratorio di psicomotricità",
        "Servizio educativo condominiale",
    ),
    "staff": ("girotondo", "Davide, Cooperativa Girotondo (demo)"),
}
# Categories the accounts demo's provider (Cooperativa Sociale Esempio, ``ente@…``) is also
# accredited for here: the README's provider journey makes an offer on "Doposcuola condiviso"
# and finds the psychomotricity lab waiting for offers.
ESEMPIO_MORE_CATEGORIES = ("Supporto allo studio", "Laboratorio di psicomotricità")
# Keys of the providers in the specs below.
ESEMPIO = "esempio"
GIROTONDO = "girotondo"

# (category, space slug or None for the whole city, households needed)
THRESHOLDS: tuple[tuple[str, str | None, int], ...] = (
    ("Baby sitter condivisa", None, 4),
    ("Baby sitter condivisa", "piazzetta", 3),
    ("Assistente familiare condivisa", None, 4),
    ("Supporto allo studio", None, 6),
    # "Se siete almeno cinque famiglie…", says the coordinator in the demo conversation.
    ("Supporto allo studio", "san-gottardo", 5),
    ("Laboratorio di psicomotricità", None, 5),
    ("Servizio educativo condominiale", None, 5),
    ("Acquisto e consegna spesa e farmaci", None, 6),
)


# --- Plan ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfferSpec:
    provider: str
    min_households: int
    max_households: int
    schedule: str
    description: str
    bands: tuple[tuple[int, int, str], ...]  # (from, to households, € per hour for the group)


@dataclass(frozen=True)
class ProposalSpec:
    key: str
    space: str
    category: str
    author: str
    title: str
    description: str
    audience: str
    days: tuple[int, ...]
    time_slots: tuple[str, ...]
    schedule_notes: str
    pricing_mode: str
    published_days_ago: int = 0  # 0: a draft
    # When its last state change happened (the answer, the withdrawal, the expiry).
    settled_days_ago: int = 0
    joiners: tuple[tuple[str, int], ...] = ()  # (e-mail local part, people)
    answers: tuple[tuple[str, str], ...] = ()  # (state, public text) by the space's coordinator
    offers: tuple[OfferSpec, ...] = ()  # made once the proposal is under evaluation
    withdraw: str = ""
    expired_days_ago: int = 0  # the deadline passed this many days ago
    comments: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ServiceSpec:
    proposal: str
    provider: str  # whose offer the coordinator chooses
    contact: str
    confirm: tuple[str, ...]  # in this order: the first to confirm take the seats
    declined: tuple[str, ...] = ()
    copayment: tuple[tuple[str, int], ...] = ()  # (ISEE band, % the City covers)
    isee: tuple[tuple[str, str], ...] = ()  # (who, ISEE band declared)
    start: bool = True
    late_requests: tuple[str, ...] = ()  # households that ask for a seat once it runs
    sessions: tuple[tuple[str, str], ...] = ()  # (hours, notes), oldest first, on its days
    checks: tuple[tuple[int, str, str, str], ...] = ()  # (session, who, verdict, note)
    ratings: tuple[tuple[str, int, str], ...] = ()


SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec(
        proposal="babysitter",
        provider=ESEMPIO,
        contact="Sara, Cooperativa Sociale Esempio (demo): 02 0000 0100",
        confirm=(
            "famiglia01",
            "residente",
            "vicino",
            "famiglia02",
            "famiglia03",
            "famiglia04",
            "famiglia05",
        ),
        late_requests=("famiglia06",),
        sessions=(
            ("2.5", "Merenda e compiti nella sala comune."),
            ("2.5", "Gioco in cortile, poi lettura ad alta voce."),
            ("2.5", "Laboratorio di disegno con i materiali portati dalle famiglie."),
            ("2.5", "Pioggia: compiti e giochi da tavolo."),
            ("2.5", "Merenda, compiti e gioco libero."),
            ("2", "Uscita anticipata concordata con le famiglie per la recita."),
        ),
        checks=(
            (0, "famiglia01", "confirmed", ""),
            (0, "residente", "confirmed", ""),
            (1, "residente", "confirmed", ""),
            (1, "vicino", "confirmed", ""),
            (1, "famiglia02", "confirmed", ""),
            (
                2,
                "vicino",
                "disputed",
                "La baby sitter è arrivata alle 17:10 invece che alle 16:30: fino ad allora i "
                "bambini sono rimasti con me.",
            ),
            (2, "famiglia03", "confirmed", ""),
            (3, "residente", "confirmed", ""),
            (4, "famiglia01", "confirmed", ""),
        ),
        ratings=(
            ("residente", 5, "Puntuale e attenta: i bambini la adorano."),
            ("famiglia02", 4, "Molto brava; un paio di volte si è iniziato in ritardo."),
        ),
    ),
    ServiceSpec(
        proposal="assistente",
        provider=ESEMPIO,
        contact="Sara, Cooperativa Sociale Esempio (demo): 02 0000 0100",
        confirm=(
            "famiglia07",
            "famiglia08",
            "famiglia09",
            "famiglia10",
            "famiglia11",
            "famiglia12",
        ),
        copayment=(("under_10k", 100), ("10k_20k", 50), ("20k_30k", 25), ("over_30k", 0), ("", 0)),
        isee=(
            ("famiglia07", "under_10k"),
            ("famiglia08", "10k_20k"),
            ("famiglia09", "20k_30k"),
            ("famiglia11", "over_30k"),
        ),
        sessions=(
            ("3", "Spesa per il terzo piano e ritiro delle ricette in farmacia."),
            ("3", "Passeggiata in cortile con due signore, pranzo preparato insieme."),
            ("3", "Accompagnamento alla visita in ambulatorio, poi spesa."),
            ("3", "Giro di saluti e medicine; cambio delle lenzuola al secondo piano."),
            ("2.5", "Mattina più corta: una signora era dalla figlia."),
        ),
        checks=(
            (0, "famiglia07", "confirmed", ""),
            (1, "famiglia07", "confirmed", ""),
            (1, "famiglia09", "confirmed", ""),
            (2, "famiglia08", "confirmed", ""),
            (3, "famiglia07", "confirmed", ""),
        ),
        ratings=(("famiglia07", 5, "Mia madre la aspetta ogni mattina. Grazie!"),),
    ),
    ServiceSpec(
        proposal="educativo",
        provider=GIROTONDO,
        contact="Davide, Cooperativa Sociale Girotondo (demo): 02 0000 0200",
        confirm=("famiglia21", "famiglia22", "famiglia23"),
        declined=("famiglia24",),
        start=False,  # three of the four households needed so far; one has not answered yet
    ),
)
