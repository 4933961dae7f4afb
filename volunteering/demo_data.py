"""The demo volunteering (written through the services by ``demo.py``): volunteers with
profiles, opportunities with shifts in several spaces, hours approved and to approve, offers
of help. Every person is fictional; the spaces are real Spazi WeMi. Days count from today."""

from __future__ import annotations

from dataclasses import dataclass

# (e-mail local part, display name, Municipio, age group, skills, languages, availability keys)
VOLUNTEERS = (
    (
        "volontario",
        None,  # the accounts demo's own volunteer, Ahmed
        2,
        "adult",
        ("Facilitazione digitale", "Traduzione e mediazione linguistica"),
        ("italiano", "arabo", "francese"),
        ("1-morning", "3-afternoon", "5-morning"),
        "Sono ingegnere in pensione: aiuto volentieri con computer e telefoni.",
    ),
    (
        "volontaria01",
        "Chiara Bassi (demo)",
        5,
        "adult",
        ("Accoglienza e ascolto", "Organizzazione di eventi"),
        ("italiano", "inglese"),
        ("5-morning", "5-afternoon", "2-evening"),
        "",
    ),
    (
        "volontaria02",
        "Nadia Amrani (demo)",
        8,
        "adult",
        ("Insegnamento dell'italiano", "Aiuto compiti"),
        ("italiano", "arabo"),
        ("1-afternoon", "3-afternoon"),
        "Insegnante di lettere.",
    ),
    (
        "volontario03",
        "Marco Conti (demo)",
        8,
        "16_17",
        ("Aiuto compiti", "Animazione per bambini"),
        ("italiano", "inglese"),
        ("1-afternoon", "3-afternoon", "5-afternoon"),
        "",
    ),
    (
        "volontaria04",
        "Li Wei (demo)",
        2,
        "adult",
        ("Cucina", "Traduzione e mediazione linguistica"),
        ("italiano", "cinese"),
        ("2-morning", "5-morning"),
        "",
    ),
    (
        "volontario05",
        "Paolo Neri (demo)",
        9,
        "adult",
        ("Piccole riparazioni", "Giardinaggio"),
        ("italiano",),
        ("5-morning", "5-afternoon", "6-morning"),
        "",
    ),
)


@dataclass(frozen=True)
class ShiftSpec:
    days: int  # from today; negative: already happened
    start: str
    end: str
    capacity: int
    place: str = ""
    volunteers: tuple[str, ...] = ()
    # Past shifts: who came (the others did not).
    came: tuple[str, ...] = ()
    # Past shifts: False leaves who came for the coordinator to record.
    recorded: bool = True


@dataclass(frozen=True)
class OpportunitySpec:
    space: str
    title: str
    description: str
    skills: tuple[str, ...]
    languages: tuple[str, ...]
    commitment: str
    min_age: int
    shifts: tuple[ShiftSpec, ...]


OPPORTUNITIES = (
    OpportunitySpec(
        space="san-gottardo",
        title="Accoglienza allo sportello",
        description=(
            "Accogliere chi arriva allo Spazio, ascoltare che cosa cerca e indirizzarlo "
            "all'operatrice giusta. Serve pazienza e, se possibile, **una seconda lingua**."
        ),
        skills=("Accoglienza e ascolto",),
        languages=("arabo", "inglese", "spagnolo"),
        commitment="regular",
        min_age=18,
        # Once a week, the same weekday; the last one held waits for the coordinator to say
        # who came.
        shifts=(
            ShiftSpec(
                -12,
                "09:00",
                "12:30",
                2,
                "Ingresso",
                ("volontario", "volontaria01"),
                ("volontario", "volontaria01"),
            ),
            ShiftSpec(
                -5,
                "09:00",
                "12:30",
                2,
                "Ingresso",
                ("volontario", "volontaria01"),
                recorded=False,
            ),
            ShiftSpec(2, "09:00", "12:30", 2, "Ingresso", ("volontaria01",)),
            ShiftSpec(9, "09:00", "12:30", 2, "Ingresso"),
            ShiftSpec(16, "09:00", "12:30", 2, "Ingresso"),
        ),
    ),
    OpportunitySpec(
        space="capuana",
        title="Aiuto compiti per le medie",
        description="Due pomeriggi a settimana con i ragazzi delle medie del quartiere.",
        skills=("Aiuto compiti",),
        languages=(),
        commitment="regular",
        min_age=16,
        shifts=(
            ShiftSpec(3, "15:00", "17:00", 3, "Sala studio", ("volontaria02", "volontario03")),
            ShiftSpec(5, "15:00", "17:00", 3, "Sala studio", ("volontaria02",)),
            ShiftSpec(10, "15:00", "17:00", 3, "Sala studio"),
            # The same afternoon as the neighbourhood party's: taking both is refused.
            ShiftSpec(12, "15:00", "17:00", 3, "Sala studio"),
        ),
    ),
    OpportunitySpec(
        space="venini",
        title="Facilitazione digitale: SPID e app del Comune",
        description=(
            "Aiutare le persone a ottenere lo SPID e a usare le app del Comune e della "
            "sanità. Molte parlano arabo o cinese."
        ),
        skills=("Facilitazione digitale",),
        languages=("arabo", "cinese"),
        commitment="one_off",
        min_age=18,
        shifts=(
            ShiftSpec(
                -10, "10:00", "12:00", 2, "Postazione digitale", ("volontario",), ("volontario",)
            ),
            ShiftSpec(6, "10:00", "12:00", 2, "Postazione digitale"),
        ),
    ),
    OpportunitySpec(
        space="ornato",
        title="Festa di quartiere: servono mani",
        description="Montare i gazebo, servire la merenda, rimettere in ordine.",
        skills=("Organizzazione di eventi", "Cucina"),
        languages=(),
        commitment="one_off",
        min_age=14,
        shifts=(
            ShiftSpec(12, "09:00", "12:00", 1, "Piazza", ("volontario05", "volontaria04")),
            ShiftSpec(12, "15:00", "19:00", 3, "Piazza", ("volontaria04",)),
        ),
    ),
)

# Hours a volunteer logged for an activity: (who, space, days ago, hours, activity, approved?)
LOGGED_HOURS = (
    ("volontario", "san-gottardo", 20, "2", "Preparazione dei volantini della festa", True),
    ("volontario", "venini", 4, "1.5", "Riunione dei volontari digitali", None),
    ("volontaria02", "capuana", 6, "3", "Corso di italiano per mamme", True),
    ("volontaria01", "san-gottardo", 3, "2", "Riordino della sala dopo l'assemblea", None),
)

# Offers of help: (who, title, description, skills, Municipio, availability keys)
OFFERS = (
    (
        "volontaria02",
        "Conversazione in italiano, martedì pomeriggio",
        "Gruppo di conversazione per chi sta imparando l'italiano, livello base.",
        ("Insegnamento dell'italiano",),
        8,
        ("1-afternoon",),
    ),
    (
        "volontario05",
        "Piccole riparazioni di biciclette",
        "Ho attrezzi e un po' di esperienza: posso aggiustare le bici dei ragazzi.",
        ("Piccole riparazioni",),
        9,
        ("5-morning", "6-morning"),
    ),
    (
        "volontaria04",
        "Laboratorio di ravioli cinesi",
        "Un pomeriggio per cucinare insieme e raccontare le feste cinesi.",
        ("Cucina",),
        2,
        ("5-afternoon",),
    ),
)
