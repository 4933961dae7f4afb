"""Redis goes away, really: the outbox keeps what the site asked for and queues it, once,
when Redis is back. Runs under `make test-services` (REDIS_URL set) against a Redis server
of its own on a free port, never the shared one."""

import os
import shutil

import pytest
from django.core import mail

from tests.core import outbox_tasks
from tests.factories import UserFactory
from tests.faults.own_redis import REDIS_SERVER, queued
from tests.proposals.helpers import published
from tests.spaces.helpers import make_space
from tests.task_cluster import run_the_cluster_once
from wemi_community.core import outbox
from wemi_community.core.models import OutboxTask
from wemi_community.notifications.models import EmailState, Notification
from wemi_community.notifications.services import IMMEDIATE_EMAIL_TASK

RECORD = "tests.core.outbox_tasks.record"

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"), reason="fault tests of Redis run with REDIS_URL set"
    ),
    pytest.mark.skipif(not shutil.which(REDIS_SERVER), reason=f"{REDIS_SERVER} is missing"),
]


@pytest.fixture
def own_redis(queue_on_own_redis):
    outbox_tasks.RUNS.clear()
    return queue_on_own_redis


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_queued_while_redis_is_down_reaches_it_once_when_it_is_back(own_redis):
    own_redis.stop()

    row = outbox.enqueue(RECORD, "ritorno")  # commits at once: the push fails, quietly

    row.refresh_from_db()
    assert row.dispatched_at is None and "ConnectionError" in row.last_error
    assert outbox.relay_pending()["failed"] is True  # still down

    own_redis.start()  # empty: no persistence
    assert outbox.relay_pending() == {"pushed": 1, "failed": False, "pruned": 0}
    assert outbox.relay_pending()["pushed"] == 0
    waiting = queued(own_redis)
    assert [(task["func"], task["args"]) for task in waiting] == [(RECORD, ("ritorno",))]
    row.refresh_from_db()
    assert row.dispatched_at is not None

    run_the_cluster_once()
    assert outbox_tasks.RUNS == [("ritorno",)]
    assert queued(own_redis) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_join_while_redis_is_down_commits_and_its_email_leaves_when_it_is_back(own_redis):
    from proposals import joins
    from proposals.models import Support

    proposal = published(space=make_space("Spazio WeMi Gorla"))
    run_the_cluster_once()  # what publishing queued
    mail.outbox.clear()
    own_redis.stop()

    joiner = UserFactory(display_name="Famiglia Rossi")
    joins.proposal_join(actor=joiner, proposal=proposal, household_size=3)

    assert Support.objects.filter(proposal=proposal, user=joiner).exists()
    note = Notification.objects.get(recipient=proposal.author, kind="proposal.joined")
    (row,) = OutboxTask.objects.filter(dispatched_at=None)
    assert row.func == IMMEDIATE_EMAIL_TASK and row.args == [[note.pk]]

    own_redis.start()
    assert outbox.relay_pending()["pushed"] == 1
    assert len(queued(own_redis)) == 1
    run_the_cluster_once()

    assert [message.to for message in mail.outbox] == [[proposal.author.email]]
    note.refresh_from_db()
    assert note.email_state == EmailState.SENT
    assert outbox.relay_pending()["pushed"] == 0
    assert queued(own_redis) == []
