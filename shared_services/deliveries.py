"""The delivery log of a running shared service: the provider logs each session, the member
households confirm or dispute it, and rate the service."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from spaces_pages.selectors import coordinator_ids
from wemi_community.core.audit import audit_log
from wemi_community.core.errors import StateConflict
from wemi_community.notifications.services import notify
from wemi_community.participation.seats import behalf

from . import evidence, kinds, permissions
from .models import DeliveryCheck, DeliveryEntry, ServiceRating, SharedService
from .offers import staff_ids
from .services import locked, member_ids

S = SharedService.State


def _parse_hours(hours) -> Decimal:
    try:
        value = Decimal(str(hours).replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({"hours": _("Write the hours as a number, e.g. 2 or 1.5.")}) from None
    if not value.is_finite() or value < Decimal("0.25") or value > 24:
        raise ValidationError(
            {"hours": _("A session lasts from a quarter of an hour to 24 hours.")}
        )
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def delivery_log(
    *, actor, service: SharedService, date: datetime.date, hours, notes: str = ""
) -> DeliveryEntry:
    """The provider's staff (``actor``, for their organisation) logs a session."""
    service = locked(service)
    if not permissions.is_staff_of(actor, service.provider_id):
        raise PermissionDenied
    if service.state != S.RUNNING:
        raise StateConflict(_("Sessions are logged while the service is running."))
    value = _parse_hours(hours)
    if date > timezone.localdate():
        raise ValidationError({"date": _("A session cannot be logged before it happens.")})
    if date < service.created_at.date() - datetime.timedelta(days=1):
        raise ValidationError({"date": _("This date is before the service began.")})
    same_day = DeliveryEntry.objects.filter(service=service, date=date).aggregate(
        total=Sum("hours")
    )
    if (same_day["total"] or 0) + value > 24:
        raise ValidationError({"hours": _("More than 24 hours on the same day.")})
    entry = DeliveryEntry.objects.create(
        service=service,
        date=date,
        hours=value,
        notes=" ".join((notes or "").replace("\x00", "").split())[:500],
        logged_by=actor,
    )
    evidence.delivered(entry, service)
    audit_log(
        actor=actor,
        action=kinds.SERVICE_DELIVERY_LOGGED,
        target=service,
        data={"entry": entry.pk, "hours": str(value)},
    )
    notify(
        member_ids(service),
        kinds.NOTIFY_SERVICE_DELIVERY_LOGGED,
        service,
        actor,
        excerpt=f"{date:%d/%m/%Y} · {value} h",
    )
    return entry


@transaction.atomic
def delivery_check(
    *, actor, entry: DeliveryEntry, verdict: str, note: str = "", person=None
) -> DeliveryCheck:
    """A member (``person``: the actor, unless the desk answers for the household) confirms
    or disputes a session; they may change their mind."""
    person = person or actor
    entry = DeliveryEntry.objects.select_for_update().select_related("service").get(pk=entry.pk)
    service = entry.service
    if not permissions.can_check_delivery_for(actor, person, service):
        raise PermissionDenied
    if verdict not in DeliveryCheck.Verdict.values:
        raise ValidationError({"verdict": _("Confirm or dispute the session.")})
    note = " ".join((note or "").replace("\x00", "").split())[:300]
    if verdict == DeliveryCheck.Verdict.DISPUTED and not note:
        raise ValidationError({"note": _("Say what did not go as logged.")})
    check, _created = DeliveryCheck.objects.update_or_create(
        entry=entry, user=person, defaults={"verdict": verdict, "note": note}
    )
    counts = {
        row["verdict"]: row["n"]
        for row in DeliveryCheck.objects.filter(entry=entry)
        .values("verdict")
        .annotate(n=Count("pk"))
    }
    entry.confirmed_count = counts.get(DeliveryCheck.Verdict.CONFIRMED, 0)
    entry.disputed_count = counts.get(DeliveryCheck.Verdict.DISPUTED, 0)
    entry.save(update_fields=["confirmed_count", "disputed_count"])
    audit_log(
        actor=actor,
        on_behalf_of=behalf(actor, person),
        action=(
            kinds.SERVICE_DELIVERY_DISPUTED
            if verdict == DeliveryCheck.Verdict.DISPUTED
            else kinds.SERVICE_DELIVERY_CONFIRMED
        ),
        target=service,
        data={"entry": entry.pk},
    )
    if verdict == DeliveryCheck.Verdict.DISPUTED:
        notify(
            staff_ids(service.provider_id) | coordinator_ids(service.space_id),
            kinds.NOTIFY_SERVICE_DELIVERY_DISPUTED,
            service,
            person,
            excerpt=note,
        )
    return check


@transaction.atomic
def service_rate(
    *, actor, service: SharedService, stars, comment: str = "", person=None
) -> ServiceRating:
    """A member household (``person``, as in ``delivery_check``) rates the service."""
    person = person or actor
    if not permissions.can_rate_service_for(actor, person, service):
        raise PermissionDenied
    try:
        value = int(stars)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise ValidationError({"stars": _("Give from 1 to 5 stars.")})
    rating, _created = ServiceRating.objects.update_or_create(
        service=service,
        user=person,
        defaults={
            "stars": value,
            "comment": " ".join((comment or "").replace("\x00", "").split())[:500],
        },
    )
    audit_log(
        actor=actor,
        on_behalf_of=behalf(actor, person),
        action=kinds.SERVICE_RATED,
        target=service,
        data={"stars": value},
    )
    return rating
