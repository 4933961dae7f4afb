"""notify(): who gets a notification, with which e-mail channel, and what is copied on the row."""

from unittest import mock

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


class TestOfflineDelivery:
    """A higher layer (the desk's call list) hears of the notifications of people without an
    e-mail address, inside notify's transaction."""

    @pytest.fixture
    def received(self):
        batches = []

        def handler(rows):
            batches.append([(row.recipient_id, row.kind, row.pk is not None) for row in rows])

        services.register_offline_delivery(handler)
        services.register_offline_delivery(handler)  # once, however often registered
        yield batches
        services.unregister_offline_delivery(handler)

    def test_only_the_people_without_email(self, received):
        with_email, without, blank = UserFactory(), UserFactory(email=None), UserFactory(email=None)
        services.notify([with_email, without, blank], "comment.new")
        assert len(received) == 1
        assert sorted(received[0]) == sorted(
            [(without.pk, "comment.new", True), (blank.pk, "comment.new", True)]
        )

    def test_not_called_when_everyone_has_email(self, received):
        services.notify([UserFactory(), UserFactory()], "comment.new")
        assert received == []

    def test_no_query_more_when_everyone_has_email(self, received, django_assert_num_queries):
        people = [UserFactory(), UserFactory()]
        services.notify(people, "comment.new")
        with (
            mock.patch.object(services, "_offline_handlers", []),
            CaptureQueriesContext(connection) as without_handlers,
        ):
            services.notify(people, "comment.new")
        # Every handler registered (the test's and the desk's): not one query more.
        with django_assert_num_queries(len(without_handlers)):
            services.notify(people, "comment.new")

    def test_in_the_same_transaction(self):
        person = UserFactory(email=None)

        def refuse(rows):
            raise RuntimeError("the handler failed")

        services.register_offline_delivery(refuse)
        try:
            with pytest.raises(RuntimeError):
                services.notify([person], "comment.new")
        finally:
            services.unregister_offline_delivery(refuse)
        assert not Notification.objects.exists()
