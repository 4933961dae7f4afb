"""The demo labs (written through the services by ``demo.py``): a condominium in listening with
a full wall, a school in co-design with themes, a draft and a poll, a finished condominium lab
with its summary, and a company's request waiting for the space. Every person is fictional;
the spaces are real Spazi WeMi. The texts are Italian on purpose: they are what the
participants would have written."""

from __future__ import annotations

from dataclasses import dataclass, field

# A coordinator for WeMi Capuana, where the school lab is (San Gottardo has the accounts demo's).
CAPUANA_COORDINATOR = ("coordinamento.capuana", "Irene, coordinatrice WeMi Capuana (demo)", 8)


@dataclass(frozen=True)
class NeedSpec:
    who: str  # a nickname of the lab's members
    category: str  # a service of the catalogue
    text: str
    me_too: tuple[str, ...] = ()
    anonymous: bool = False
    theme: str = ""


@dataclass(frozen=True)
class LabSpec:
    key: str
    space: str
    title: str
    kind: str
    place: str
    description: str
    visibility: str
    phase: str
    # (phase, days from today it starts, days it lasts)
    dates: tuple[tuple[str, int, int], ...]
    # Demo accounts (e-mail local parts) who join with their account, and guests by nickname.
    accounts: tuple[str, ...]
    guests: tuple[str, ...]
    needs: tuple[NeedSpec, ...]
    themes: tuple[str, ...] = ()
    # Themes that become drafts: (theme, audience, pricing mode, days, time slots)
    drafts: tuple[tuple[str, str, str, tuple[int, ...], tuple[str, ...]], ...] = ()
    poll: tuple[str, tuple[str, ...], dict] | None = None
    comments: tuple[tuple[str, str], ...] = ()
    evaluations: tuple[tuple[str, int, str], ...] = ()
    # Published proposals: households (nickname → household size) that join them.
    joins: dict = field(default_factory=dict)


PALMIERI = LabSpec(
    key="palmieri",
    space="san-gottardo",
    title="Condominio via Palmieri 53",
    kind="condominium",
    place="Condominio via Palmieri 53, scale A e B",
    description=(
        "Il laboratorio del nostro condominio: scriviamo di che cosa avremmo bisogno, "
        "scopriamo chi ha lo stesso bisogno e lo portiamo all'assemblea di gennaio con lo "
        "Spazio WeMi San Gottardo."
    ),
    visibility="private",
    phase="listening",
    dates=(("listening", -10, 30), ("aggregation", 21, 7), ("co_design", 28, 21)),
    accounts=("residente", "vicino"),
    guests=(
        "Rosa",
        "Marco",
        "Nonna Lina",
        "Samir",
        "Teresa",
        "Ivan",
        "Chiara B.",
        "Ahmed scala B",
        "Giovanna",
        "Luis",
        "Paola",
        "Omar",
    ),
    needs=(
        NeedSpec(
            "Giulia (demo)",
            "Baby sitter condivisa",
            "Qualcuno che prenda i bambini a scuola alle 16:30 due volte a settimana",
            ("Marco", "Samir", "Chiara B.", "Luis", "Omar"),
        ),
        NeedSpec(
            "Nonna Lina",
            "Acquisto e consegna spesa e farmaci",
            "Non riesco più a portare su la spesa: servirebbe qualcuno una volta a settimana",
            ("Teresa", "Giovanna", "Ivan"),
        ),
        NeedSpec(
            "Rosa",
            "Badante di condominio",
            "Una persona di fiducia che passi dagli anziani soli la mattina",
            ("Nonna Lina", "Teresa", "Paola"),
        ),
        NeedSpec(
            "Samir",
            "Supporto allo studio",
            "Aiuto con i compiti di matematica per le medie",
            ("Marco", "Luis"),
        ),
        NeedSpec(
            "Teresa",
            "Trasporto con accompagnamento",
            "Accompagnamento alle visite in ospedale, non ho la macchina",
            ("Nonna Lina",),
            anonymous=True,
        ),
        NeedSpec(
            "Marco",
            "Pet sitter",
            "Qualcuno che porti fuori il cane quando faccio il turno di notte",
            ("Ivan",),
        ),
        NeedSpec(
            "Chiara B.",
            "Servizio educativo condominiale",
            "Uno spazio in cortile per i bambini il sabato mattina",
            ("Giulia (demo)", "Samir", "Omar"),
        ),
        NeedSpec(
            "Ivan",
            "Tapparellista",
            "Tapparelle rotte in tre appartamenti: un tecnico unico costerebbe meno",
            ("Franco, vicino di casa (demo)", "Rosa"),
        ),
        NeedSpec(
            "Franco, vicino di casa (demo)",
            "Giardinaggio condiviso",
            "Curare insieme le aiuole del cortile, ora sono abbandonate",
            ("Rosa", "Giovanna", "Paola", "Chiara B."),
        ),
        NeedSpec(
            "Ahmed scala B",
            "Mediazione culturale",
            "Aiuto a capire le lettere del Comune e della scuola",
            ("Omar",),
            anonymous=True,
        ),
        NeedSpec(
            "Giovanna",
            "Colf",
            "Pulizie una volta al mese, da dividere con altre famiglie",
        ),
        NeedSpec(
            "Luis",
            "Baby sitter condivisa",
            "Baby sitter la sera del giovedì per le riunioni a scuola",
            ("Samir",),
        ),
        NeedSpec(
            "Paola",
            "Merende di condominio",
            "Una merenda in cortile una volta al mese per conoscerci",
            ("Giulia (demo)", "Rosa", "Marco", "Chiara B.", "Nonna Lina"),
        ),
        NeedSpec(
            "Omar",
            "Educazione finanziaria",
            "Capire come fare un piano per le spese di casa",
            ("Ahmed scala B",),
        ),
        NeedSpec(
            "Rosa",
            "Lettura a domicilio",
            "Qualcuno che legga il giornale a mio marito che non vede più bene",
            anonymous=True,
        ),
        NeedSpec(
            "Marco",
            "Baratto",
            "Scambio di vestiti dei bambini che non vanno più bene",
            ("Luis", "Chiara B.", "Giulia (demo)"),
        ),
        NeedSpec(
            "Teresa",
            "Pasti a domicilio",
            "Pasti a domicilio quando mia figlia è fuori per lavoro",
        ),
        NeedSpec(
            "Samir",
            "Campi estivi",
            "Un centro estivo vicino per luglio",
            ("Luis", "Omar", "Marco"),
        ),
    ),
)

PIZZIGONI = LabSpec(
    key="scuola",
    space="capuana",
    title="Genitori della scuola primaria di via Console Marcello",
    kind="school",
    place="Scuola primaria di via Console Marcello, Quarto Oggiaro",
    description=(
        "Il laboratorio dei genitori: dopo l'ascolto di ottobre abbiamo raggruppato i bisogni "
        "in temi e ora progettiamo insieme il servizio per il pomeriggio."
    ),
    visibility="public",
    phase="co_design",
    dates=(
        ("listening", -45, 20),
        ("aggregation", -25, 10),
        ("co_design", -14, 28),
        ("action", 15, 30),
        ("evaluation", 60, 14),
    ),
    accounts=("residente",),
    guests=(
        "Mamma di Sofia",
        "Papà di Leo",
        "Ilaria",
        "Kevin",
        "Fatima",
        "Stefano",
        "Anna M.",
        "Yusuf",
        "Beatrice",
    ),
    needs=(
        NeedSpec(
            "Mamma di Sofia",
            "Baby sitter condivisa",
            "Uscita alle 16:30 ma lavoro fino alle 18: serve qualcuno per i bambini",
            ("Papà di Leo", "Ilaria", "Kevin", "Fatima", "Anna M."),
            theme="Dopo la scuola",
        ),
        NeedSpec(
            "Kevin",
            "Supporto allo studio",
            "Aiuto con i compiti, io non riesco a seguirli in italiano",
            ("Fatima", "Yusuf", "Stefano"),
            theme="Dopo la scuola",
        ),
        NeedSpec(
            "Ilaria",
            "Baby sitter condivisa",
            "Il mercoledì la scuola finisce alle 13: chi li prende?",
            ("Beatrice", "Mamma di Sofia"),
            theme="Dopo la scuola",
        ),
        NeedSpec(
            "Stefano",
            "Laboratorio di psicomotricità",
            "Un'attività di movimento per i più piccoli",
            ("Anna M.", "Beatrice"),
            theme="Sport e movimento",
        ),
        NeedSpec(
            "Fatima",
            "Mediazione culturale",
            "Qualcuno che traduca gli avvisi della scuola in arabo",
            ("Yusuf",),
            theme="Famiglie e scuola",
        ),
        NeedSpec(
            "Papà di Leo",
            "Campi estivi",
            "Un campo estivo a giugno appena finisce la scuola",
            ("Kevin", "Ilaria"),
            theme="Sport e movimento",
        ),
        NeedSpec(
            "Beatrice",
            "Consulenza pedagogica",
            "Un incontro con una pedagogista sul tempo davanti agli schermi",
            ("Mamma di Sofia",),
            theme="Famiglie e scuola",
        ),
        NeedSpec(
            "Yusuf",
            "Supporto allo studio",
            "Un posto tranquillo dove fare i compiti, a casa siamo in tanti",
            ("Kevin",),
            anonymous=True,
            theme="Dopo la scuola",
        ),
        NeedSpec(
            "Anna M.",
            "Baby sitter",
            "Una baby sitter per le vacanze di Natale",
        ),
    ),
    themes=("Dopo la scuola", "Sport e movimento", "Famiglie e scuola"),
    drafts=(("Dopo la scuola", "children", "copayment", (0, 2, 4), ("afternoon",)),),
    poll=(
        "Quali pomeriggi vi servono di più?",
        ("Lunedì", "Mercoledì", "Venerdì"),
        {
            "Mamma di Sofia": "Mercoledì",
            "Papà di Leo": "Mercoledì",
            "Ilaria": "Mercoledì",
            "Kevin": "Lunedì",
            "Fatima": "Venerdì",
        },
    ),
    comments=(
        (
            "facilitatore",
            "Ho messo nella bozza lunedì, mercoledì e venerdì: votate nel sondaggio "
            "quali pomeriggi vi servono di più.",
        ),
        (
            "residente",
            "Per noi il mercoledì è il giorno più difficile, la scuola finisce alle 13.",
        ),
    ),
)

CINQUECENTO = LabSpec(
    key="cinquecento",
    space="san-gottardo",
    title="Condominio via dei Cinquecento 12",
    kind="condominium",
    place="Condominio via dei Cinquecento 12",
    description=(
        "Il primo laboratorio del condominio, concluso: ne è nata una proposta di assistente "
        "familiare condivisa per gli anziani del palazzo."
    ),
    visibility="private",
    phase="closed",
    dates=(
        ("listening", -150, 21),
        ("aggregation", -129, 14),
        ("co_design", -115, 21),
        ("action", -94, 30),
        ("evaluation", -64, 14),
    ),
    accounts=("vicino",),
    guests=("Elsa", "Bruno R.", "Carla", "Dario", "Mirella", "Hassan", "Lucia"),
    needs=(
        NeedSpec(
            "Elsa",
            "Assistente familiare condivisa",
            "Qualcuno che aiuti mia madre ad alzarsi e a lavarsi la mattina",
            ("Mirella", "Carla", "Lucia", "Franco, vicino di casa (demo)"),
            theme="Anziani del palazzo",
        ),
        NeedSpec(
            "Mirella",
            "Badante di condominio",
            "Una presenza la notte per chi vive da solo",
            ("Elsa", "Lucia"),
            theme="Anziani del palazzo",
        ),
        NeedSpec(
            "Bruno R.",
            "Acquisto e consegna spesa e farmaci",
            "Ritirare le medicine in farmacia per chi non esce",
            ("Carla", "Elsa"),
            theme="Anziani del palazzo",
        ),
        NeedSpec(
            "Dario",
            "Riciclo creativo",
            "Un laboratorio per riusare i mobili vecchi in cantina",
            ("Hassan",),
            theme="Spazi comuni",
        ),
        NeedSpec(
            "Hassan",
            "Svuota cantine",
            "Svuotare le cantine comuni una volta all'anno",
            ("Dario", "Bruno R."),
            theme="Spazi comuni",
        ),
        NeedSpec(
            "Lucia",
            "Trasporto con accompagnamento",
            "Accompagnamento alle visite mediche",
            ("Mirella",),
            anonymous=True,
            theme="Anziani del palazzo",
        ),
    ),
    themes=("Anziani del palazzo", "Spazi comuni"),
    drafts=(
        (
            "Anziani del palazzo",
            "elderly",
            "copayment",
            (0, 1, 2, 3, 4),
            ("morning",),
        ),
    ),
    evaluations=(
        ("Elsa", 5, "Finalmente ci siamo parlati tra vicini."),
        ("Mirella", 4, "Utile, ma le riunioni erano troppo lunghe."),
        ("Carla", 5, ""),
        ("Dario", 3, "Il tema delle cantine è rimasto in sospeso."),
        ("Franco, vicino di casa (demo)", 4, "Bella esperienza, da rifare."),
    ),
    joins={"Franco, vicino di casa (demo)": 2},
)

LABS = (PALMIERI, PIZZIGONI, CINQUECENTO)

# A request waiting for the coordinator of WeMi San Gottardo: (who asks, data).
REQUEST = (
    "vicino",
    {
        "title": "Dipendenti del mercato comunale di via Valenza",
        "kind": "company",
        "place": "Mercato comunale coperto, via Valenza",
        "description": (
            "Siamo una ventina di lavoratori del mercato con orari difficili: vorremmo capire "
            "insieme quali servizi ci servono per i figli e per i genitori anziani."
        ),
        "visibility": "private",
    },
)
