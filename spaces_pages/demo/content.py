"""Demo texts of the content pages: about WeMi, the accessibility statement (the sections of
AgID's model) and the privacy notice, in Italian (the pages) and in English (their
translations, made with wagtail-localize by ``translations.py``).

Every text is a ``T(it, en)`` pair in the same place of the same blocks, so both languages
have the same structure and the same links, as a translator's work would."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class T:
    """A text in Italian and in English."""

    it: str
    en: str


def localize(value: Any, language: str) -> Any:
    """``value`` with every ``T`` replaced by its text in ``language``."""
    if isinstance(value, T):
        return getattr(value, language)
    if isinstance(value, dict):
        return {key: localize(item, language) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [localize(item, language) for item in value]
    return value


def h2(text) -> dict:
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def h3(text) -> dict:
    return {"type": "heading", "value": {"text": text, "level": "h3"}}


def paragraph(html) -> dict:
    return {"type": "paragraph", "value": html}


HOME = {
    "title": T("WeMi Community", "WeMi Community"),
    "intro": T(
        "<p>WeMi è la rete dei servizi di welfare del Comune di Milano: spazi di quartiere in "
        "ogni Municipio dove trovare aiuto per la casa, la famiglia e la cura. Qui i residenti "
        "propongono e condividono servizi, partecipano ai laboratori e alle attività degli "
        "Spazi WeMi.</p>",
        "<p>WeMi is the City of Milan's network of welfare services: neighbourhood spaces in "
        "every Municipio where you find help for your home, your family and care. Here residents "
        "propose and share services and take part in the labs and activities of the Spazi "
        "WeMi.</p>",
    ),
}

# The Italian texts are the ones the data migrations write on every install.
SPACE_INDEX = {
    "title": T("Spazi WeMi", "Spazi WeMi"),
    "intro": T(
        "<p>Gli Spazi WeMi sono luoghi di quartiere del Comune di Milano, almeno uno in ogni "
        "Municipio, dove trovare ascolto, informazioni e servizi per la casa, la famiglia e la "
        "cura. Cerca quello più vicino a te: ogni Spazio ha i suoi orari e le sue attività.</p>",
        "<p>The Spazi WeMi are the City of Milan's neighbourhood places, at least one in every "
        "Municipio, where you are listened to and find information and services for your home, "
        "your family and care. Look for the one nearest you: each space has its own opening "
        "hours and activities.</p>",
    ),
}

DEMO_NOTICE = T(
    "<p><b>Testo dimostrativo.</b> I recapiti indicati sono esempi (dominio .example) e vanno "
    "sostituiti con quelli ufficiali del Comune di Milano prima della pubblicazione.</p>",
    "<p><b>Demo text.</b> The contacts given are examples (.example domain), to be replaced "
    "with the City of Milan's official ones before publication.</p>",
)

ACCESSIBILITY_BODY = [
    paragraph(DEMO_NOTICE),
    paragraph(
        T(
            "<p>Il Comune di Milano si impegna a rendere accessibili i propri siti web e le "
            "proprie applicazioni conformemente al decreto legislativo 10 agosto 2004, n. 4 "
            "(Legge Stanca), che recepisce la direttiva (UE) 2016/2102 del Parlamento europeo e "
            "del Consiglio.</p>"
            "<p>La presente dichiarazione di accessibilità si applica a <b>WeMi Community</b>, "
            "la piattaforma di partecipazione degli Spazi WeMi: proposte di servizi condivisi, "
            "laboratori di ascolto-azione, eventi e corsi, volontariato.</p>",
            "<p>The City of Milan is committed to making its websites and applications "
            "accessible in accordance with Legislative Decree no. 4 of 10 August 2004 (the "
            "Stanca Act), which transposes Directive (EU) 2016/2102 of the European Parliament "
            "and of the Council.</p>"
            "<p>This accessibility statement applies to <b>WeMi Community</b>, the "
            "participation platform of the Spazi WeMi: proposals of shared services, "
            "listening-action labs, events and courses, volunteering.</p>",
        )
    ),
    h2(T("Stato di conformità", "Compliance status")),
    paragraph(
        T(
            "<p>Questo sito web è <b>parzialmente conforme</b> ai requisiti previsti "
            "dall'allegato A alla norma UNI CEI EN 301549 e alle Linee guida sull'accessibilità "
            "degli strumenti informatici emanate da AgID (WCAG 2.1, livello AA), in ragione dei "
            "casi di non conformità elencati di seguito.</p>",
            "<p>This website is <b>partially compliant</b> with the requirements of annex A to "
            "the standard UNI CEI EN 301549 and with AgID's accessibility guidelines for "
            "information technology (WCAG 2.1, level AA), because of the cases of "
            "non-compliance listed below.</p>",
        )
    ),
    h2(T("Contenuti non accessibili", "Non-accessible content")),
    h3(T("Inosservanza della legge 4/2004", "Non-compliance with law 4/2004")),
    paragraph(
        T(
            "<ul>"
            "<li>Alcuni documenti PDF caricati dagli Spazi WeMi o dai fornitori (volantini, "
            "programmi dei corsi) potrebbero non essere documenti accessibili. Su richiesta, lo "
            "Spazio WeMi fornisce le stesse informazioni in un formato accessibile.</li>"
            "<li>La bacheca dal vivo dei laboratori, che mostra i bisogni raccolti in tempo "
            "reale durante un'assemblea, potrebbe non annunciare ogni aggiornamento con tutti i "
            "lettori di schermo. Gli stessi bisogni sono sempre consultabili nell'elenco del "
            "laboratorio.</li>"
            "<li>Le mappe che mostrano la posizione degli Spazi WeMi non sono pienamente "
            "utilizzabili da tastiera. Indirizzo, Municipio e orari di ciascuno Spazio sono "
            "sempre riportati come testo nella sua pagina.</li>"
            "</ul>",
            "<ul>"
            "<li>Some PDF documents uploaded by the Spazi WeMi or by providers (leaflets, "
            "course programmes) may not be accessible documents. On request, the Spazio WeMi "
            "gives the same information in an accessible format.</li>"
            "<li>The labs' live wall, which shows the needs collected during an assembly as "
            "they arrive, may not announce every update with every screen reader. The same "
            "needs can always be read in the lab's list.</li>"
            "<li>The maps that show where the Spazi WeMi are cannot be fully used with a "
            "keyboard. The address, Municipio and opening hours of each space are always "
            "given as text on its page.</li>"
            "</ul>",
        )
    ),
    h3(T("Onere sproporzionato", "Disproportionate burden")),
    paragraph(
        T(
            "<p>Non è stata invocata alcuna deroga per onere sproporzionato.</p>",
            "<p>No exemption for disproportionate burden has been invoked.</p>",
        )
    ),
    h3(T("Contenuti non soggetti alla normativa", "Content outside the scope of the law")),
    paragraph(
        T(
            "<p>Contenuti di terzi non finanziati, sviluppati o controllati dal Comune di "
            "Milano, come i documenti pubblicati dai fornitori accreditati sotto la propria "
            "responsabilità.</p>",
            "<p>Third-party content that the City of Milan neither funds, develops nor "
            "controls, such as the documents that accredited providers publish under their "
            "own responsibility.</p>",
        )
    ),
    h2(
        T(
            "Redazione della dichiarazione di accessibilità",
            "Preparation of this accessibility statement",
        )
    ),
    paragraph(
        T(
            "<p>La dichiarazione è stata redatta sulla base di un'autovalutazione effettuata "
            "direttamente dal soggetto erogatore: verifiche automatiche sulle pagine principali "
            "e verifiche manuali con la sola tastiera, con un lettore di schermo e con lo zoom "
            "del testo al 200%.</p>"
            "<p>Data di redazione e di ultimo riesame: <b>[da inserire alla "
            "pubblicazione]</b>. La dichiarazione è riesaminata almeno una volta l'anno e a "
            "ogni modifica rilevante del sito.</p>",
            "<p>This statement was prepared on the basis of a self-assessment carried out by "
            "the provider of the site: automatic checks of the main pages and manual checks "
            "with the keyboard alone, with a screen reader and with text zoomed to 200%.</p>"
            "<p>Date of preparation and of the last review: <b>[to be filled in on "
            "publication]</b>. The statement is reviewed at least once a year and whenever the "
            "site changes significantly.</p>",
        )
    ),
    h2(T("Meccanismo di feedback e recapiti", "Feedback and contacts")),
    paragraph(
        T(
            "<p>Chiunque può segnalare un contenuto non accessibile o chiedere informazioni e "
            "contenuti esclusi dall'ambito di applicazione della direttiva. Nella segnalazione "
            "indicate la pagina, il problema incontrato e, se possibile, il dispositivo e il "
            "programma usati.</p>"
            "<ul>"
            "<li>E-mail (recapito di esempio): "
            '<a href="mailto:accessibilita@wemi.example">accessibilita@wemi.example</a></li>'
            "<li>Di persona o per telefono presso il vostro Spazio WeMi.</li>"
            "</ul>"
            "<p>Il Comune di Milano risponde entro 30 giorni dalla ricezione della "
            "segnalazione.</p>",
            "<p>Anyone may report content that is not accessible, or ask for information and "
            "content outside the scope of the directive. In your report, say which page, what "
            "problem you met and, if you can, which device and software you used.</p>"
            "<ul>"
            "<li>E-mail (example address): "
            '<a href="mailto:accessibilita@wemi.example">accessibilita@wemi.example</a></li>'
            "<li>In person or by phone at your Spazio WeMi.</li>"
            "</ul>"
            "<p>The City of Milan answers within 30 days of receiving the report.</p>",
        )
    ),
    h2(T("Procedura di attuazione", "Enforcement procedure")),
    paragraph(
        T(
            "<p>In caso di risposta insoddisfacente o di mancata risposta entro trenta giorni "
            "dalla notifica o dalla richiesta, è possibile inoltrare una segnalazione al "
            "Difensore civico per il digitale, istituito ai sensi dell'articolo 17, comma "
            "1-quater, del Codice dell'amministrazione digitale (decreto legislativo 7 marzo "
            "2005, n. 82), tramite il modulo disponibile sul sito dell'"
            '<a href="https://www.agid.gov.it/">Agenzia per l\'Italia Digitale (AgID)</a>.</p>',
            "<p>If the answer is unsatisfactory, or there is no answer within thirty days of "
            "the report or request, you may report it to the Digital Ombudsman, established by "
            "article 17, paragraph 1-quater, of the Digital Administration Code (Legislative "
            "Decree no. 82 of 7 March 2005), with the form on the website of the "
            '<a href="https://www.agid.gov.it/">Agency for Digital Italy (AgID)</a>.</p>',
        )
    ),
]

# Only what the platform does today: no download of one's data or deletion of the account
# from the profile, no observatory or open data, no desk acting for residents (yet).
PRIVACY_BODY = [
    paragraph(
        T(
            "<p><b>Testo dimostrativo, da sostituire con l'informativa ufficiale del Comune di "
            "Milano.</b> Descrive in modo semplice quali dati tratta WeMi Community e perché; i "
            "recapiti indicati sono esempi (dominio .example).</p>",
            "<p><b>Demo text, to be replaced with the City of Milan's official notice.</b> It "
            "says simply which data WeMi Community processes and why; the contacts given are "
            "examples (.example domain).</p>",
        )
    ),
    paragraph(
        T(
            "<p>Questa informativa è resa ai sensi degli articoli 13 e 14 del Regolamento (UE) "
            "2016/679 (GDPR) a chi usa WeMi Community, la piattaforma di partecipazione degli "
            "Spazi WeMi.</p>",
            "<p>This notice is given under articles 13 and 14 of Regulation (EU) 2016/679 "
            "(GDPR) to whoever uses WeMi Community, the participation platform of the Spazi "
            "WeMi.</p>",
        )
    ),
    h2(T("Titolare del trattamento", "Data controller")),
    paragraph(
        T(
            "<p>Il titolare del trattamento è il <b>Comune di Milano</b>, Piazza della Scala 2, "
            "20121 Milano. Il Responsabile della protezione dei dati (RPD/DPO) è contattabile "
            "all'indirizzo di esempio "
            '<a href="mailto:dpo@wemi.example">dpo@wemi.example</a>.</p>',
            "<p>The data controller is the <b>City of Milan</b> (Comune di Milano), Piazza della "
            "Scala 2, 20121 Milan. The Data Protection Officer (DPO) can be reached at the "
            'example address <a href="mailto:dpo@wemi.example">dpo@wemi.example</a>.</p>',
        )
    ),
    h2(T("Dati trattati", "Data processed")),
    paragraph(
        T(
            "<ul>"
            "<li><b>Account</b>: indirizzo e-mail, password (conservata solo in forma cifrata "
            "irreversibile), nome visibile agli altri partecipanti, data di iscrizione e momento "
            "in cui avete accettato questa informativa.</li>"
            "<li><b>Profilo</b>: Municipio e quartiere (NIL), numero di persone del nucleo "
            "familiare, lingua preferita, preferenze per le notifiche; nome e cognome solo se "
            "li indicate.</li>"
            "<li><b>Profilo di volontario</b>, se lo create: competenze, lingue parlate, fascia "
            "d'età, disponibilità e Municipio.</li>"
            "<li><b>Partecipazione</b>: proposte, adesioni ai servizi condivisi, bisogni e "
            "valutazioni nei laboratori, iscrizioni a eventi e corsi e relative presenze, "
            "turni e ore di volontariato, commenti e segnalazioni.</li>"
            "<li><b>Dati tecnici</b>: registri di accesso e di sicurezza, registro delle "
            "attività; cookie tecnici necessari alla sessione, alla protezione dei moduli e "
            "alla scelta della lingua. Non usiamo cookie di profilazione.</li>"
            "</ul>",
            "<ul>"
            "<li><b>Account</b>: e-mail address, password (kept only in an irreversibly "
            "encrypted form), the name other participants see, the date you signed up and "
            "when you accepted this notice.</li>"
            "<li><b>Profile</b>: Municipio and neighbourhood (NIL), number of people in your "
            "household, preferred language, notification preferences; first and last name "
            "only if you give them.</li>"
            "<li><b>Volunteer profile</b>, if you create one: skills, languages spoken, age "
            "group, availability and Municipio.</li>"
            "<li><b>Participation</b>: proposals, memberships of shared services, needs and "
            "ratings in the labs, registrations for events and courses and attendance, "
            "volunteering shifts and hours, comments and reports.</li>"
            "<li><b>Technical data</b>: access and security logs, the activity log; technical "
            "cookies needed for the session, to protect forms and to remember your language. "
            "We use no profiling cookies.</li>"
            "</ul>",
        )
    ),
    h2(T("Finalità", "Purposes")),
    paragraph(
        T(
            "<ul>"
            "<li>Permettervi di proporre servizi condivisi, aderire, partecipare ai laboratori, "
            "iscrivervi a eventi, corsi e turni di volontariato.</li>"
            "<li>Consentire agli Spazi WeMi e ai fornitori accreditati di organizzare ed "
            "erogare i servizi e le attività, e agli operatori degli Spazi di registrare la "
            "vostra presenza a eventi, corsi e turni.</li>"
            "<li>Inviarvi le comunicazioni sul servizio secondo le preferenze che avete "
            "scelto.</li>"
            "<li>Rilasciare gli attestati che chiedete (frequenza di un corso, ore di "
            "volontariato) e permettere a chiunque di verificarne il codice.</li>"
            "<li>Garantire la sicurezza della piattaforma e prevenire abusi.</li>"
            "</ul>",
            "<ul>"
            "<li>To let you propose shared services, join them, take part in labs, and sign "
            "up for events, courses and volunteering shifts.</li>"
            "<li>To let the Spazi WeMi and the accredited providers organise and deliver "
            "services and activities, and the spaces' staff record your attendance at events, "
            "courses and shifts.</li>"
            "<li>To send you messages about the service as you chose in your preferences.</li>"
            "<li>To issue the certificates you ask for (attendance of a course, volunteering "
            "hours) and let anyone check their code.</li>"
            "<li>To keep the platform secure and prevent abuse.</li>"
            "</ul>",
        )
    ),
    h2(T("Base giuridica", "Legal basis")),
    paragraph(
        T(
            "<p>Il trattamento è necessario per l'esecuzione di un compito di interesse "
            "pubblico connesso ai servizi sociali del Comune (art. 6, par. 1, lett. e, GDPR). "
            "Quali comunicazioni ricevere per e-mail lo scegliete voi, e potete cambiarlo in "
            "ogni momento nelle impostazioni delle notifiche.</p>",
            "<p>Processing is necessary for a task carried out in the public interest, linked "
            "to the City's social services (art. 6(1)(e) GDPR). You choose which messages you "
            "receive by e-mail, and can change it at any time in your notification "
            "settings.</p>",
        )
    ),
    h2(T("Conservazione", "Retention")),
    paragraph(
        T(
            "<p>I dati dell'account e del profilo sono conservati finché l'account è attivo. Se "
            "chiedete di cancellare l'account, i dati personali sono eliminati o resi anonimi; "
            "i contributi pubblici restano senza il vostro nome. I registri di sicurezza sono "
            "conservati per un periodo limitato, di norma non oltre 12 mesi.</p>",
            "<p>Account and profile data are kept while the account is active. If you ask for "
            "your account to be deleted, personal data are deleted or made anonymous; public "
            "contributions stay without your name. Security logs are kept for a limited "
            "period, normally no longer than 12 months.</p>",
        )
    ),
    h2(T("Diritti", "Your rights")),
    paragraph(
        T(
            "<p>Potete chiedere in ogni momento l'accesso ai vostri dati, la rettifica, la "
            "cancellazione, la limitazione del trattamento, la portabilità e opporvi al "
            "trattamento (articoli 15-22 del GDPR). Molti dati li correggete da soli nel vostro "
            "profilo; per tutto il resto, compresa una copia dei vostri dati o la cancellazione "
            "dell'account, scrivete all'indirizzo indicato qui sotto. Avete inoltre il diritto "
            "di proporre reclamo al Garante per la protezione dei dati personali "
            '(<a href="https://www.garanteprivacy.it/">www.garanteprivacy.it</a>).</p>',
            "<p>You may at any time ask for access to your data, rectification, erasure, "
            "restriction of processing and portability, and object to processing (articles "
            "15-22 GDPR). You can correct much of it yourself in your profile; for everything "
            "else, including a copy of your data or the deletion of your account, write to the "
            "address below. You also have the right to lodge a complaint with the Italian data "
            "protection authority, the Garante per la protezione dei dati personali "
            '(<a href="https://www.garanteprivacy.it/">www.garanteprivacy.it</a>).</p>',
        )
    ),
    h2(T("Contatti", "Contacts")),
    paragraph(
        T(
            "<p>Per esercitare i vostri diritti o per domande su questa informativa scrivete "
            'all\'indirizzo di esempio <a href="mailto:privacy@wemi.example">'
            "privacy@wemi.example</a>, oppure rivolgetevi al vostro Spazio WeMi.</p>",
            "<p>To exercise your rights, or with questions about this notice, write to the "
            'example address <a href="mailto:privacy@wemi.example">privacy@wemi.example</a>, '
            "or ask at your Spazio WeMi.</p>",
        )
    ),
]

ABOUT_BODY = [
    paragraph(
        T(
            "<p><b>Testo di esempio</b>, da rivedere con il Comune di Milano prima della "
            "pubblicazione.</p>",
            "<p><b>Sample text</b>, to be reviewed with the City of Milan before publication.</p>",
        )
    ),
    paragraph(
        T(
            "<p><b>WeMi</b> è il sistema di welfare del Comune di Milano che dal 2016 porta a "
            "tutti i residenti, qualunque sia il loro reddito, i servizi per la casa, la "
            "famiglia e la cura offerti da enti del terzo settore accreditati: gratuiti, con "
            "una compartecipazione o a pagamento.</p>",
            "<p><b>WeMi</b> is the City of Milan's welfare system that since 2016 has brought "
            "to every resident, whatever their income, the services for home, family and care "
            "offered by accredited third-sector organisations: free, with a co-payment or "
            "paid.</p>",
        )
    ),
    h2(T("Gli Spazi WeMi", "The Spazi WeMi")),
    paragraph(
        T(
            "<p>Gli Spazi WeMi sono luoghi di quartiere, almeno uno in ogni Municipio, ospitati "
            "da biblioteche, cascine, cooperative e associazioni. Qui operatrici e operatori "
            "ascoltano i bisogni dei residenti, aiutano a trovare le risposte e mettono in "
            "contatto chi ha bisogni simili.</p>",
            "<p>The Spazi WeMi are neighbourhood places, at least one in every Municipio, "
            "hosted by libraries, farmhouses, cooperatives and associations. There, staff "
            "listen to residents' needs, help them find answers and put people with similar "
            "needs in touch.</p>",
        )
    ),
    h2(T("I servizi condivisi", "Shared services")),
    paragraph(
        T(
            "<p>Quando molte famiglie hanno lo stesso bisogno, un servizio può essere "
            "condiviso: una baby sitter per i bambini di più famiglie di una scuola, "
            "un'assistente familiare per gli anziani di un condominio, un laboratorio pagato da "
            "trenta famiglie con una piccola quota ciascuna. Più famiglie aderiscono, meno paga "
            "ciascuna.</p>",
            "<p>When many families have the same need, a service can be shared: one "
            "babysitter for the children of several families of a school, one family "
            "assistant for the elderly residents of a building, a lab paid for by thirty "
            "families with a small share each. The more families join, the less each one "
            "pays.</p>",
        )
    ),
    h2(T("WeMi Community", "WeMi Community")),
    paragraph(
        T(
            "<p>WeMi Community è la piattaforma di partecipazione degli Spazi WeMi: qui i "
            "residenti propongono e condividono servizi, gli amministratori di condominio e i "
            "gruppi di genitori conducono laboratori di ascolto-azione, gli Spazi pubblicano "
            "le loro attività e i volontari offrono il loro tempo.</p>",
            "<p>WeMi Community is the participation platform of the Spazi WeMi: here residents "
            "propose and share services, condominium administrators and parent groups run "
            "listening-action labs, the spaces publish their activities and volunteers give "
            "their time.</p>",
        )
    ),
]

DEMO_PAGES = (
    {
        "slug": "chi-siamo",
        "title": T("Chi siamo", "About us"),
        "search_description": T(
            "Che cos'è WeMi, che cosa sono gli Spazi WeMi e a che cosa serve WeMi Community.",
            "What WeMi is, what the Spazi WeMi are and what WeMi Community is for.",
        ),
        "body": ABOUT_BODY,
    },
    {
        "slug": "dichiarazione-di-accessibilita",
        "title": T("Dichiarazione di accessibilità", "Accessibility statement"),
        "search_description": T(
            "Dichiarazione di accessibilità di WeMi Community ai sensi della legge 4/2004.",
            "WeMi Community's accessibility statement under Italian law 4/2004.",
        ),
        "body": ACCESSIBILITY_BODY,
    },
    {
        "slug": "privacy",
        "title": T("Informativa sulla privacy", "Privacy notice"),
        "search_description": T(
            "Come WeMi Community tratta i dati personali di chi la usa.",
            "How WeMi Community processes the personal data of the people who use it.",
        ),
        "body": PRIVACY_BODY,
    },
)
