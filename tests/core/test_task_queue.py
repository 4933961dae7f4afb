"""Tasks run synchronously in tests; this proves the real broker path too: a task enqueued
on the configured broker (the ORM, or Redis under `make test-services`) is picked up by a
worker and its result stored."""

import os

import pytest
from django_q.brokers import get_broker
from django_q.tasks import async_task, fetch, result

from tests.task_cluster import run_the_cluster_once


@pytest.mark.django_db
def test_tasks_run_synchronously_in_tests():
    task_id = async_task("wemi_community.tasks.echo", "subito")
    assert result(task_id) == "subito"


@pytest.mark.django_db(transaction=True)
def test_a_task_goes_through_the_configured_broker():
    broker = get_broker()
    expected = "Redis" if os.environ.get("REDIS_URL") else "ORM"
    assert type(broker).__name__ == expected
    broker.purge_queue()

    task_id = async_task("wemi_community.tasks.echo", {"ciao": 1}, sync=False, broker=broker)
    assert broker.queue_size() == 1
    assert fetch(task_id) is None  # queued, not yet run

    run_the_cluster_once(broker)

    task = fetch(task_id)
    assert task is not None and task.success
    assert task.result == {"ciao": 1}
    assert broker.queue_size() == 0
