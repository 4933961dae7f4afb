"""The demo events and the financial-education course (written through the services by
``demo.py``). Every person is fictional; the spaces are real Spazi WeMi. Days are counted
from today; the texts are Italian on purpose, as a space would write them."""

from __future__ import annotations

from dataclasses import dataclass, field

# Who checks people in at WeMi Capuana, and the course's educator.
CAPUANA_COORDINATOR = ("coordinamento.capuana", "Irene, coordinatrice WeMi Capuana (demo)")
EDUCATOR = ("educatrice", "Laura, educatrice finanziaria (demo)", 5)

# People who register: (e-mail local part, display name, Municipio).
PEOPLE = (
    ("partecipante01", "Rosa Marchetti (demo)", 8),
    ("partecipante02", "Karim Benali (demo)", 8),
    ("partecipante03", "Lucia Ferri (demo)", 8),
    ("partecipante04", "Tommaso Villa (demo)", 8),
    ("partecipante05", "Ana Pereira (demo)", 5),
    ("partecipante06", "Giorgio Sala (demo)", 5),
    ("partecipante07", "Mei Lin (demo)", 5),
    ("partecipante08", "Silvia Russo (demo)", 5),
    ("partecipante09", "Omar Haddad (demo)", 2),
    ("partecipante10", "Elena Gatti (demo)", 9),
)


@dataclass(frozen=True)
class EventSpec:
    key: str
    space: str
    title: str
    description: str
    category: str
    audience: str
    days: int  # from today; negative: it already happened
    start: str
    end: str
    capacity: int | None = None
    max_seats: int = 4
    registration_required: bool = True
    price: str = "0"
    organiser_kind: str = "space"
    organiser_name: str = ""
    place_kind: str = "space"
    place_name: str = ""
    address: str = ""
    online_url: str = ""
    # (who, seats): who registers, in this order; who checked in (past events).
    registrations: tuple[tuple[str, int], ...] = ()
    checked_in: tuple[str, ...] = ()
    cancelled: str = ""
    # A weekly event: (weekdays, number of weeks)
    weekly: tuple[tuple[int, ...], int] | None = None
    extra: dict = field(default_factory=dict)


EVENTS = (
    EventSpec(
        key="cucito",
        space="capuana",
        title="Laboratorio di cucito creativo",
        description=(
            "Due ore per imparare a rammendare, accorciare un orlo e trasformare i vestiti che "
            "non usiamo più. **Le macchine da cucire ci sono**: portate solo un capo da "
            "sistemare.\n\n- per adulti e ragazzi dai 12 anni\n- si può venire con i figli"
        ),
        category="workshop",
        audience="everyone",
        days=6,
        start="10:00",
        end="12:30",
        capacity=12,
        max_seats=4,
        organiser_kind="volunteers",
        organiser_name="Gruppo Ago e Filo di Quarto Oggiaro",
        place_name="Sala grande",
        registrations=(("partecipante01", 2), ("partecipante02", 1), ("partecipante03", 3)),
    ),
    EventSpec(
        key="merenda",
        space="capuana",
        title="Merenda in musica per famiglie",
        description=(
            "Un pomeriggio con le canzoni dei bambini suonate dal vivo e una merenda insieme. "
            "I posti sono pochi: se non potete più venire, annullate l'iscrizione e il posto "
            "passa a chi aspetta."
        ),
        category="party",
        audience="families",
        days=9,
        start="16:30",
        end="18:00",
        capacity=6,
        max_seats=3,
        registrations=(("residente", 2), ("partecipante03", 2), ("partecipante04", 2)),
    ),
    EventSpec(
        key="facilitazione",
        space="san-gottardo",
        title="Sportello di facilitazione digitale",
        description=(
            "Un volontario vi aiuta con lo SPID, il Fascicolo sanitario, le prenotazioni e le "
            "app del Comune. Portate il telefono e un documento."
        ),
        category="desk",
        audience="adults",
        days=1,
        start="10:00",
        end="12:00",
        capacity=6,
        max_seats=1,
        organiser_kind="volunteers",
        organiser_name="Volontari digitali WeMi",
        weekly=((1,), 12),
        registrations=(("partecipante05", 1), ("partecipante06", 1)),
    ),
    EventSpec(
        key="isee",
        space="venini",
        title="Come funziona l'ISEE: incontro con il CAF",
        description=(
            "Che cos'è l'ISEE, quali documenti servono, come si usa per i servizi del Comune. "
            "Con un'operatrice del CAF, domande libere."
        ),
        category="meeting",
        audience="adults",
        days=12,
        start="18:00",
        end="19:30",
        capacity=40,
        organiser_kind="provider",
        registrations=(("partecipante09", 1),),
        extra={"online_url": "https://meet.example.org/wemi-isee"},
    ),
    EventSpec(
        key="assemblea",
        space="ornato",
        title="Assemblea di quartiere: i servizi che mancano",
        description="Un'assemblea aperta per raccogliere i bisogni del quartiere.",
        category="assembly",
        audience="everyone",
        days=15,
        start="20:30",
        end="22:00",
        registration_required=False,
        place_kind="elsewhere",
        place_name="Oratorio San Dionigi",
        address="Via Ornato 44, Milano",
    ),
    EventSpec(
        key="benvenuto",
        space="capuana",
        title="Incontro di benvenuto per le nuove famiglie",
        description="Chi siamo, che cosa trovate allo Spazio WeMi, come partecipare.",
        category="meeting",
        audience="families",
        days=-3,
        start="17:00",
        end="18:30",
        capacity=20,
        registrations=(
            ("partecipante01", 2),
            ("partecipante02", 3),
            ("partecipante03", 1),
            ("partecipante04", 2),
        ),
        checked_in=("partecipante01", "partecipante02", "partecipante04"),
    ),
    EventSpec(
        key="annullato",
        space="piazzetta",
        title="Laboratorio di riciclo creativo",
        description="Riusiamo carta e cartone per costruire giochi.",
        category="workshop",
        audience="children",
        days=4,
        start="16:00",
        end="17:30",
        capacity=15,
        registrations=(("partecipante10", 2),),
        cancelled="L'educatrice è malata: il laboratorio sarà rifissato a gennaio.",
    ),
)

COURSE = {
    "space": "san-gottardo",
    "title": "Educazione finanziaria: il bilancio di casa",
    "description": (
        "Quattro incontri per tenere sotto controllo le spese di casa:\n\n"
        "- fare il bilancio familiare del mese\n"
        "- risparmiare sulle bollette e sulla spesa\n"
        "- capire prestiti, rate e interessi, ed evitare i debiti\n"
        "- i bonus e le agevolazioni per le famiglie"
    ),
    "capacity": 12,
    "attendance_threshold": 75,
    "place_name": "Aula corsi, primo piano",
    # Four weekly sessions, 18:00–20:00, on the weekday five days from the seeding day (never
    # that day itself, so whatever the hour three are over and the last is to come).
    "days_to_next": 5,
    "sessions": 4,
    "held": 3,
    "start": "18:00",
    "end": "20:00",
    # (who, sessions attended among the three held)
    "participants": (
        ("residente", 3),
        ("partecipante05", 3),
        ("partecipante06", 2),
        ("partecipante07", 3),
        ("partecipante08", 1),
        ("partecipante09", 2),
    ),
}
