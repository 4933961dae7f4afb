"""Writes of notifications. Modules call ``notify``; nothing else creates a notification."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Count
from django.utils import timezone, translation

from wemi_community.core import outbox
from wemi_community.core.audit import audit_log

from . import kinds, targets
from .live import push_to_user
from .models import Channel, EmailState, Notification, NotificationSetting

IMMEDIATE_EMAIL_TASK = "wemi_community.notifications.tasks.send_immediate_emails"
EXCERPT_LENGTH = 280

# Who still tells the people the e-mail cannot reach (a higher layer, e.g. the desk's call
# list, registers itself from its ready(): this layer imports nothing above it).
OfflineHandler = Callable[[list[Notification]], None]
_offline_handlers: list[OfflineHandler] = []


def register_offline_delivery(handler: OfflineHandler) -> None:
    """``handler(notifications)`` is called inside ``notify``'s transaction with the rows
    just created for people who have no e-mail address (never with an empty list)."""
    if handler not in _offline_handlers:
        _offline_handlers.append(handler)


def unregister_offline_delivery(handler: OfflineHandler) -> None:
    if handler in _offline_handlers:
        _offline_handlers.remove(handler)


def _user_ids(recipients: Iterable) -> set[int]:
    return {int(getattr(person, "pk", person)) for person in recipients if person is not None}


def channels_for(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """Each person's e-mail channel for ``kind``: their setting for it, else their general
    preference. Two queries whatever the number of people."""
    user_ids = list(user_ids)
    chosen = dict(
        NotificationSetting.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "channel"
        )
    )
    general = dict(
        get_user_model()
        .objects.filter(pk__in=user_ids)
        .values_list("pk", "notification_preference")
    )
    return {pk: chosen.get(pk, general.get(pk, Channel.NEVER)) for pk in user_ids}


@transaction.atomic
def notify(
    recipients: Iterable,
    event: str,
    target: models.Model | None = None,
    actor=None,
    *,
    excerpt: str = "",
    url: str | None = None,
) -> list[Notification]:
    """Tells ``recipients`` (users or their ids) that ``actor`` did ``event`` on ``target``.

    The actor is never told of their own action, inactive accounts are skipped. Each person
    gets an in-app notification and a live update once the caller's transaction commits, and
    an e-mail now, in tomorrow's digest or never, as they chose for this kind; the rows of
    people without an e-mail address go to the offline deliveries registered
    (``register_offline_delivery``), in this transaction."""
    kind = kinds.get(event)
    user_ids = _user_ids(recipients)
    actor_id = getattr(actor, "pk", None)
    user_ids.discard(actor_id)
    if not user_ids:
        return []
    people = (
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .only("pk", "email", "notification_preference")
    )
    channel = channels_for(user_ids, kind.key)
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    common = {
        "kind": kind.key,
        "actor_id": actor_id,
        "actor_name": (str(actor) if actor_id else "")[:60],
        "target_type": target_type,
        "target_id": target.pk if target is not None else None,
        "target_title": str(target)[:200] if target is not None else "",
        "url": (url if url is not None else targets.url_of(target))[:500],
        "excerpt": (excerpt or "")[:EXCERPT_LENGTH],
    }
    rows = []
    without_email = set()
    for person in people:
        wanted = channel.get(person.pk, Channel.NEVER)
        if not person.email:
            without_email.add(person.pk)
        if not person.email or wanted == Channel.NEVER:
            state = EmailState.NONE
        elif wanted == Channel.DIGEST:
            state = EmailState.DIGEST
        else:
            state = EmailState.IMMEDIATE
        rows.append(Notification(recipient_id=person.pk, email_state=state, **common))
    created = Notification.objects.bulk_create(rows)
    created_ids = [row.pk for row in created]
    if without_email and _offline_handlers:
        offline = [row for row in created if row.recipient_id in without_email]
        for handler in list(_offline_handlers):
            handler(offline)

    immediate = [row.pk for row in created if row.email_state == EmailState.IMMEDIATE]
    if immediate:
        # One task per call, whatever the number of recipients; queued with the rows, so it
        # survives a broker that is down when this transaction commits.
        outbox.enqueue(IMMEDIATE_EMAIL_TASK, immediate)
    transaction.on_commit(lambda: _push_live(created_ids))
    return created


def unread_counts(user_ids: Iterable[int]) -> dict[int, int]:
    user_ids = list(user_ids)
    counts = dict(
        Notification.objects.filter(recipient_id__in=user_ids, read_at__isnull=True)
        .values("recipient_id")
        .annotate(n=Count("pk"))
        .values_list("recipient_id", "n")
    )
    return {pk: counts.get(pk, 0) for pk in user_ids}


def _push_live(notification_ids: list[int]) -> None:
    rows = list(Notification.objects.filter(pk__in=notification_ids).select_related("recipient"))
    counts = unread_counts({row.recipient_id for row in rows})
    for row in rows:
        with translation.override(row.recipient.preferred_language):
            message = kinds.render_message(
                row.kind, actor_name=row.actor_name, target_title=row.target_title
            )
        # Already after commit: push_to_user's own on_commit runs at once.
        push_to_user(
            row.recipient_id,
            {
                "type": "notification",
                "unread": counts[row.recipient_id],
                "message": message,
                "url": row.url,
                "id": row.pk,
            },
        )


def _push_count(user_id: int) -> None:
    count = unread_counts([user_id])[user_id]
    push_to_user(user_id, {"type": "unread", "unread": count})


@transaction.atomic
def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Marks one of the person's own notifications read; another person's is not found."""
    notification = Notification.objects.select_for_update().get(
        pk=notification_id, recipient_id=user.pk
    )
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        _push_count(user.pk)
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    updated = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if updated:
        _push_count(user.pk)
    return updated


@transaction.atomic
def notification_setting_set(*, user, kind: str, channel: str, actor=None) -> None:
    """Sets the e-mail channel of one kind for one person (``actor`` defaults to the person;
    the unsubscribe link has no signed-in actor)."""
    kinds.get(kind)
    if channel not in Channel.values:
        raise ValueError(f"Unknown channel {channel!r}")
    NotificationSetting.objects.update_or_create(
        user=user, kind=kind, defaults={"channel": channel}
    )
    audit_log(
        actor=actor if actor is not None else user,
        action=kinds.NOTIFICATIONS_SETTING_CHANGED,
        target=user,
        data={"kind": kind, "channel": channel},
    )


@transaction.atomic
def pending_emails_skip(*, recipient_ids: Iterable[int]) -> int:
    """Those people's notifications waiting for an e-mail (now or in the digest) stay on the
    site only. Returns how many were waiting."""
    return Notification.objects.filter(
        recipient_id__in=list(recipient_ids),
        email_state__in=[EmailState.IMMEDIATE, EmailState.DIGEST],
    ).update(email_state=EmailState.SKIPPED)
