"""The demo's call list: the demo residents of a desk hear, through the ordinary
notifications, about the space's next event (a reminder for one, a registration for the
other), which puts the calls on that desk's list. Idempotent."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from events import kinds as event_kinds
from events.models import Event
from wemi_community.notifications.services import notify

from .models import CallEntry, DeskResident

# What each demo resident hears, in turn: the first the most urgent.
DEMO_KINDS = [event_kinds.NOTIFY_EVENT_REMINDER, event_kinds.NOTIFY_EVENT_REGISTERED]


def seed_calls(space) -> list[CallEntry]:
    """Notifies the first residents without e-mail registered at ``space``'s desk about the
    space's next event; returns the calls made for them (none without an event or people).
    A person already on the list for that kind is skipped."""
    event = (
        Event.objects.filter(space=space, starts_at__gte=timezone.now(), cancelled_at__isnull=True)
        .order_by("starts_at", "pk")
        .first()
    )
    if event is None:
        return []
    people = (
        DeskResident.objects.filter(space=space, user__is_active=True)
        .filter(Q(user__email__isnull=True) | Q(user__email=""))
        .order_by("registered_at", "pk")
        .values_list("user_id", flat=True)[: len(DEMO_KINDS)]
    )
    for person_id, kind in zip(people, DEMO_KINDS, strict=False):
        if CallEntry.objects.filter(space=space, person_id=person_id, kind=kind).exists():
            continue
        notify([person_id], kind, event)
    return list(CallEntry.objects.filter(space=space).order_by("urgency", "due_at", "pk"))
