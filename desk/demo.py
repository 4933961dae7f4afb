"""The demo's desk at WeMi San Gottardo: residents registered there without e-mail (their
consent signed on paper), one who has not signed yet. The parts of the desk that hold
more (call list, contacts log, appointments) add their own demo in ``demo_*.py``."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from spaces_pages.demo import DEMO_STAFF_SPACE, demo_space
from wemi_community.accounts.demo import demo_email
from wemi_community.catalogue.models import Nil

from . import residents
from .demo_appointments import seed_appointments
from .demo_calls import seed_calls
from .demo_contacts import seed_contacts
from .demo_labs import seed_lab_needs
from .models import DeskResident

User = get_user_model()

# (first name, last name, phone, codice fiscale, birth date, NIL name, household, consent)
DEMO_RESIDENTS = [
    ("Giuseppina", "Ferri", "02 8844 1203", "FRRGPP48M52F205A", "1948-08-12", "Ticinese", 1, True),
    ("Mario", "Colombo", "333 412 8890", "", "1951-03-04", "Navigli", 2, True),
    ("Amina", "Diallo", "+33 6 12 34 56 78", "", "1989-11-23", "Stadera", 4, False),
]


def seed(*, size: int = 1, stdout=None):
    space = demo_space(DEMO_STAFF_SPACE)
    operator = User.objects.filter(email=demo_email("sportello")).first()
    if space is None or operator is None:
        return []
    for first, last, phone, code, birth, nil_name, household, consent in DEMO_RESIDENTS:
        if DeskResident.objects.filter(
            user__first_name=first, user__last_name=last, space=space
        ).exists():
            continue
        nil = Nil.objects.filter(name=nil_name).select_related("municipio").first()
        resident = residents.resident_register(
            actor=operator,
            space=space,
            data={
                "first_name": first,
                "last_name": last,
                "phone": phone,
                "email": "",
                "fiscal_code": code,
                "birth_date": datetime.date.fromisoformat(birth),
                "municipio": nil.municipio if nil else None,
                "nil": nil,
                "household_size": household,
                "language": "it",
            },
        )
        if consent:
            residents.consent_record(actor=operator, resident=resident)
        if stdout is not None:
            stdout.write(f"Desk resident: {resident.user.display_name} ({space.title}).\n")
    seed_calls(space)
    seed_contacts(space, operator)
    seed_lab_needs(space, operator)
    seed_appointments(space, stdout=stdout)
    return []
