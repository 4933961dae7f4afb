"""Issuing certificates. Modules call ``certificate_issue`` when someone has earned one; it
is idempotent per what it certifies (issuing again refreshes the figures, keeps the code)."""

from __future__ import annotations

import datetime
import secrets

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from wemi_community.core.audit import audit_log
from wemi_community.participation.seats import behalf

from . import kinds
from .models import Certificate

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PREFIX = "WEMI"


def new_code() -> str:
    random = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{PREFIX}-{random[:4]}-{random[4:]}"


def normalise_code(raw: str) -> str:
    """What people type: spaces, dashes and lower case are forgiven."""
    letters = "".join(ch for ch in str(raw or "").upper() if ch.isalnum())[:16]
    if letters.startswith(PREFIX) and len(letters) == len(PREFIX) + 8:
        body = letters[len(PREFIX) :]
        return f"{PREFIX}-{body[:4]}-{body[4:]}"
    return letters


@transaction.atomic
def certificate_issue(
    *,
    kind: str,
    holder,
    subject: str,
    issuer_name: str,
    source,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    details: dict | None = None,
    actor=None,
) -> Certificate:
    """The certificate of ``source`` for ``holder``: created the first time, refreshed after.
    ``actor``: who asked for it, the holder unless a desk did for them."""
    source_type = ContentType.objects.get_for_model(source)
    values = {
        "holder": holder,
        "holder_name": (holder.display_name or holder.email or "")[:150],
        "subject": subject[:200],
        "issuer_name": issuer_name[:200],
        "period_start": period_start,
        "period_end": period_end,
        "details": details or {},
    }
    existing = (
        Certificate.objects.select_for_update()
        .filter(kind=kind, source_type=source_type, source_id=source.pk)
        .first()
    )
    if existing is not None:
        for key, value in values.items():
            setattr(existing, key, value)
        existing.save()
        return existing
    for _attempt in range(5):
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    code=new_code(),
                    kind=kind,
                    source_type=source_type,
                    source_id=source.pk,
                    **values,
                )
            break
        except IntegrityError:
            continue
    else:
        raise IntegrityError("no free certificate code")
    actor = actor or holder
    audit_log(
        actor=actor,
        on_behalf_of=behalf(actor, holder),
        action=kinds.CERTIFICATE_ISSUED,
        target=certificate,
    )
    return certificate
