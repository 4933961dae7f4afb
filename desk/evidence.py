"""What the desk tells the observatory: each contact logged (anonymous ones too), counted
where the row places it, with its minutes and its first topic in the catalogue's order; each
appointment booked. Called by the services inside their transactions; ``backfill`` for the
rows already there (``apps.DeskConfig.evidence_backfill``).

A contact deleted soon after by who logged it was a slip, and its fact goes with it; an
appointment cancelled later keeps its fact: it was asked for."""

from __future__ import annotations

from wemi_community.evidence.kinds import FactKind
from wemi_community.evidence.services import fact_backfill, fact_record, fact_withdraw

from .models import Appointment, DeskContact


def _contact_source(contact: DeskContact) -> str:
    return f"desk.deskcontact:{contact.pk}"


def _contact(contact: DeskContact, topic_ids: list[int]) -> dict:
    return {
        "kind": FactKind.DESK_CONTACT,
        "source": _contact_source(contact),
        "when": contact.happened_at,
        "person": contact.person,
        "space": contact.space,
        "municipio": contact.municipio_id,
        "nil": contact.nil_id,
        "category": min(topic_ids) if topic_ids else None,
        "quantity": contact.minutes,
    }


def _appointment(appointment: Appointment, space) -> dict:
    return {
        "kind": FactKind.APPOINTMENT,
        "source": f"desk.appointment:{appointment.pk}",
        "when": appointment.created_at,
        "person": appointment.person,
        "space": space,
    }


def contact_logged(contact: DeskContact, topic_ids: list[int]) -> None:
    fact_record(**_contact(contact, topic_ids))


def contact_deleted(contact: DeskContact) -> None:
    fact_withdraw(kind=FactKind.DESK_CONTACT, source=_contact_source(contact))


def appointment_booked(appointment: Appointment, space) -> None:
    fact_record(**_appointment(appointment, space))


def backfill(*, refresh: bool = False) -> int:
    written = 0
    contacts = DeskContact.objects.select_related("person", "space").prefetch_related("topics")
    for contact in contacts.order_by("pk").iterator(chunk_size=2000):
        topic_ids = [topic.pk for topic in contact.topics.all()]
        written += fact_backfill(refresh=refresh, **_contact(contact, topic_ids))
    appointments = Appointment.objects.select_related("person", "slot__point__space")
    for appointment in appointments.order_by("pk").iterator():
        space = appointment.slot.point.space
        written += fact_backfill(refresh=refresh, **_appointment(appointment, space))
    return written
