"""Forgetting who the people in a lab were: a lab's guests lose their nickname and browser
key ``LAB_GUEST_RETENTION_DAYS`` after the lab closes, and a person who deletes their
account loses their nickname in every lab. Their needs, "me too" and votes stay, anonymous,
in the lab's results."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat
from django.utils import translation
from django.utils.translation import gettext

from wemi_community.core.audit import audit_log

from . import kinds
from .models import Lab, Participant


def anonymous_nickname_prefix() -> str:
    """Stored in the platform's language, as the lab's other names are."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Participant") + " "


def anonymise(participants) -> int:
    """Replaces the nickname with "Partecipante <number>" (unique, as each row's number is)
    and forgets the browser key. Returns how many rows changed."""
    return participants.update(
        nickname=Concat(Value(anonymous_nickname_prefix()), F("pk")), guest_key_hash=""
    )


def guests_forget(*, now: datetime.datetime) -> int:
    """Anonymises the guests of labs closed more than ``LAB_GUEST_RETENTION_DAYS`` ago.
    Idempotent: a guest already forgotten has no key left to match."""
    cutoff = now - datetime.timedelta(days=settings.LAB_GUEST_RETENTION_DAYS)
    closed_long_ago = Q(phase_changed_at__lte=cutoff) | Q(
        phase_changed_at__isnull=True, created_at__lte=cutoff
    )
    labs = (
        Lab.objects.filter(closed_long_ago, phase=Lab.Phase.CLOSED)
        .filter(participants__user__isnull=True, participants__guest_key_hash__gt="")
        .distinct()
        .order_by("pk")
    )
    total = 0
    for lab in labs:
        with transaction.atomic():
            count = anonymise(
                Participant.objects.filter(lab=lab, user__isnull=True, guest_key_hash__gt="")
            )
            if count:
                audit_log(
                    actor=None,
                    action=kinds.LAB_GUESTS_FORGOTTEN,
                    target=lab,
                    data={"guests": count},
                )
        total += count
    return total
