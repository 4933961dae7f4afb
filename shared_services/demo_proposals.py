"""The demo proposals, one per story: who proposed what, in which Spazio WeMi, who joined,
what the coordinator answered and which offers came. Written by ``demo.py`` through the
services; the people, providers and shared services are in ``demo_data.py``. The texts are
Italian on purpose: they are what residents would have written."""

from __future__ import annotations

from .demo_data import ESEMPIO, GIROTONDO, OfferSpec, ProposalSpec

BABYSITTER = ProposalSpec(
    key="babysitter",
    space="san-gottardo",
    category="Baby sitter condivisa",
    author="famiglia01",
    title="Baby sitter condivisa per i bambini del condominio",
    description=(
        "Siamo alcune famiglie dello stesso condominio con bambini tra i 4 e i 9 anni. Il "
        "martedì e il giovedì nessuno di noi riesce a uscire dal lavoro prima delle 18:30.\n\n"
        "Cerchiamo una **baby sitter condivisa** che in quei due pomeriggi prenda i bambini "
        "all'uscita da scuola e stia con loro nella sala comune del palazzo fino alle 19: "
        "merenda, compiti leggeri e gioco.\n\n"
        "- al massimo cinque o sei bambini per volta\n"
        "- la sala comune è già disponibile (l'amministratore è d'accordo)\n"
        "- ci piacerebbe una persona con esperienza nei gruppi"
    ),
    audience="children",
    days=(1, 3),
    time_slots=("afternoon",),
    schedule_notes="Dalle 16:30 alle 19, all'uscita da scuola",
    pricing_mode="paid",
    published_days_ago=84,
    settled_days_ago=49,
    joiners=(
        ("residente", 2),
        ("vicino", 1),
        ("famiglia02", 2),
        ("famiglia03", 2),
        ("famiglia04", 1),
        ("famiglia05", 3),
    ),
    answers=(
        (
            "under_evaluation",
            "Grazie a tutte le famiglie: la proposta ha raggiunto le adesioni necessarie. La "
            "valutiamo con gli enti accreditati per la baby sitter condivisa e vi aggiorniamo "
            "entro due settimane.",
        ),
        (
            "accepted",
            "Proposta accolta! Abbiamo ricevuto due offerte e scelto quella della Cooperativa "
            "Sociale Esempio: da 3 a 5 famiglie, martedì e giovedì dalle 16:30 alle 19 nella "
            "sala comune. Nella pagina del servizio trovate la quota di ogni famiglia: "
            "confermate il vostro posto entro una settimana.",
        ),
    ),
    offers=(
        OfferSpec(
            provider=ESEMPIO,
            min_households=3,
            max_households=5,
            schedule="Martedì e giovedì, 16:30–19:00",
            description=(
                "Un'educatrice con esperienza nei gruppi di bambini dai 3 ai 10 anni, sempre la "
                "stessa; in caso di assenza, una sostituta già presentata alle famiglie. La "
                "merenda la portano le famiglie."
            ),
            bands=((3, 4, "30.00"), (5, 5, "34.00")),
        ),
        OfferSpec(
            provider=GIROTONDO,
            min_households=4,
            max_households=6,
            schedule="Martedì e giovedì, 16:00–19:00",
            description=(
                "Due educatrici che si alternano, materiali per i laboratori compresi, "
                "un incontro con i genitori ogni due mesi."
            ),
            bands=((4, 5, "38.00"), (6, 6, "44.00")),
        ),
    ),
)

DOPOSCUOLA = ProposalSpec(
    key="doposcuola",
    space="san-gottardo",
    category="Supporto allo studio",
    author="residente",
    title="Doposcuola condiviso il martedì e il giovedì",
    description=(
        "Come ne abbiamo parlato nella bacheca dello Spazio: cerchiamo un **doposcuola "
        "condiviso** per bambini delle elementari, il martedì e il giovedì dalle 16:30 alle "
        "18:30.\n\n"
        "La coordinatrice ci ha detto che a quell'ora la sala al primo piano è libera. Ci "
        "servirebbe un educatore o un'educatrice che segua i compiti a piccoli gruppi, con un "
        "occhio di riguardo per chi fa più fatica.\n\n"
        "Un volontario dello Spazio si è già offerto per la matematica un pomeriggio a "
        "settimana. Chiediamo che il Comune partecipi alla spesa per le famiglie con un ISEE "
        "basso."
    ),
    audience="children",
    days=(1, 3),
    time_slots=("afternoon",),
    schedule_notes="Dalle 16:30 alle 18:30, sala al primo piano dello Spazio",
    pricing_mode="copayment",
    published_days_ago=12,
    settled_days_ago=3,
    joiners=(("vicino", 1), ("famiglia03", 2), ("famiglia06", 1), ("famiglia13", 2)),
    comments=(
        (
            "coordinatrice",
            "Ci siete: cinque famiglie! Nei prossimi giorni la valutiamo e sentiamo gli enti "
            "accreditati per il supporto allo studio.",
        ),
        ("vicino", "Ottimo! Per noi andrebbe bene anche il mercoledì, se serve spostare."),
    ),
)

ASSISTENTE = ProposalSpec(
    key="assistente",
    space="san-gottardo",
    category="Assistente familiare condivisa",
    author="famiglia07",
    title="Assistente familiare condivisa per gli anziani della scala B",
    description=(
        "Nella nostra scala vivono quattro persone anziane sole, tra gli 80 e i 92 anni. "
        "Nessuna ha bisogno di assistenza a tempo pieno, ma tutte avrebbero bisogno di qualcuno "
        "che passi al mattino.\n\n"
        "Proponiamo un'**assistente familiare condivisa** tre mattine a settimana: un saluto, "
        "aiuto con la spesa e le medicine, due passi insieme quando si può, una mano a "
        "preparare il pranzo.\n\n"
        "Alcune famiglie hanno un ISEE basso: chiediamo che il Comune partecipi alla spesa."
    ),
    audience="elderly",
    days=(0, 2, 4),
    time_slots=("morning",),
    schedule_notes="Dalle 9 alle 12",
    pricing_mode="copayment",
    published_days_ago=100,
    settled_days_ago=63,
    joiners=(
        ("famiglia08", 1),
        ("famiglia09", 2),
        ("famiglia10", 1),
        ("famiglia11", 1),
        ("famiglia12", 2),
    ),
    answers=(
        (
            "under_evaluation",
            "La proposta ha raggiunto le quattro famiglie necessarie. Verifichiamo con il "
            "Comune la compartecipazione alla spesa in base all'ISEE.",
        ),
        (
            "accepted",
            "Accolta, con la compartecipazione del Comune: una parte della quota di ogni "
            "famiglia è coperta secondo la fascia ISEE dichiarata (tutta, sotto i 10.000 €). Il "
            "servizio è affidato alla Cooperativa Sociale Esempio.",
        ),
    ),
    offers=(
        OfferSpec(
            provider=ESEMPIO,
            min_households=3,
            max_households=4,
            schedule="Lunedì, mercoledì e venerdì, 9:00–12:00",
            description=(
                "Un'assistente familiare qualificata, la stessa per tutte le famiglie: circa "
                "45 minuti per casa, con un quaderno condiviso per annotare spesa e terapie."
            ),
            bands=((3, 3, "21.00"), (4, 4, "24.00")),
        ),
    ),
)

PSICOMOTRICITA = ProposalSpec(
    key="psicomotricita",
    space="san-gottardo",
    category="Laboratorio di psicomotricità",
    author="famiglia14",
    title="Laboratorio di psicomotricità per bambini dai 3 ai 6 anni",
    description=(
        "Proponiamo un **laboratorio di psicomotricità** il sabato mattina per i bambini della "
        "scuola dell'infanzia: un'ora e mezza di gioco guidato da una psicomotricista, in "
        "piccolo gruppo.\n\n"
        "Lo Spazio WeMi ha una sala con i tappetoni che il sabato è libera. Pensiamo a un ciclo "
        "di dieci incontri."
    ),
    audience="children",
    days=(5,),
    time_slots=("morning",),
    schedule_notes="Sabato dalle 10 alle 11:30",
    pricing_mode="paid",
    published_days_ago=30,
    settled_days_ago=6,
    joiners=(("residente", 1), ("famiglia02", 1), ("famiglia04", 1), ("famiglia15", 1)),
    answers=(
        (
            "under_evaluation",
            "Cinque famiglie hanno aderito e la sala del sabato è disponibile. Abbiamo chiesto "
            "un'offerta agli enti accreditati: decidiamo entro fine mese.",
        ),
    ),
    offers=(
        OfferSpec(
            provider=GIROTONDO,
            min_households=4,
            max_households=8,
            schedule="Sabato 10:00–11:30, ciclo di dieci incontri",
            description=(
                "Psicomotricista diplomata, gruppo di massimo otto bambini, materiali compresi."
            ),
            bands=((4, 5, "45.00"), (6, 8, "54.00")),
        ),
    ),
)

PEDIBUS = ProposalSpec(
    key="pedibus",
    space="san-gottardo",
    category="Trasporto con accompagnamento",
    author="residente",
    title="Accompagnamento a scuola a piedi",
    description=(
        "Un adulto che la mattina accompagni a piedi a scuola i bambini della zona, "
        "raccogliendoli a due o tre fermate lungo il corso."
    ),
    audience="children",
    days=(0, 1, 2, 3, 4),
    time_slots=("morning",),
    schedule_notes="Partenza alle 7:50",
    pricing_mode="",  # still to choose: the draft is not ready to publish
)

PET_SITTER = ProposalSpec(
    key="pet-sitter",
    space="san-gottardo",
    category="Pet sitter",
    author="famiglia05",
    title="Pet sitter condiviso per i fine settimana",
    description=(
        "Nel palazzo ci sono sei cani e tre gatti. Quando andiamo via per il fine settimana è "
        "difficile trovare qualcuno: un **pet sitter condiviso** potrebbe passare da più "
        "famiglie la mattina e la sera."
    ),
    audience="everyone",
    days=(5, 6),
    time_slots=("morning", "evening"),
    schedule_notes="",
    pricing_mode="paid",
    published_days_ago=40,
    settled_days_ago=25,
    joiners=(("famiglia12", 1), ("famiglia16", 1)),
    answers=(
        (
            "rejected",
            "Grazie della proposta. Per ora nessun ente accreditato con WeMi offre il pet "
            "sitter nel Municipio 5, quindi non possiamo avviarlo come servizio condiviso. Allo "
            "sportello trovate le associazioni di quartiere che organizzano scambi tra vicini "
            "per la cura degli animali.",
        ),
    ),
)

SPESA = ProposalSpec(
    key="spesa",
    space="capuana",
    category="Acquisto e consegna spesa e farmaci",
    author="famiglia17",
    title="Spesa e farmaci a domicilio per gli anziani del quartiere",
    description=(
        "A Quarto Oggiaro molte persone anziane fanno fatica a portare a casa la spesa e a "
        "passare in farmacia, soprattutto d'inverno.\n\n"
        "Proponiamo un servizio condiviso: due mattine a settimana un operatore raccoglie le "
        "liste, fa la spesa, passa in farmacia e consegna tutto a casa. Ogni famiglia "
        "pagherebbe una piccola quota; chiediamo al Comune di partecipare per chi ha un ISEE "
        "basso."
    ),
    audience="elderly",
    days=(1, 4),
    time_slots=("morning",),
    schedule_notes="Raccolta delle liste il giorno prima",
    pricing_mode="copayment",
    published_days_ago=15,
    joiners=(("famiglia18", 1), ("famiglia19", 1)),
)

MERENDA = ProposalSpec(
    key="merenda",
    space="capuana",
    category="Merende di condominio",
    author="famiglia20",
    title="Merenda di condominio una domenica al mese",
    description=(
        "Una merenda al mese nel cortile, per conoscerci tra vicini: ognuno porta qualcosa e "
        "un animatore fa giocare i bambini."
    ),
    audience="families",
    days=(6,),
    time_slots=("afternoon",),
    schedule_notes="La prima domenica del mese",
    pricing_mode="free",
    published_days_ago=35,
    settled_days_ago=20,
    joiners=(("famiglia17", 2),),
    withdraw=(
        "Ci siamo organizzati direttamente tra vicini con il comitato inquilini: grazie a chi "
        "aveva aderito!"
    ),
)

EDUCATIVO = ProposalSpec(
    key="educativo",
    space="venini",
    category="Servizio educativo condominiale",
    author="famiglia21",
    title="Servizio educativo nel cortile del caseggiato",
    description=(
        "Nel nostro caseggiato ci sono una ventina di bambini e ragazzi tra i 6 e i 13 anni. "
        "Proponiamo un **servizio educativo condominiale**: un educatore tre pomeriggi a "
        "settimana nel cortile o nel locale comune, per compiti, giochi e qualche "
        "laboratorio.\n\n"
        "Sarebbe anche un'occasione per le famiglie arrivate da poco di conoscere il quartiere."
    ),
    audience="children",
    days=(0, 2, 4),
    time_slots=("afternoon",),
    schedule_notes="Dalle 16:30 alle 18:30",
    pricing_mode="paid",
    published_days_ago=45,
    settled_days_ago=2,
    joiners=(("famiglia22", 2), ("famiglia23", 1), ("famiglia24", 2), ("famiglia25", 1)),
    answers=(
        (
            "under_evaluation",
            "Cinque famiglie: ci siamo. Chiediamo le offerte agli enti accreditati per il "
            "servizio educativo condominiale.",
        ),
        (
            "accepted",
            "Accolta. Il servizio è affidato alla Cooperativa Sociale Girotondo: confermate il "
            "vostro posto nella pagina del servizio entro una settimana. Servono almeno quattro "
            "famiglie per partire.",
        ),
    ),
    offers=(
        OfferSpec(
            provider=GIROTONDO,
            min_households=4,
            max_households=8,
            schedule="Lunedì, mercoledì e venerdì, 16:30–18:30",
            description="Un educatore professionale e, da sei famiglie in su, un tirocinante.",
            bands=((4, 5, "40.00"), (6, 8, "48.00")),
        ),
    ),
)

SABATO = ProposalSpec(
    key="sabato",
    space="piazzetta",
    category="Baby sitter condivisa",
    author="famiglia26",
    title="Baby sitter condivisa il sabato mattina",
    description=(
        "Lavoriamo entrambi anche il sabato mattina. Cerchiamo altre famiglie della zona per "
        "condividere una **baby sitter** dalle 8:30 alle 13, a casa di una delle famiglie a "
        "turno."
    ),
    audience="children",
    days=(5,),
    time_slots=("morning",),
    schedule_notes="Dalle 8:30 alle 13",
    pricing_mode="paid",
    published_days_ago=70,
    joiners=(("famiglia27", 2),),
    expired_days_ago=4,
)

MEDIE = ProposalSpec(
    key="medie",
    space="ornato",
    category="Supporto allo studio",
    author="famiglia28",
    title="Doposcuola per i ragazzi delle medie",
    description=(
        "Cerchiamo un doposcuola per ragazzi di prima e seconda media, due pomeriggi a "
        "settimana: aiuto con i compiti e un metodo di studio.\n\n"
        "Potremmo usare una sala di Cascina Biblioteca, che ospita lo Spazio WeMi."
    ),
    audience="children",
    days=(0, 2),
    time_slots=("afternoon",),
    schedule_notes="Dalle 15 alle 17",
    pricing_mode="copayment",
    published_days_ago=20,
    joiners=(("famiglia29", 2), ("famiglia30", 1)),
)

PROPOSALS: tuple[ProposalSpec, ...] = (
    ASSISTENTE,
    BABYSITTER,
    SABATO,
    EDUCATIVO,
    PET_SITTER,
    MERENDA,
    PSICOMOTRICITA,
    MEDIE,
    SPESA,
    DOPOSCUOLA,
    PEDIBUS,
)
