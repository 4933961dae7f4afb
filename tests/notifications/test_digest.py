"""The daily digest: one task per batch of people, one e-mail per person and day, never two."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_q.models import Schedule

from tests.factories import UserFactory
from tests.notifications.helpers import fail_the_second_send
from wemi_community.accounts.models import User
from wemi_community.core import outbox
from wemi_community.core.models import OutboxTask
from wemi_community.notifications import tasks
from wemi_community.notifications.models import (
    DigestDelivery,
    EmailState,
    Notification,
    NotificationSetting,
)
from wemi_community.notifications.unsubscribe import read_token

SITE = "https://wemi.example"
DAY = date(2026, 11, 23)
ROME = ZoneInfo("Europe/Rome")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def queued(monkeypatch):
    """Every task the dispatcher queues, still run (synchronously) as the cluster would."""
    calls = []
    real_async_task = outbox.async_task

    def recording_async_task(func, *args, **kwargs):
        calls.append((func, args))
        return real_async_task(func, *args, **kwargs)

    monkeypatch.setattr(outbox, "async_task", recording_async_task)
    return calls


@pytest.fixture
def dispatch(django_capture_on_commit_callbacks):
    """The scheduled dispatcher: its batches go to the queue when its writes commit (here,
    the end of the block), and run there synchronously."""

    def run(day=DAY):
        with django_capture_on_commit_callbacks(execute=True):
            return tasks.digest_dispatch(day=day)

    return run


def html_of(message) -> str:
    return next(body for body, mimetype in message.alternatives if mimetype == "text/html")


def people(count: int, **fields) -> list[User]:
    """Many readers at once (the factory would take minutes for a thousand)."""
    start = User.objects.count()
    User.objects.bulk_create(
        User(
            email=f"lettore{start + n}@esempio.example",
            display_name=f"Lettore {start + n}",
            notification_preference="digest",
            password="!",
            **fields,
        )
        for n in range(count)
    )
    return list(User.objects.order_by("-pk")[:count])[::-1]


def waiting(readers, *, per_person=2, kind="comment.new", target_id=1, title="Spazio Gorla"):
    """Notifications waiting for the digest, as notify() leaves them."""
    user_type = ContentType.objects.get_for_model(User)
    return Notification.objects.bulk_create(
        Notification(
            recipient=reader,
            kind=kind,
            actor_name="Marco",
            target_type=user_type,
            target_id=target_id,
            target_title=title,
            url=f"/spazi/gorla/#comment-{n}",
            excerpt=f"Commento numero {n}",
            email_state=EmailState.DIGEST,
        )
        for reader in readers
        for n in range(per_person)
    )


@pytest.mark.django_db
def test_one_task_per_batch_and_one_email_per_person(settings, queued, dispatch):
    settings.WEMI_DIGEST_BATCH_SIZE = 500
    readers = people(1050)
    waiting(readers[:500], per_person=2)
    waiting(readers[500:], per_person=3)

    result = dispatch()

    assert result == {"day": "2026-11-23", "people": 1050, "tasks": 3}
    assert [func for func, _args in queued] == [tasks.DIGEST_BATCH_TASK] * 3
    assert [len(args[0]) for _func, args in queued] == [500, 500, 50]
    assert {args[1] for _func, args in queued} == {"2026-11-23"}
    batched = [pk for _func, args in queued for pk in args[0]]
    assert sorted(batched) == sorted(reader.pk for reader in readers)  # each person once
    assert len(mail.outbox) == 1050
    assert len({message.to[0] for message in mail.outbox}) == 1050
    assert DigestDelivery.objects.filter(day=DAY, sent_at__isnull=False).count() == 1050
    assert not Notification.objects.exclude(email_state=EmailState.SENT).exists()
    assert not Notification.objects.filter(digest__isnull=True).exists()
    counts = dict(DigestDelivery.objects.values_list("user_id", "item_count"))
    assert counts[readers[0].pk] == 2 and counts[readers[-1].pk] == 3


@pytest.mark.django_db
def test_dispatching_twice_sends_nothing_more(settings, queued, dispatch):
    settings.WEMI_DIGEST_BATCH_SIZE = 3
    readers = people(7)
    waiting(readers)
    dispatch()
    assert len(mail.outbox) == 7 and len(queued) == 3

    assert dispatch() == {"day": "2026-11-23", "people": 0, "tasks": 0}
    assert len(mail.outbox) == 7
    assert len(queued) == 3
    assert DigestDelivery.objects.count() == 7


@pytest.mark.django_db
def test_a_retried_or_duplicated_batch_sends_nothing(settings):
    readers = people(5)
    waiting(readers)
    ids = [reader.pk for reader in readers]
    assert tasks.digest_send_batch(ids, DAY.isoformat()) == 5

    assert tasks.digest_send_batch(ids, DAY.isoformat()) == 0
    # Even with new notifications since: they wait for tomorrow's digest.
    late = waiting(readers[:2], per_person=1)
    assert tasks.digest_send_batch(ids, DAY.isoformat()) == 0
    assert len(mail.outbox) == 5
    assert DigestDelivery.objects.count() == 5
    assert {
        row.email_state for row in Notification.objects.filter(pk__in=[r.pk for r in late])
    } == {EmailState.DIGEST}


@pytest.mark.django_db
def test_a_person_claimed_by_another_run_gets_nothing_from_this_one():
    first, second = people(2)
    waiting([first, second])
    DigestDelivery.objects.create(user=first, day=DAY)

    assert tasks.digest_send_batch([first.pk, second.pk], DAY.isoformat()) == 1
    assert [message.to for message in mail.outbox] == [[second.email]]


@pytest.mark.django_db
def test_the_claim_survives_a_race_on_the_unique_row():
    first, second, third = people(3)
    # Another run inserted this row after this run looked: the bulk insert fails, and the
    # fallback claims the others one by one.
    DigestDelivery.objects.create(user=second, day=DAY, item_count=9)
    with CaptureQueriesContext(connection):
        mine = tasks._claim(DAY, {first.pk: 1, second.pk: 2, third.pk: 3})
    assert mine == {first.pk, third.pk}
    assert dict(DigestDelivery.objects.values_list("user_id", "item_count")) == {
        first.pk: 1,
        second.pk: 9,
        third.pk: 3,
    }


@pytest.mark.django_db
def test_empty_digests_are_skipped(dispatch):
    muted, no_email, inactive, reader = people(4)
    waiting([muted, no_email, inactive, reader])
    NotificationSetting.objects.create(user=muted, kind="comment.new", channel="never")
    User.objects.filter(pk=no_email.pk).update(email=None)
    User.objects.filter(pk=inactive.pk).update(is_active=False)

    dispatch()

    assert [message.to for message in mail.outbox] == [[reader.email]]
    assert list(DigestDelivery.objects.values_list("user_id", flat=True)) == [reader.pk]
    states = dict(Notification.objects.values_list("recipient_id", "email_state").distinct())
    assert states == {
        muted.pk: EmailState.SKIPPED,
        no_email.pk: EmailState.SKIPPED,
        inactive.pk: EmailState.SKIPPED,
        reader.pk: EmailState.SENT,
    }


@pytest.mark.django_db
def test_nobody_waiting_means_no_task(dispatch):
    people(3)
    assert dispatch() == {"day": "2026-11-23", "people": 0, "tasks": 0}
    assert mail.outbox == []


@pytest.mark.django_db
def test_what_comes_after_a_digest_goes_in_the_next_days(dispatch):
    (reader,) = people(1)
    waiting([reader], per_person=2)
    dispatch()
    assert len(mail.outbox) == 1

    (late,) = waiting([reader], per_person=1, title="Spazio Niguarda", target_id=2)
    dispatch()
    assert len(mail.outbox) == 1
    dispatch(DAY + timedelta(days=1))

    assert len(mail.outbox) == 2
    tomorrow = DigestDelivery.objects.get(day=DAY + timedelta(days=1))
    assert tomorrow.item_count == 1
    assert list(tomorrow.items.values_list("pk", flat=True)) == [late.pk]
    assert "Spazio Niguarda" in mail.outbox[1].body
    assert "Spazio Gorla" not in mail.outbox[1].body


@pytest.mark.django_db
def test_notifications_created_after_the_dispatch_started_are_not_looked_for(dispatch):
    (reader,) = people(1)
    (row,) = waiting([reader], per_person=1)
    Notification.objects.filter(pk=row.pk).update(created_at=timezone.now() + timedelta(hours=1))
    assert dispatch()["people"] == 0


@pytest.mark.django_db
def test_the_digest_groups_by_object_in_the_readers_language():
    italian = UserFactory(display_name="Giulia", notification_preference="digest")
    english = UserFactory(
        display_name="John", notification_preference="digest", preferred_language="en"
    )
    for reader in (italian, english):
        waiting([reader], per_person=2, title="Spazio Gorla", target_id=1)
        waiting([reader], per_person=1, kind="comment.reply", title="Spazio Niguarda", target_id=2)

    tasks.digest_send_batch([italian.pk, english.pk], DAY.isoformat())

    by_reader = {message.to[0]: message for message in mail.outbox}
    it, en = by_reader[italian.email], by_reader[english.email]
    assert it.body.startswith("Ciao Giulia,") and en.body.startswith("Hello John,")
    assert '<html lang="it">' in html_of(it) and '<html lang="en">' in html_of(en)
    assert "3 new notifications" in en.subject
    for message in (it, en):
        html = html_of(message)
        # One heading per object, each item under it.
        assert html.count("<h2") == 2
        assert html.count("Spazio Gorla</a></h2>") == 1
        assert html.count("<li") == 3
        assert "Commento numero 1" in html and "Commento numero 1" in message.body
        header = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert header in message.body and header in html
        assert read_token(header.rstrip("/").rsplit("/", 1)[1]).kind == "*"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"{SITE}/spazi/gorla/#comment-0" in it.body
    assert f"{SITE}/en/spazi/gorla/#comment-0" in en.body
    assert f"{SITE}/notifiche/impostazioni/" in it.body
    assert f"{SITE}/en/notifiche/impostazioni/" in html_of(en)


@pytest.mark.django_db
def test_a_long_digest_shows_the_newest_and_links_to_the_rest():
    (reader,) = people(1)
    waiting([reader], per_person=tasks.emails.DIGEST_ITEM_LIMIT + 5)
    tasks.digest_send_batch([reader.pk], DAY.isoformat())
    html = html_of(mail.outbox[0])
    assert html.count("<li") == tasks.emails.DIGEST_ITEM_LIMIT
    assert "…e altre 5 notifiche meno recenti" in html
    assert DigestDelivery.objects.get().item_count == tasks.emails.DIGEST_ITEM_LIMIT + 5


def _batch_queries(count: int) -> int:
    readers = people(count)
    waiting(readers, per_person=3)
    waiting(readers[::2], per_person=1, kind="comment.reply", target_id=2)
    NotificationSetting.objects.create(user=readers[0], kind="comment.reply", channel="never")
    with CaptureQueriesContext(connection) as queries:
        sent = tasks.digest_send_batch([reader.pk for reader in readers], DAY.isoformat())
    assert sent == count
    # Each e-mail is marked sent as it goes (a worker killed mid-batch must not leave the
    # ones already sent looking unsent): one UPDATE per e-mail, beside the sending itself.
    marks = [
        query
        for query in queries
        if query["sql"].startswith('UPDATE "notifications_digestdelivery" SET "sent_at"')
    ]
    assert len(marks) == count
    return len(queries) - len(marks)


@pytest.mark.django_db
def test_a_batch_costs_the_same_queries_for_ten_people_as_for_a_hundred_and_fifty():
    # (Past ~200 people SQLite's bulk insert splits in statements of 199 rows: still bounded.)
    small = _batch_queries(10)
    Notification.objects.all().delete()
    large = _batch_queries(150)
    assert small == large
    assert large <= 13


@pytest.mark.django_db
def test_the_dispatcher_reads_ids_only_a_batch_at_a_time(settings):
    settings.WEMI_DIGEST_BATCH_SIZE = 10
    waiting(people(45))
    # No commit here: the five batches stay in the outbox, not handed to the queue.
    with CaptureQueriesContext(connection) as queries:
        assert tasks.digest_dispatch(day=DAY)["tasks"] == 5
    reads = [query for query in queries if "core_outboxtask" not in query["sql"]]
    assert len(reads) == 5 and len(queries) == 10  # one read and one outbox row per batch
    assert all('"accounts_user"' not in query["sql"] for query in reads)
    assert [len(row.args[0]) for row in OutboxTask.objects.all()] == [10, 10, 10, 10, 5]


@pytest.mark.django_db
def test_a_failed_send_gives_the_digests_back(monkeypatch):
    readers = people(3)
    waiting(readers)
    fail_the_second_send(monkeypatch)
    ids = [reader.pk for reader in readers]
    with pytest.raises(ConnectionError):
        tasks.digest_send_batch(ids, DAY.isoformat())
    assert len(mail.outbox) == 1
    assert list(DigestDelivery.objects.values_list("user_id", flat=True)) == [readers[0].pk]
    assert Notification.objects.filter(email_state=EmailState.DIGEST, digest=None).count() == 4

    assert tasks.digest_send_batch(ids, DAY.isoformat()) == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(r.email for r in readers)


@pytest.mark.django_db
def test_the_schedule_runs_the_dispatcher_daily_at_the_digest_hour(settings):
    schedule = Schedule.objects.get(name="notifications.daily_digest")
    assert schedule.func == "wemi_community.notifications.tasks.digest_dispatch"
    assert schedule.schedule_type == Schedule.DAILY
    assert schedule.repeats == -1
    local = schedule.next_run.astimezone(ROME)
    assert (local.hour, local.minute) == (settings.WEMI_DIGEST_HOUR, 0)
    assert schedule.intended_date_kwarg == "day"


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 11, 23, 6, 59, tzinfo=ROME), datetime(2026, 11, 23, 7, tzinfo=ROME)),
        (datetime(2026, 11, 23, 7, 0, tzinfo=ROME), datetime(2026, 11, 24, 7, tzinfo=ROME)),
        (datetime(2026, 11, 23, 23, 30, tzinfo=ROME), datetime(2026, 11, 24, 7, tzinfo=ROME)),
        # The night the clocks go forward: still 7 o'clock, Rome time.
        (datetime(2026, 3, 28, 22, 0, tzinfo=ROME), datetime(2026, 3, 29, 7, tzinfo=ROME)),
    ],
)
def test_next_digest_run(settings, now, expected):
    settings.WEMI_DIGEST_HOUR = 7
    assert tasks.DIGEST_SCHEDULE.first_run(now) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2026-11-23", date(2026, 11, 23)),
        (date(2026, 11, 23), date(2026, 11, 23)),
        # What the schedule passes: the UTC time it was due, 06:00Z = 07:00 in Rome.
        ("2026-11-23T06:00:00+00:00", date(2026, 11, 23)),
        ("2026-11-22T23:30:00+00:00", date(2026, 11, 23)),
    ],
)
def test_the_day_of_a_run(given, expected):
    assert tasks._as_day(given) == expected
