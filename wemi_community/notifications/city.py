"""Notifications in bulk: the city's (``seed_demo --city``) and the digest benchmark's
(bench/digest.py) come from the same rows, comment notifications about a space's page."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from wemi_community.accounts.models import NotificationPreference, User
from wemi_community.core.bulk import insert_rows

from .models import EmailState, Notification

NOTIFICATIONS = 1_000_000
KINDS = ("comment.new", "comment.reply", "comment.mention")
FIELDS = (
    "recipient_id",
    "kind",
    "actor_name",
    "target_type_id",
    "target_id",
    "target_title",
    "url",
    "excerpt",
    "email_state",
    "created_at",
    "read_at",
    "emailed_at",
)


def notification_row(
    index: int,
    n: int,
    recipient_id: int,
    *,
    target_type_id: int,
    email_state: str,
    created_at: datetime.datetime,
    read_at: datetime.datetime | None = None,
) -> tuple:
    """The ``n``-th notification of the ``index``-th person, in the order of FIELDS."""
    target = (index + n) % 200
    return (
        recipient_id,
        KINDS[n % 3],
        "Marco",
        target_type_id,
        target,
        f"Spazio WeMi numero {target}",
        f"/spazi/spazio-{target}/#comment-{index}-{n}",
        "Ci sono anche io: il martedì pomeriggio va bene per la mia famiglia.",
        email_state,
        created_at,
        read_at,
        created_at if email_state == EmailState.SENT else None,
    )


def insert_notifications(rows) -> int:
    """Rows made by ``notification_row``, inserted in bulk."""
    return insert_rows(Notification, FIELDS, rows)


def seed_city(*, city) -> None:
    residents = city.data["residents"]
    wanted = city.count(NOTIFICATIONS)
    per_person, extra = divmod(wanted, len(residents))
    target_type_id = ContentType.objects.get_for_model(User).pk
    digest = set(
        User.objects.filter(
            pk__in=[pk for pk, _size in residents],
            notification_preference=NotificationPreference.DIGEST,
        ).values_list("pk", flat=True)
    )
    now = timezone.now()

    def rows():
        for index, (user_id, _size) in enumerate(residents):
            count = per_person + (1 if index < extra else 0)
            for n in range(count):
                created = now - datetime.timedelta(hours=(count - n) * 37 + index % 24)
                if n < count - 1:  # the older ones: read, and e-mailed if the person wished
                    state = EmailState.NONE if user_id in digest else EmailState.SENT
                    read = created + datetime.timedelta(hours=2)
                else:  # the newest one waits for today's digest or is in the inbox
                    state = EmailState.DIGEST if user_id in digest else EmailState.SENT
                    read = None
                yield notification_row(
                    index,
                    n,
                    user_id,
                    target_type_id=target_type_id,
                    email_state=state,
                    created_at=created,
                    read_at=read,
                )

    city.phase("notifications", lambda: insert_notifications(rows()))
