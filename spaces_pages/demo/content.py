"""Demo texts of the content pages: about WeMi, the accessibility statement (the sections of
AgID's model) and the privacy notice. Italian, like all the CMS content."""


def h2(text: str) -> dict:
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def h3(text: str) -> dict:
    return {"type": "heading", "value": {"text": text, "level": "h3"}}


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


DEMO_NOTICE = (
    "<p><b>Testo dimostrativo.</b> I recapiti indicati sono esempi (dominio .example) e vanno "
    "sostituiti con quelli ufficiali del Comune di Milano prima della pubblicazione.</p>"
)

ACCESSIBILITY_BODY = [
    paragraph(DEMO_NOTICE),
    paragraph(
        "<p>Il Comune di Milano si impegna a rendere accessibili i propri siti web e le proprie "
        "applicazioni conformemente al decreto legislativo 10 agosto 2004, n. 4 (Legge Stanca), "
        "che recepisce la direttiva (UE) 2016/2102 del Parlamento europeo e del Consiglio.</p>"
        "<p>La presente dichiarazione di accessibilità si applica a <b>WeMi Community</b>, la "
        "piattaforma di partecipazione degli Spazi WeMi: proposte di servizi condivisi, "
        "laboratori di ascolto-azione, eventi e corsi, volontariato.</p>"
    ),
    h2("Stato di conformità"),
    paragraph(
        "<p>Questo sito web è <b>parzialmente conforme</b> ai requisiti previsti dall'allegato A "
        "alla norma UNI CEI EN 301549 e alle Linee guida sull'accessibilità degli strumenti "
        "informatici emanate da AgID (WCAG 2.1, livello AA), in ragione dei casi di non "
        "conformità elencati di seguito.</p>"
    ),
    h2("Contenuti non accessibili"),
    h3("Inosservanza della legge 4/2004"),
    paragraph(
        "<ul>"
        "<li>Alcuni documenti PDF caricati dagli Spazi WeMi o dai fornitori (volantini, "
        "programmi dei corsi) potrebbero non essere documenti accessibili. Su richiesta, lo "
        "Spazio WeMi fornisce le stesse informazioni in un formato accessibile.</li>"
        "<li>La bacheca dal vivo dei laboratori, che mostra i bisogni raccolti in tempo reale "
        "durante un'assemblea, potrebbe non annunciare ogni aggiornamento con tutti i lettori di "
        "schermo. Gli stessi bisogni sono sempre consultabili nell'elenco del laboratorio.</li>"
        "<li>Le mappe che mostrano la posizione degli Spazi WeMi non sono pienamente utilizzabili "
        "da tastiera. Indirizzo, Municipio e orari di ciascuno Spazio sono sempre riportati "
        "come testo nella sua pagina.</li>"
        "</ul>"
    ),
    h3("Onere sproporzionato"),
    paragraph("<p>Non è stata invocata alcuna deroga per onere sproporzionato.</p>"),
    h3("Contenuti non soggetti alla normativa"),
    paragraph(
        "<p>Contenuti di terzi non finanziati, sviluppati o controllati dal Comune di Milano, "
        "come i documenti pubblicati dai fornitori accreditati sotto la propria "
        "responsabilità.</p>"
    ),
    h2("Redazione della dichiarazione di accessibilità"),
    paragraph(
        "<p>La dichiarazione è stata redatta sulla base di un'autovalutazione effettuata "
        "direttamente dal soggetto erogatore: verifiche automatiche sulle pagine principali e "
        "verifiche manuali con la sola tastiera, con un lettore di schermo e con lo zoom del "
        "testo al 200%.</p>"
        "<p>Data di redazione e di ultimo riesame: <b>[da inserire alla pubblicazione]</b>. La "
        "dichiarazione è riesaminata almeno una volta l'anno e a ogni modifica rilevante del "
        "sito.</p>"
    ),
    h2("Meccanismo di feedback e recapiti"),
    paragraph(
        "<p>Chiunque può segnalare un contenuto non accessibile o chiedere informazioni e "
        "contenuti esclusi dall'ambito di applicazione della direttiva. Nella segnalazione "
        "indicate la pagina, il problema incontrato e, se possibile, il dispositivo e il "
        "programma usati.</p>"
        "<ul>"
        "<li>E-mail (recapito di esempio): "
        '<a href="mailto:accessibilita@wemi.example">accessibilita@wemi.example</a></li>'
        "<li>Di persona o per telefono presso il vostro Spazio WeMi.</li>"
        "</ul>"
        "<p>Il Comune di Milano risponde entro 30 giorni dalla ricezione della segnalazione.</p>"
    ),
    h2("Procedura di attuazione"),
    paragraph(
        "<p>In caso di risposta insoddisfacente o di mancata risposta entro trenta giorni dalla "
        "notifica o dalla richiesta, è possibile inoltrare una segnalazione al Difensore civico "
        "per il digitale, istituito ai sensi dell'articolo 17, comma 1-quater, del Codice "
        "dell'amministrazione digitale (decreto legislativo 7 marzo 2005, n. 82), tramite il "
        'modulo disponibile sul sito dell\'<a href="https://www.agid.gov.it/">Agenzia per '
        "l'Italia Digitale (AgID)</a>.</p>"
    ),
]

PRIVACY_BODY = [
    paragraph(
        "<p><b>Testo dimostrativo, da sostituire con l'informativa ufficiale del Comune di "
        "Milano.</b> Descrive in modo semplice quali dati tratta WeMi Community e perché; i "
        "recapiti indicati sono esempi (dominio .example).</p>"
    ),
    paragraph(
        "<p>Questa informativa è resa ai sensi degli articoli 13 e 14 del Regolamento (UE) "
        "2016/679 (GDPR) a chi usa WeMi Community, la piattaforma di partecipazione degli Spazi "
        "WeMi.</p>"
    ),
    h2("Titolare del trattamento"),
    paragraph(
        "<p>Il titolare del trattamento è il <b>Comune di Milano</b>, Piazza della Scala 2, "
        "20121 Milano. Il Responsabile della protezione dei dati (RPD/DPO) è contattabile "
        "all'indirizzo di esempio "
        '<a href="mailto:dpo@wemi.example">dpo@wemi.example</a>.</p>'
    ),
    h2("Dati trattati"),
    paragraph(
        "<ul>"
        "<li><b>Account</b>: indirizzo e-mail, password (conservata solo in forma cifrata "
        "irreversibile), nome visibile agli altri partecipanti, data di iscrizione.</li>"
        "<li><b>Profilo</b>: Municipio e quartiere (NIL), numero di persone del nucleo "
        "familiare, lingua preferita, preferenze per le notifiche; nome e cognome solo se li "
        "indicate.</li>"
        "<li><b>Partecipazione</b>: proposte, adesioni ai servizi condivisi, bisogni e "
        "valutazioni nei laboratori, iscrizioni a eventi e corsi e relative presenze, turni e "
        "ore di volontariato, commenti e segnalazioni.</li>"
        "<li><b>Dati tecnici</b>: registri di accesso e di sicurezza; cookie tecnici "
        "necessari alla sessione, alla protezione dei moduli e alla scelta della lingua. Non "
        "usiamo cookie di profilazione.</li>"
        "</ul>"
    ),
    h2("Finalità"),
    paragraph(
        "<ul>"
        "<li>Permettervi di proporre servizi condivisi, aderire, partecipare ai laboratori, "
        "iscrivervi a eventi, corsi e turni di volontariato.</li>"
        "<li>Consentire agli Spazi WeMi e ai fornitori accreditati di organizzare ed erogare i "
        "servizi, e agli operatori di sportello di assistervi su vostra richiesta.</li>"
        "<li>Inviarvi le comunicazioni sul servizio secondo le preferenze che avete scelto.</li>"
        "<li>Produrre statistiche aggregate e anonime sui bisogni e sui servizi (osservatorio e "
        "dati aperti).</li>"
        "<li>Garantire la sicurezza della piattaforma e prevenire abusi.</li>"
        "</ul>"
    ),
    h2("Base giuridica"),
    paragraph(
        "<p>Il trattamento è necessario per l'esecuzione di un compito di interesse pubblico "
        "connesso ai servizi sociali del Comune (art. 6, par. 1, lett. e, GDPR). Per i "
        "trattamenti facoltativi, come le comunicazioni non necessarie al servizio, la base "
        "giuridica è il vostro consenso, che potete revocare in ogni momento dal profilo.</p>"
    ),
    h2("Conservazione"),
    paragraph(
        "<p>I dati dell'account e del profilo sono conservati finché l'account è attivo. Se "
        "cancellate l'account, i dati personali sono eliminati o resi anonimi; i contributi "
        "pubblici restano senza il vostro nome. I registri di sicurezza sono conservati per un "
        "periodo limitato, di norma non oltre 12 mesi.</p>"
    ),
    h2("Diritti"),
    paragraph(
        "<p>Potete chiedere in ogni momento l'accesso ai vostri dati, la rettifica, la "
        "cancellazione, la limitazione del trattamento, la portabilità e opporvi al "
        "trattamento (articoli 15-22 del GDPR). Dal vostro profilo potete scaricare i vostri "
        "dati e cancellare l'account. Avete inoltre il diritto di proporre reclamo al Garante "
        'per la protezione dei dati personali (<a href="https://www.garanteprivacy.it/">'
        "www.garanteprivacy.it</a>).</p>"
    ),
    h2("Contatti"),
    paragraph(
        "<p>Per esercitare i vostri diritti o per domande su questa informativa scrivete "
        'all\'indirizzo di esempio <a href="mailto:privacy@wemi.example">'
        "privacy@wemi.example</a>, oppure rivolgetevi al vostro Spazio WeMi.</p>"
    ),
]

ABOUT_BODY = [
    paragraph(
        "<p><b>Testo di esempio</b>, da rivedere con il Comune di Milano prima della "
        "pubblicazione.</p>"
    ),
    paragraph(
        "<p><b>WeMi</b> è il sistema di welfare del Comune di Milano che dal 2016 porta a tutti "
        "i residenti, qualunque sia il loro reddito, i servizi per la casa, la famiglia e la "
        "cura offerti da enti del terzo settore accreditati: gratuiti, con una compartecipazione "
        "o a pagamento.</p>"
    ),
    h2("Gli Spazi WeMi"),
    paragraph(
        "<p>Gli Spazi WeMi sono luoghi di quartiere, almeno uno in ogni Municipio, ospitati da "
        "biblioteche, cascine, cooperative e associazioni. Qui operatrici e operatori ascoltano "
        "i bisogni dei residenti, aiutano a trovare le risposte e mettono in contatto chi ha "
        "bisogni simili.</p>"
    ),
    h2("I servizi condivisi"),
    paragraph(
        "<p>Quando molte famiglie hanno lo stesso bisogno, un servizio può essere condiviso: "
        "una baby sitter per i bambini di più famiglie di una scuola, un'assistente familiare "
        "per gli anziani di un condominio, un laboratorio pagato da trenta famiglie con una "
        "piccola quota ciascuna. Più famiglie aderiscono, meno paga ciascuna.</p>"
    ),
    h2("WeMi Community"),
    paragraph(
        "<p>WeMi Community è la piattaforma di partecipazione degli Spazi WeMi: qui i residenti "
        "propongono e condividono servizi, gli amministratori di condominio e i gruppi di "
        "genitori conducono laboratori di ascolto-azione, gli Spazi pubblicano le loro "
        "attività e i volontari offrono il loro tempo.</p>"
    ),
]

DEMO_PAGES = (
    {
        "slug": "chi-siamo",
        "title": "Chi siamo",
        "search_description": (
            "Che cos'è WeMi, che cosa sono gli Spazi WeMi e a che cosa serve WeMi Community."
        ),
        "body": ABOUT_BODY,
    },
    {
        "slug": "dichiarazione-di-accessibilita",
        "title": "Dichiarazione di accessibilità",
        "search_description": (
            "Dichiarazione di accessibilità di WeMi Community ai sensi della legge 4/2004."
        ),
        "body": ACCESSIBILITY_BODY,
    },
    {
        "slug": "privacy",
        "title": "Informativa sulla privacy",
        "search_description": "Come WeMi Community tratta i dati personali di chi la usa.",
        "body": PRIVACY_BODY,
    },
)
