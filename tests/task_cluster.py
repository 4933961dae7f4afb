"""The task cluster, once, in the test's process: what `qcluster` does with the queue."""

from multiprocessing import Event, Queue, Value

from django_q.brokers import get_broker
from django_q.monitor import monitor
from django_q.pusher import pusher
from django_q.worker import worker


def run_the_cluster_once(broker=None):
    """Pulls what the broker holds, runs it and saves the results (and calls the hooks)."""
    broker = broker or get_broker()
    task_queue, result_queue, stop = Queue(), Queue(), Event()
    stop.set()  # the pusher pulls what is there once, then returns
    pusher(task_queue, stop, broker=broker)
    task_queue.put("STOP")
    worker(task_queue, result_queue, Value("f", -1))
    result_queue.put("STOP")
    monitor(result_queue, broker=broker)
