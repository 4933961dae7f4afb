"""The demo's contacts log: about fifteen visits, calls and e-mails to a desk over the last
weeks, each a believable case. Deterministic: the same rows, relative to now, each run;
a desk that already has contacts gets none (seeding twice adds nothing)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from wemi_community.catalogue.models import Nil, ServiceCategory
from wemi_community.core.milan import ROME, in_rome

from . import contacts
from .models import DeskContact, DeskResident

C, OUT = DeskContact.Channel, DeskContact.Outcome

# (days ago, time, channel, services, NIL name, the desk's n-th resident, outcome, minutes);
# no NIL and no resident: an anonymous contact.
# fmt: off
DEMO_CONTACTS = [
    (1, "10:15", C.VISIT, ["Baby sitter"], "Ticinese", 0, OUT.ORIENTED, 20),
    (2, "09:40", C.PHONE, ["Badante"], "Navigli", 1, OUT.INFORMATION, 10),
    (3, "16:05", C.EMAIL, ["Supporto allo studio"], "Stadera", None, OUT.INFORMATION, 5),
    (4, "11:30", C.VISIT, ["Baby sitter condivisa", "Campi estivi"], "Ticinese", None,
     OUT.JOINED, 25),
    (6, "15:00", C.VISIT, ["Assistenza personale"], None, None, OUT.SOCIAL_SERVICES, 40),
    (7, "10:00", C.PHONE, ["Fabbro", "Tapparellista"], "Navigli", None, OUT.ORIENTED, 8),
    (8, "17:45", C.VISIT, ["Acquisto e consegna spesa e farmaci"], "Ticinese", 0,
     OUT.DIGITAL_HELP, 30),
    (10, "09:20", C.PHONE, ["Consulenza pedagogica"], "Stadera", None, OUT.INFORMATION, 12),
    (11, "12:10", C.EMAIL, ["Educazione finanziaria"], "Navigli", None, OUT.REGISTERED, 6),
    (13, "10:50", C.VISIT, ["Mediazione culturale"], "Stadera", 2, OUT.INFORMATION, 15),
    (14, "16:30", C.PHONE, ["Colf", "Pasti a domicilio"], None, None, OUT.INFORMATION, 10),
    (17, "11:00", C.VISIT, ["Laboratorio di psicomotricità"], "Ticinese", None, OUT.JOINED, 20),
    (20, "15:15", C.VISIT, ["Badante di condominio"], "Navigli", None, OUT.ORIENTED, 35),
    (24, "10:05", C.EMAIL, ["Pet sitter"], "Ticinese", None, OUT.INFORMATION, 4),
    (27, "09:30", C.VISIT, ["Assistenza notturna in emergenza"], "Stadera", None,
     OUT.SOCIAL_SERVICES, 45),
]
# fmt: on
NOTES = {
    4: "Si unisce alla proposta di baby sitter condivisa.",
    8: "Aiutata ad attivare lo SPID.",
}


def _services(names: list[str]) -> list[ServiceCategory]:
    found = list(ServiceCategory.objects.filter(level=ServiceCategory.Level.LEVEL2, name__in=names))
    # A name the catalogue does not have (it changed): any service rather than no topic.
    return found or list(ServiceCategory.objects.filter(level=ServiceCategory.Level.LEVEL2)[:1])


def seed_contacts(space, operator) -> list[DeskContact]:
    """Logs the demo's contacts at ``space``'s desk as ``operator`` (through the service, so
    the audit trail has them too)."""
    if DeskContact.objects.filter(space=space).exists():
        return []
    residents = list(DeskResident.objects.filter(space=space).select_related("user").order_by("pk"))
    today = timezone.now().astimezone(ROME).date()
    made = []
    for days, moment, channel, names, nil_name, resident, outcome, minutes in DEMO_CONTACTS:
        person = None
        if resident is not None and resident < len(residents):
            person = residents[resident].user
        nil = Nil.objects.filter(name=nil_name).select_related("municipio").first()
        # The place of a named person comes from their desk record, as at the desk.
        place = {} if person else {"municipio": nil.municipio if nil else None, "nil": nil}
        made.append(
            contacts.contact_log(
                actor=operator,
                space=space,
                data={
                    "happened_at": in_rome(
                        today - datetime.timedelta(days=days),
                        datetime.time.fromisoformat(moment),
                    ),
                    "channel": channel,
                    "topics": _services(names),
                    "person": person,
                    "anonymous": person is None and nil is None,
                    "outcome": outcome,
                    "minutes": minutes,
                    "note": NOTES.get(days, ""),
                    **place,
                },
            )
        )
    return made
