"""notify(): who gets a notification, with which e-mail channel, and what is copied on the row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from tests.participation.helpers import conversation_space
from wemi_community.notifications import services
from wemi_community.notifications.models import EmailState, Notification, NotificationSetting

pytestmark = pytest.mark.django_db


def test_actor_inactive_and_duplicates_are_skipped():
    space = conversation_space()
    actor, reader, blocked = UserFactory(), UserFactory(), UserFactory(is_active=False)
    created = services.notify(
        [reader, reader.pk, actor, blocked, None], "comment.new", target=space, actor=actor
    )
    assert [row.recipient_id for row in created] == [reader.pk]
    row = Notification.objects.get()
    assert row.target == space and row.url == space.url
    assert row.actor_name == str(actor) and row.target_title == space.title


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(LookupError):
        services.notify([UserFactory()], "no.such.kind")
    assert not Notification.objects.exists()


def test_email_channel_follows_the_setting_for_the_kind_then_the_general_preference():
    immediate = UserFactory(notification_preference="immediate")
    digest = UserFactory(notification_preference="digest")
    never = UserFactory(notification_preference="never")
    no_email = UserFactory(email=None, notification_preference="immediate")
    override = UserFactory(notification_preference="immediate")
    NotificationSetting.objects.create(user=override, kind="comment.new", channel="digest")
    services.notify([immediate, digest, never, no_email, override], "comment.new")
    states = dict(Notification.objects.values_list("recipient_id", "email_state"))
    assert states == {
        immediate.pk: EmailState.IMMEDIATE,
        digest.pk: EmailState.DIGEST,
        never.pk: EmailState.NONE,
        no_email.pk: EmailState.NONE,
        override.pk: EmailState.DIGEST,
    }


def test_mark_one_and_all_read_only_touch_ones_own():
    reader, other = UserFactory(), UserFactory()
    first, _second = services.notify([reader], "comment.new") + services.notify(
        [reader], "comment.reply"
    )
    (others,) = services.notify([other], "comment.new")
    services.notification_mark_read(user=reader, notification_id=first.pk)
    assert services.unread_counts([reader.pk, other.pk]) == {reader.pk: 1, other.pk: 1}
    with pytest.raises(Notification.DoesNotExist):
        services.notification_mark_read(user=reader, notification_id=others.pk)
    assert services.notifications_mark_all_read(user=reader) == 1
    assert services.unread_counts([reader.pk, other.pk]) == {reader.pk: 0, other.pk: 1}


def test_notify_costs_a_bounded_number_of_queries_for_3_and_300_people(
    django_capture_on_commit_callbacks,
):
    # Digest readers: the immediate e-mail task (tested on its own) stays out of the count.
    few = UserFactory.create_batch(3, notification_preference="digest")
    many = UserFactory.create_batch(300, notification_preference="digest")
    counts = []
    for people in (few, many):
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            services.notify(people, "comment.new")
        counts.append(len(queries))
    # Not one query per person: the only growth is SQLite splitting the bulk insert into
    # batches under its variable limit (one insert on PostgreSQL).
    assert counts[0] <= 8 and counts[1] <= 12
    assert Notification.objects.count() == 303
