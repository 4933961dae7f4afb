"""A person's calendar address: the secret token of their feed (``ical.py`` writes the
feed), made the first time it is asked for and renewed on request."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction

from wemi_community.core.audit import audit_log

from . import kinds, permissions
from .models import CalendarToken


def calendar_token(user) -> str:
    """The secret of the person's calendar feed, made the first time it is asked for."""
    token = CalendarToken.objects.filter(user=user).values_list("token", flat=True).first()
    return token or calendar_token_reset(user=user)


@transaction.atomic
def calendar_token_reset(*, user) -> str:
    """A new secret address for the person's calendar; the old one stops at once."""
    if not permissions.can_register(user):
        raise PermissionDenied
    token = secrets.token_urlsafe(24)
    CalendarToken.objects.update_or_create(user=user, defaults={"token": token})
    audit_log(actor=user, action=kinds.EVENT_CALENDAR_TOKEN_RESET, target=user)
    return token
