"""The desk's contacts log: logging a visit, call or e-mail (and deleting it soon after, by
who logged it), the log of a desk over a period and its totals, counted by the database."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wemi_community.catalogue.models import ServiceCategory
from wemi_community.core.audit import audit_log
from wemi_community.core.errors import StateConflict
from wemi_community.core.milan import ROME, in_rome

from . import evidence, kinds, permissions
from .models import DeskContact
from .models.contacts import MINUTES_MAX, MINUTES_MIN

# Who logged a contact may take it back for this long (a slip of the hand); later the row
# belongs to the observatory's counts.
DELETE_WITHIN = datetime.timedelta(hours=24)
NOTE_MAX = 300


def _facts(contact: DeskContact, topic_ids: list[int]) -> dict:
    return {
        "space": contact.space_id,
        "happened_at": contact.happened_at.isoformat(),
        "channel": contact.channel,
        "topics": sorted(topic_ids),
        "municipio": contact.municipio_id,
        "nil": contact.nil_id,
        "person": contact.person_id,
        "anonymous": contact.anonymous,
        "outcome": contact.outcome,
        "minutes": contact.minutes,
    }


def _when(data: dict) -> datetime.datetime:
    """``happened_at``, or a ``day`` and a ``time`` in Milan as the form gives them; now when
    neither is given."""
    moment = data.get("happened_at")
    if moment is not None:
        return moment
    day, hour = data.get("day"), data.get("time")
    if day is None:
        return timezone.now()
    return in_rome(day, hour or datetime.time(0, 0))


def place_of(person) -> tuple:
    """Where the person lives now: their account's Municipio and NIL (where the desk records
    them too, for a resident registered there)."""
    if person is None or person.municipio_id is None:
        return None, None
    return person.municipio, person.nil


def _clean(data: dict) -> dict:
    errors: dict[str, ValidationError] = {}
    cleaned = {
        "happened_at": _when(data),
        "channel": data.get("channel") or "",
        "outcome": data.get("outcome") or "",
        "topics": list(data.get("topics") or []),
        "municipio": data.get("municipio"),
        "nil": data.get("nil"),
        "person": data.get("person"),
        "anonymous": bool(data.get("anonymous")),
        "minutes": data.get("minutes"),
        "note": (data.get("note") or "").strip(),
    }
    if cleaned["happened_at"] > timezone.now():
        errors["happened_at"] = ValidationError(_("The contact cannot be in the future."))
    if cleaned["channel"] not in DeskContact.Channel.values:
        errors["channel"] = ValidationError(_("Choose how the person reached the desk."))
    if cleaned["outcome"] not in DeskContact.Outcome.values:
        errors["outcome"] = ValidationError(_("Choose how the contact ended."))
    if not cleaned["topics"]:
        errors["topics"] = ValidationError(_("Choose at least one topic."))
    minutes = cleaned["minutes"]
    if minutes is None or not MINUTES_MIN <= minutes <= MINUTES_MAX:
        errors["minutes"] = ValidationError(
            _("The minutes spent go from %(min)s to %(max)s."),
            params={"min": MINUTES_MIN, "max": MINUTES_MAX},
        )
    if len(cleaned["note"]) > NOTE_MAX:
        errors["note"] = ValidationError(
            _("The note is at most %(max)s characters."), params={"max": NOTE_MAX}
        )
    person, anonymous = cleaned["person"], cleaned["anonymous"]
    if anonymous and person is not None:
        errors["anonymous"] = ValidationError(
            _("An anonymous contact names no person: untick “anonymous” or remove the person.")
        )
    municipio, nil = cleaned["municipio"], cleaned["nil"]
    if municipio is None and nil is None and person is not None:
        municipio, nil = place_of(person)
    if nil is not None and municipio is not None and nil.municipio_id != municipio.pk:
        errors["nil"] = ValidationError(
            _("This neighbourhood is in Municipio %(number)s."),
            params={"number": nil.municipio.number},
        )
    if nil is not None and municipio is None:
        municipio = nil.municipio
    if municipio is None and not anonymous:
        errors["municipio"] = ValidationError(
            _("Choose the person's Municipio, or tick “anonymous”.")
        )
    cleaned["municipio"], cleaned["nil"] = municipio, nil
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def contact_log(*, actor, space, data: dict) -> DeskContact:
    """Logs one contact at ``space``'s desk. ``data``: ``channel``, ``outcome``, ``topics``
    (service categories), ``minutes``, optionally ``happened_at`` (or ``day`` and ``time``
    in Milan; now by default), ``municipio``, ``nil``, ``person``, ``anonymous``, ``note``.
    Without a place, the person's is taken, and kept on the row as it is today."""
    if not permissions.works_at_desk(actor, space):
        raise PermissionDenied
    cleaned = _clean(data)
    topics = cleaned.pop("topics")
    contact = DeskContact.objects.create(space=space, operator=actor, **cleaned)
    contact.topics.set(topics)
    topic_ids = [topic.pk for topic in topics]
    evidence.contact_logged(contact, topic_ids)
    audit_log(
        actor=actor,
        action=kinds.DESK_CONTACT_LOGGED,
        target=contact,
        data=_facts(contact, topic_ids),
    )
    return contact


def can_delete(actor, contact: DeskContact, now: datetime.datetime | None = None) -> bool:
    """Who logged the contact, within a day (whether they still work at the desk is asked
    once by the caller, for a whole page of rows)."""
    return (
        contact.operator_id is not None
        and contact.operator_id == getattr(actor, "pk", None)
        and (now or timezone.now()) - contact.created_at < DELETE_WITHIN
    )


@transaction.atomic
def contact_delete(*, actor, contact: DeskContact) -> None:
    """Who logged a contact takes it back, within a day of logging it."""
    contact = DeskContact.objects.select_for_update().select_related("space").get(pk=contact.pk)
    if contact.operator_id != getattr(actor, "pk", None) or not permissions.works_at_desk(
        actor, contact.space
    ):
        raise PermissionDenied
    if not can_delete(actor, contact):
        raise StateConflict(_("A contact can be deleted only within a day of logging it."))
    facts = _facts(contact, list(contact.topics.values_list("pk", flat=True)))
    audit_log(
        actor=actor,
        action=kinds.DESK_CONTACT_DELETED,
        target=contact,
        data=facts,
    )
    evidence.contact_deleted(contact)
    contact.delete()


# Selectors ---------------------------------------------------------------------------


def month_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of ``day``'s month."""
    first = day.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def contacts_for(space, start: datetime.date, end: datetime.date):
    """The desk's contacts from ``start`` to ``end`` (both included, days in Milan), newest
    first, with what the log shows."""
    return (
        DeskContact.objects.filter(
            space=space,
            happened_at__gte=in_rome(start, datetime.time(0, 0)),
            happened_at__lt=in_rome(end + datetime.timedelta(days=1), datetime.time(0, 0)),
        )
        .select_related("operator", "person", "municipio", "nil")
        .prefetch_related("topics")
        .order_by("-happened_at", "-pk")
    )


def _grouped(contacts, *fields: str) -> list[dict]:
    return list(
        contacts.order_by()
        .values(*fields)
        .annotate(count=Count("pk", distinct=True), minutes=Sum("minutes"))
        .order_by("-count", *fields)
    )


def totals(contacts) -> dict:
    """The period's numbers: how many contacts and minutes, and how many by channel, by
    outcome, by topic and by Municipio and NIL, each counted by the database."""
    contacts = contacts.order_by()
    overall = contacts.aggregate(count=Count("pk"), minutes=Sum("minutes"))
    channels = dict(DeskContact.Channel.choices)
    outcomes = dict(DeskContact.Outcome.choices)
    by_channel = [
        {**row, "label": channels.get(row["channel"], row["channel"])}
        for row in _grouped(contacts, "channel")
    ]
    by_outcome = [
        {**row, "label": outcomes.get(row["outcome"], row["outcome"])}
        for row in _grouped(contacts, "outcome")
    ]
    topic_rows = (
        DeskContact.topics.through.objects.filter(deskcontact__in=contacts.values("pk"))
        .values("servicecategory_id")
        .annotate(count=Count("deskcontact_id"))
        .order_by("-count", "servicecategory_id")
    )
    topic_rows = list(topic_rows)
    names = {
        category.pk: str(category)
        for category in ServiceCategory.objects.filter(
            pk__in=[row["servicecategory_id"] for row in topic_rows]
        )
    }
    by_topic = [
        {
            "topic": row["servicecategory_id"],
            "label": names.get(row["servicecategory_id"], ""),
            "count": row["count"],
        }
        for row in topic_rows
    ]
    by_place = [
        {
            **row,
            "label": _place_label(row["municipio__number"], row["nil__name"]),
        }
        for row in _grouped(contacts, "municipio__number", "nil__name")
    ]
    return {
        "count": overall["count"] or 0,
        "minutes": overall["minutes"] or 0,
        "by_channel": by_channel,
        "by_outcome": by_outcome,
        "by_topic": by_topic,
        "by_place": by_place,
    }


def _place_label(number, nil_name) -> str:
    if number is None:
        return _("not given")
    municipio = _("Municipio %(number)s") % {"number": number}
    return f"{municipio} · {nil_name}" if nil_name else municipio


def local_moment(contact: DeskContact) -> datetime.datetime:
    return contact.happened_at.astimezone(ROME)
