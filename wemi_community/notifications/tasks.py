"""Notification e-mails: at once (``send_immediate_emails``, queued by ``services.notify``) or in
the daily digest (``digest_dispatch``, run by the "notifications.daily_digest" schedule, which
queues ``digest_send_batch`` for each batch of people).

Tasks take primary keys and re-read the state. A notification is claimed before its e-mail
goes (a conditional UPDATE for one e-mail, the unique DigestDelivery row for a digest), so a
task that runs twice, or two copies running at once, send each e-mail once. What is claimed
but could not be sent is released, so a later run sends it.

A worker killed mid-batch (SIGKILL, a lost machine) releases nothing. Each digest is marked
sent the moment its e-mail goes, so the digests it claimed and did not send are the ones
still unsent; once their claim is older than the task timeout (``core.claims``) the next run
of the batch (the queue's retry) claims and sends them. On PostgreSQL a mark's commit does
not wait for the disk: a crash of the database server itself may forget the marks of the
last fraction of a second, and those few digests go again. Immediate e-mails have no mark
between "claimed" and "sent": those claimed by a killed worker are not sent again (lost,
never doubled)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from wemi_community.core import bulk, claims, outbox, schedules

from . import emails
from .models import Channel, DigestDelivery, EmailState, Notification, NotificationSetting

logger = logging.getLogger(__name__)

# Every day at WEMI_DIGEST_HOUR:00, Rome time; a late run still sends that day's digest.
DIGEST_SCHEDULE = schedules.Periodic(
    name="notifications.daily_digest",
    func="wemi_community.notifications.tasks.digest_dispatch",
    schedule_type=schedules.DAILY,
    first_run=schedules.daily_at(lambda: settings.WEMI_DIGEST_HOUR),
    intended_date_kwarg="day",
)
SCHEDULES = (DIGEST_SCHEDULE,)

DIGEST_BATCH_TASK = "wemi_community.notifications.tasks.digest_send_batch"
# Ids per statement: far below SQLite's limit on variables, whatever the batch size.
CHUNK = 900
USER_FIELDS = ("pk", "email", "is_active", "display_name", "preferred_language")
ITEM_FIELDS = (
    "pk",
    "recipient_id",
    "kind",
    "actor_name",
    "target_type_id",
    "target_id",
    "target_title",
    "url",
    "excerpt",
    "created_at",
)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _stopped(users: Iterable, kind_keys: set[str]) -> set[tuple[int, str]]:
    """(person, kind) pairs whose e-mails are off now. A choice made after the notification
    was queued, such as an unsubscribe click, wins. One query."""
    users = list(users)
    chosen = {
        (user_id, kind): channel
        for user_id, kind, channel in NotificationSetting.objects.filter(
            user_id__in=[user.pk for user in users], kind__in=kind_keys
        ).values_list("user_id", "kind", "channel")
    }
    return {
        (user.pk, kind)
        for user in users
        for kind in kind_keys
        if chosen.get((user.pk, kind), user.notification_preference) == Channel.NEVER
    }


def _can_receive(user) -> bool:
    return bool(user.email) and user.is_active


def _send(messages: list, on_sent=None) -> tuple[int, Exception | None]:
    """Sends over one connection, one message at a time so that a failure tells exactly
    which went out; ``on_sent(index)`` runs after each. Returns how many went, and the
    error that stopped the rest."""
    if not messages:
        return 0, None
    sent = 0
    try:
        with get_connection() as connection:
            for index, message in enumerate(messages):
                connection.send_messages([message])
                sent += 1
                if on_sent is not None:
                    on_sent(index)
    except Exception as error:  # the caller releases what did not go out, then raises it
        if sent == len(messages):
            logger.warning("Closing the mail connection failed after sending: %s", error)
            return sent, None
        return sent, error
    return sent, None


def send_immediate_emails(notification_ids: Iterable[int]) -> int:
    """E-mails each notification still waiting to go at once. Returns how many were sent."""
    rows = list(
        Notification.objects.filter(pk__in=list(notification_ids), email_state=EmailState.IMMEDIATE)
        .select_related("recipient")
        .order_by("pk")
    )
    if not rows:
        return 0
    recipients = {row.recipient_id: row.recipient for row in rows}
    stopped = _stopped(recipients.values(), {row.kind for row in rows})
    skipped, outgoing = [], []
    for row in rows:
        user = row.recipient
        if not _can_receive(user) or (user.pk, row.kind) in stopped:
            skipped.append(row.pk)
        else:
            # Built before the claim: a broken template leaves the row waiting, not lost.
            outgoing.append((row, emails.immediate_message(row, user)))
    if skipped:
        Notification.objects.filter(pk__in=skipped, email_state=EmailState.IMMEDIATE).update(
            email_state=EmailState.SKIPPED
        )
    now = timezone.now()
    claimed = []
    for row, message in outgoing:
        # The claim: whichever run moves the row out of "immediate" sends it; others do not.
        if Notification.objects.filter(pk=row.pk, email_state=EmailState.IMMEDIATE).update(
            email_state=EmailState.SENT, emailed_at=now
        ):
            claimed.append((row, message))
    sent, error = _send([message for _row, message in claimed])
    if error is not None:
        unsent = [row.pk for row, _message in claimed[sent:]]
        Notification.objects.filter(pk__in=unsent, email_state=EmailState.SENT).update(
            email_state=EmailState.IMMEDIATE, emailed_at=None
        )
        raise error
    return sent


def _as_day(day) -> date:
    """The digest's day: given, or today in Rome. The schedule passes the datetime it was
    meant to run at, so a run that starts late still belongs to its own day."""
    if day is None:
        return timezone.localdate()
    if isinstance(day, datetime):
        return timezone.localdate(day) if timezone.is_aware(day) else day.date()
    if isinstance(day, date):
        return day
    text = str(day)
    if len(text) > 10:
        return _as_day(datetime.fromisoformat(text))
    return date.fromisoformat(text)


def digest_dispatch(day=None) -> dict:
    """Queues the day's digests: one task per ``WEMI_DIGEST_BATCH_SIZE`` people with
    notifications waiting for it, never one per person. Reads ids only, a batch at a time."""
    day = _as_day(day)
    cutoff = timezone.now()
    size = settings.WEMI_DIGEST_BATCH_SIZE
    waiting = Notification.objects.filter(
        email_state=EmailState.DIGEST, created_at__lt=cutoff
    ).filter(~Exists(DigestDelivery.objects.filter(user_id=OuterRef("recipient_id"), day=day)))
    last_id, tasks, people = 0, 0, 0
    while True:
        # Keyset pagination: each batch is a fresh, index-backed query, correct even when the
        # batches already run (synchronously) change the rows behind it.
        user_ids = list(
            waiting.filter(recipient_id__gt=last_id)
            .order_by("recipient_id")
            .values_list("recipient_id", flat=True)
            .distinct()[:size]
        )
        if not user_ids:
            break
        outbox.enqueue(DIGEST_BATCH_TASK, user_ids, day.isoformat())
        tasks += 1
        people += len(user_ids)
        last_id = user_ids[-1]
        if len(user_ids) < size:
            break
    logger.info("Digest of %s: %s people in %s tasks", day, people, tasks)
    return {"day": day.isoformat(), "people": people, "tasks": tasks}


def _claim(day: date, counts: dict[int, int]) -> set[int]:
    """Creates each person's DigestDelivery of the day; returns whose this run created.
    One INSERT normally; one savepoint per person only when another run got there too."""
    try:
        with transaction.atomic():
            DigestDelivery.objects.bulk_create(
                DigestDelivery(user_id=user_id, day=day, item_count=count)
                for user_id, count in counts.items()
            )
        return set(counts)
    except IntegrityError:
        pass
    claimed = set()
    for user_id, count in counts.items():
        try:
            with transaction.atomic():
                DigestDelivery.objects.create(user_id=user_id, day=day, item_count=count)
        except IntegrityError:
            continue  # another run has this person's digest: it sends it, not this one
        claimed.add(user_id)
    return claimed


def _release_digests(day: date, user_ids: list[int]) -> None:
    """Gives back what was claimed but not sent, so the next run sends it."""
    for chunk in _chunks(user_ids):
        Notification.objects.filter(
            recipient_id__in=chunk, digest__day=day, email_state=EmailState.SENT
        ).update(email_state=EmailState.DIGEST, emailed_at=None, digest=None)
        DigestDelivery.objects.filter(user_id__in=chunk, day=day).delete()


def _release_stale(day: date, user_ids: list[int]) -> int:
    """Gives back the digests of these people claimed by a run that died before sending them
    (unsent, claimed longer ago than the task timeout), so this run sends them. One query
    when there are none."""
    stale_before = claims.stale_before()
    stale = DigestDelivery.objects.filter(
        day=day, sent_at__isnull=True, created_at__lt=stale_before
    )
    pks = [
        pk
        for chunk in _chunks(user_ids)
        for pk in stale.filter(user_id__in=chunk).values_list("pk", flat=True)
    ]
    released = 0
    for pk in pks:
        with transaction.atomic():
            # The claim on the dead claim: of two runs at once, one moves it, the other skips.
            if not stale.filter(pk=pk).update(created_at=timezone.now()):
                continue
            Notification.objects.filter(digest_id=pk, email_state=EmailState.SENT).update(
                email_state=EmailState.DIGEST, emailed_at=None, digest=None
            )
            DigestDelivery.objects.filter(pk=pk).delete()
        released += 1
    if released:
        logger.warning("Digest of %s: %s left unsent by a dead worker, sent again", day, released)
    return released


def digest_send_batch(user_ids: Iterable[int], day_iso: str) -> int:
    """Sends the digest of ``day_iso`` to each of these people who has one waiting and has
    not had it yet. Returns how many e-mails went out. A bounded number of queries per
    batch, whatever the number of people and notifications in it, plus one UPDATE per
    e-mail sent (each marked sent at once, see the module's docstring)."""
    day = date.fromisoformat(day_iso)
    user_ids = sorted({int(pk) for pk in user_ids})
    _release_stale(day, user_ids)
    done = set(
        DigestDelivery.objects.filter(user_id__in=user_ids, day=day).values_list(
            "user_id", flat=True
        )
    )
    users = {
        user.pk: user
        for user in get_user_model()
        .objects.filter(pk__in=[pk for pk in user_ids if pk not in done])
        .only(*USER_FIELDS, "notification_preference")
    }
    items = defaultdict(list)
    for row in (
        Notification.objects.filter(recipient_id__in=list(users), email_state=EmailState.DIGEST)
        .only(*ITEM_FIELDS)
        .order_by("recipient_id", "created_at", "pk")
    ):
        items[row.recipient_id].append(row)
    if not items:
        return 0
    stopped = _stopped(
        (users[pk] for pk in items), {row.kind for rows in items.values() for row in rows}
    )
    skipped, wanted = [], []
    for user_id, rows in items.items():
        user = users[user_id]
        receives = _can_receive(user)
        kept = [row for row in rows if receives and (user_id, row.kind) not in stopped]
        if len(kept) < len(rows):
            kept_ids = {row.pk for row in kept}
            skipped.extend(row.pk for row in rows if row.pk not in kept_ids)
        if kept:  # an empty digest is no digest: no row, no e-mail
            wanted.append((user, kept))
    # Built before the claims: a broken template leaves the digests waiting, not lost.
    built = emails.DigestWriter(day).messages(wanted)
    candidates = [
        (user, kept, message) for (user, kept), message in zip(wanted, built, strict=True)
    ]
    now = timezone.now()
    with transaction.atomic():
        for chunk in _chunks(skipped):
            Notification.objects.filter(pk__in=chunk, email_state=EmailState.DIGEST).update(
                email_state=EmailState.SKIPPED
            )
        mine = _claim(day, {user.pk: len(kept) for user, kept, _message in candidates})
        claimed = [candidate for candidate in candidates if candidate[0].pk in mine]
        digest_of_recipient = Subquery(
            DigestDelivery.objects.filter(user_id=OuterRef("recipient_id"), day=day).values("pk")[
                :1
            ]
        )
        for chunk in _chunks([row.pk for _user, kept, _message in claimed for row in kept]):
            Notification.objects.filter(pk__in=chunk, email_state=EmailState.DIGEST).update(
                email_state=EmailState.SENT, emailed_at=now, digest_id=digest_of_recipient
            )

    # One UPDATE per e-mail, the moment it goes (see the module's docstring), written once
    # here: the ORM would rebuild the same statement for each of them.
    ops, quote = connection.ops, connection.ops.quote_name
    # Only quoted identifiers go into the text; the values are parameters.
    mark = "UPDATE {} SET {} = %s WHERE {} = %s AND {} = %s".format(  # noqa: S608
        quote(DigestDelivery._meta.db_table), quote("sent_at"), quote("user_id"), quote("day")
    )
    day_value = ops.adapt_datefield_value(day)

    def mark_sent(index: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                mark,
                [ops.adapt_datetimefield_value(timezone.now()), claimed[index][0].pk, day_value],
            )

    # Thousands of marks a run: none waits for the disk (a worker killed loses none).
    with bulk.commits_without_flush():
        sent, error = _send([message for _user, _kept, message in claimed], on_sent=mark_sent)
    if error is not None:
        _release_digests(day, [user.pk for user, _kept, _message in claimed[sent:]])
        raise error
    return sent
