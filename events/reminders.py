"""The reminders of the day before: who is expected tomorrow (registered to an event, or
enrolled in a course with a session then), and one notification each, claimed by a
``Reminder`` row so a repeated or retried run sends nothing twice."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from wemi_community.core.milan import in_rome
from wemi_community.notifications.services import notify

from . import kinds
from .models import Enrollment, Event, Registration, RegistrationState, Reminder

R = RegistrationState


def reminders_due(now=None) -> list[tuple[int, int]]:
    """(person, event) pairs to remind: confirmed for an event of tomorrow (Milan's day),
    or signed up to a course whose session is tomorrow; not reminded yet."""
    now = timezone.localtime(now or timezone.now())
    tomorrow = now.date() + datetime.timedelta(days=1)
    start = in_rome(tomorrow, datetime.time(0))
    end = in_rome(tomorrow + datetime.timedelta(days=1), datetime.time(0))
    events = Event.objects.filter(
        starts_at__gte=start, starts_at__lt=end, cancelled_at__isnull=True
    )
    pairs = set(
        Registration.objects.filter(event__in=events, state=R.CONFIRMED).values_list(
            "user_id", "event_id"
        )
    )
    for user_id, event_id in Enrollment.objects.filter(
        state=R.CONFIRMED, course__sessions__in=events
    ).values_list("user_id", "course__sessions"):
        pairs.add((user_id, event_id))
    sent = set(Reminder.objects.filter(event__in=events).values_list("user_id", "event_id"))
    return sorted(pairs - sent)


def reminder_send(*, user_id: int, event_id: int) -> bool:
    """Claims the reminder (one row per person and event), then notifies: a retried or
    repeated task finds the row and sends nothing. Returns whether it sent."""
    with transaction.atomic():
        _reminder, created = Reminder.objects.get_or_create(user_id=user_id, event_id=event_id)
        if not created:
            return False
        event = Event.objects.get(pk=event_id)
        notify([user_id], kinds.NOTIFY_EVENT_REMINDER, event)
    return True
