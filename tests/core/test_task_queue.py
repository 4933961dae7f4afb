"""Tasks run synchronously in tests; this proves the real broker path too: a task enqueued
on the configured broker (the ORM, or Redis under `make test-services`) is picked up by a
worker and its result stored."""

import os
from multiprocessing import Event, Queue, Value

import pytest
from django_q.brokers import get_broker
from django_q.monitor import monitor
from django_q.pusher import pusher
from django_q.tasks import async_task, fetch, result
from django_q.worker import worker


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

    task_queue, result_queue, stop = Queue(), Queue(), Event()
    stop.set()  # the pusher pulls what is there once, then returns
    pusher(task_queue, stop, broker=broker)
    task_queue.put("STOP")
    worker(task_queue, result_queue, Value("f", -1))
    result_queue.put("STOP")
    monitor(result_queue, broker=broker)

    task = fetch(task_id)
    assert task is not None and task.success
    assert task.result == {"ciao": 1}
    assert broker.queue_size() == 0
