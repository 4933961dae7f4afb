"""The task outbox: a task exists exactly when the write that needs it commits, survives a
broker that is down, and reaches the queue once."""

import logging
import os
import signal
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import redis
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError, connection, transaction

from tests.core import outbox_tasks
from tests.factories import UserFactory
from tests.proposals.helpers import published
from tests.spaces.helpers import make_space
from wemi_community.core import outbox
from wemi_community.core.management.commands import relay_tasks
from wemi_community.core.models import OutboxTask
from wemi_community.notifications.models import EmailState, Notification
from wemi_community.notifications.services import IMMEDIATE_EMAIL_TASK

RECORD = "tests.core.outbox_tasks.record"
ROME = ZoneInfo("Europe/Rome")


class Broker:
    """django-q's push, which can be made to fail as a broker that is down does."""

    def __init__(self, error=None):
        self.error = error or redis.exceptions.ConnectionError("Connection refused")
        self.down = False
        self.pushed = []
        self._real = outbox.async_task

    def __call__(self, func, *args, **kwargs):
        if self.down:
            raise self.error
        self.pushed.append((func, args))
        return self._real(func, *args, **kwargs)


@pytest.fixture(autouse=True)
def _no_runs_yet(monkeypatch):
    outbox_tasks.RUNS.clear()
    # Each test starts with the broker known to be up (the outage message is per process).
    monkeypatch.setattr(outbox, "_outage_since", None)
    yield
    outbox_tasks.RUNS.clear()


@pytest.fixture
def broker(monkeypatch):
    fake = Broker()
    monkeypatch.setattr(outbox, "async_task", fake)
    return fake


@pytest.mark.django_db
def test_the_task_is_queued_when_the_write_commits_and_runs_once(
    broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        row = outbox.enqueue(RECORD, 7, "sette", [1, 2])
        assert outbox_tasks.RUNS == []  # not before the commit
    assert outbox_tasks.RUNS == [(7, "sette", [1, 2])]
    row.refresh_from_db()
    assert row.dispatched_at is not None and row.attempts == 1 and row.last_error == ""
    assert outbox.relay_pending()["pushed"] == 0
    assert len(outbox_tasks.RUNS) == 1


@pytest.mark.django_db
def test_a_rolled_back_write_leaves_no_row_and_no_task(broker, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        outbox.enqueue(RECORD, 1)
        raise RuntimeError("the write failed")
    assert callbacks == []
    assert not OutboxTask.objects.exists()
    assert outbox.relay_pending()["pushed"] == 0
    assert broker.pushed == [] and outbox_tasks.RUNS == []


@pytest.mark.django_db
def test_arguments_must_be_json():
    with pytest.raises(TypeError):
        outbox.enqueue(RECORD, object())
    assert not OutboxTask.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "error",
    [
        redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379."),
        redis.exceptions.TimeoutError("Timeout reading from socket"),
        OSError(111, "Connection refused"),
        OperationalError("could not connect to server"),  # the ORM broker's database
    ],
    ids=["redis-refused", "redis-timeout", "os-error", "orm-database"],
)
def test_a_broker_down_at_commit_keeps_the_task_and_the_relay_queues_it_once(
    monkeypatch, django_capture_on_commit_callbacks, error
):
    broker = Broker(error)
    monkeypatch.setattr(outbox, "async_task", broker)
    broker.down = True
    with django_capture_on_commit_callbacks(execute=True):
        row = outbox.enqueue(RECORD, "dopo")  # no exception for the caller
    row.refresh_from_db()
    assert row.dispatched_at is None and row.claimed_at is None
    assert row.attempts == 1 and type(error).__name__ in row.last_error
    assert outbox.pending_count() == 1

    assert outbox.relay_pending() == {"pushed": 0, "failed": True, "pruned": 0}
    row.refresh_from_db()
    assert row.dispatched_at is None and row.attempts == 2

    broker.down = False
    assert outbox.relay_pending()["pushed"] == 1
    assert outbox_tasks.RUNS == [("dopo",)]
    row.refresh_from_db()
    assert row.dispatched_at is not None and row.last_error == "" and row.attempts == 3

    assert outbox.relay_pending()["pushed"] == 0
    assert broker.pushed == [(RECORD, ("dopo",))]
    assert outbox_tasks.RUNS == [("dopo",)]


@pytest.mark.django_db
def test_the_relay_keeps_the_order_and_stops_at_the_first_refusal(broker):
    rows = [OutboxTask.objects.create(func=RECORD, args=[n]) for n in range(5)]
    calls = 0
    real = outbox.async_task

    def down_after_two(func, *args, **kwargs):
        nonlocal calls
        calls += 1
        if calls > 2:
            raise redis.exceptions.ConnectionError("gone")
        return real(func, *args, **kwargs)

    outbox.async_task = down_after_two
    assert outbox.relay_pending(limit=10) == {"pushed": 2, "failed": True, "pruned": 0}
    assert calls == 3  # it did not try the last two against a broker that is down
    outbox.async_task = real
    assert outbox.relay_pending(limit=2)["pushed"] == 2
    assert outbox.relay_pending(limit=2)["pushed"] == 1
    assert [(n,) for n in range(5)] == outbox_tasks.RUNS
    assert not OutboxTask.objects.filter(pk__in=[r.pk for r in rows], dispatched_at=None).exists()


@pytest.mark.django_db
def test_the_outage_is_logged_once_and_its_end_once(
    broker, caplog, django_capture_on_commit_callbacks
):
    broker.down = True
    with caplog.at_level(logging.DEBUG, logger="wemi_community.core.outbox"):
        for n in range(5):
            with django_capture_on_commit_callbacks(execute=True):
                outbox.enqueue(RECORD, n)
        outbox.relay_pending()
        broker.down = False
        outbox.relay_pending()
        outbox.relay_pending()
    records = [r for r in caplog.records if r.name == "wemi_community.core.outbox"]
    errors = [r for r in records if r.levelno >= logging.ERROR]
    back = [r for r in records if r.levelno == logging.WARNING]
    assert len(errors) == 1 and "ConnectionError" in errors[0].getMessage()
    assert len(back) == 1 and "reachable again" in back[0].getMessage()
    assert len(outbox_tasks.RUNS) == 5


@pytest.mark.django_db
def test_a_claim_left_by_a_process_that_died_is_taken_again_after_a_while(broker, settings):
    settings.OUTBOX_CLAIM_SECONDS = 300
    start = datetime(2026, 11, 23, 10, 0, tzinfo=ROME)
    with time_machine.travel(start, tick=False):
        row = OutboxTask.objects.create(func=RECORD, args=["orfano"])
        OutboxTask.objects.filter(pk=row.pk).update(claimed_at=start, attempts=1)
    with time_machine.travel(start + timedelta(seconds=299), tick=False):
        assert outbox.relay_pending()["pushed"] == 0  # maybe still being pushed
    with time_machine.travel(start + timedelta(seconds=301), tick=False):
        assert outbox.relay_pending()["pushed"] == 1
    assert outbox_tasks.RUNS == [("orfano",)]


@pytest.mark.django_db
def test_dispatched_rows_are_pruned_after_a_week_pending_ones_never(broker, settings):
    settings.OUTBOX_KEEP_DAYS = 7
    now = datetime(2026, 11, 23, 10, 0, tzinfo=ROME)
    old = OutboxTask.objects.create(func=RECORD, dispatched_at=now - timedelta(days=7, hours=1))
    recent = OutboxTask.objects.create(func=RECORD, dispatched_at=now - timedelta(days=6))
    waiting = OutboxTask.objects.create(
        func=RECORD, args=["vecchio"], created_at=now - timedelta(days=30)
    )
    with time_machine.travel(now, tick=False):
        broker.down = True
        assert outbox.relay_pending() == {"pushed": 0, "failed": True, "pruned": 1}
    assert set(OutboxTask.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert not OutboxTask.objects.filter(pk=old.pk).exists()


@pytest.mark.django_db
def test_a_join_while_the_broker_is_down_commits_and_its_email_goes_later(
    broker, django_capture_on_commit_callbacks
):
    from proposals import joins
    from proposals.models import Support

    proposal = published(space=make_space("Spazio WeMi Gorla"))
    mail.outbox.clear()
    OutboxTask.objects.all().delete()
    broker.down = True
    joiner = UserFactory(display_name="Famiglia Rossi")
    with django_capture_on_commit_callbacks(execute=True):
        joins.proposal_join(actor=joiner, proposal=proposal, household_size=3)

    assert Support.objects.filter(proposal=proposal, user=joiner).exists()
    note = Notification.objects.get(recipient=proposal.author, kind="proposal.joined")
    assert note.email_state == EmailState.IMMEDIATE
    (row,) = OutboxTask.objects.filter(dispatched_at=None)
    assert row.func == IMMEDIATE_EMAIL_TASK and row.args == [[note.pk]]
    assert mail.outbox == []

    broker.down = False
    assert outbox.relay_pending()["pushed"] == 1
    assert [message.to for message in mail.outbox] == [[proposal.author.email]]
    note.refresh_from_db()
    assert note.email_state == EmailState.SENT
    assert outbox.relay_pending()["pushed"] == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_command_makes_one_pass(broker):
    OutboxTask.objects.create(func=RECORD, args=[1])
    OutboxTask.objects.create(func=RECORD, args=[2])
    out = _run("relay_tasks", "--once")
    assert "Queued 2 task(s)" in out
    assert outbox_tasks.RUNS == [(1,), (2,)]


@pytest.mark.django_db
def test_the_command_loops_until_sigterm_and_gives_the_signals_back(broker, monkeypatch):
    OutboxTask.objects.create(func=RECORD, args=["ciclo"])
    passes = []
    real = outbox.relay_pending

    def pass_then_stop(limit):
        passes.append(None)
        if len(passes) >= 2:  # (>=: a failing pass must not make the test loop for ever)
            os.kill(os.getpid(), signal.SIGTERM)
        passes[-1] = real(limit)
        return passes[-1]

    monkeypatch.setattr(relay_tasks.outbox, "relay_pending", pass_then_stop)
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    out = _run("relay_tasks", "--interval", "0.01")
    assert "Outbox relay stopped." in out
    assert len(passes) == 2 and passes[0]["pushed"] == 1 and passes[1]["pushed"] == 0
    assert outbox_tasks.RUNS == [("ciclo",)]
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before


@pytest.mark.django_db
def test_the_loop_survives_a_database_that_is_down(broker, monkeypatch, caplog):
    calls = []

    def database_down(limit):
        calls.append(limit)
        if len(calls) >= 3:
            os.kill(os.getpid(), signal.SIGINT)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(relay_tasks.outbox, "relay_pending", database_down)
    with caplog.at_level(logging.ERROR):
        _run("relay_tasks", "--interval", "0.01")
    assert len(calls) == 3
    assert len([r for r in caplog.records if "cannot read its rows" in r.getMessage()]) == 1


def _run(*args) -> str:
    import io

    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# --- Outside the test's transaction: the real commits and several processes at once -------


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_task_goes_at_once(broker):
    row = outbox.enqueue(RECORD, "subito")
    assert outbox_tasks.RUNS == [("subito",)]
    row.refresh_from_db()
    assert row.dispatched_at is not None


@pytest.mark.django_db(transaction=True)
def test_two_relays_at_once_push_each_row_once(monkeypatch):
    pushed = []
    lock = threading.Lock()

    def slow_push(func, *args, **kwargs):
        threading.Event().wait(0.002)  # widens the window between the read and the push
        with lock:
            pushed.append(args[0])

    monkeypatch.setattr(outbox, "async_task", slow_push)
    OutboxTask.objects.bulk_create(OutboxTask(func=RECORD, args=[n]) for n in range(40))
    start = threading.Barrier(3)
    errors = []

    def relay():
        try:
            start.wait()
            while outbox.relay_pending(limit=7)["pushed"]:
                pass
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=relay) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(pushed) == list(range(40))
    assert not OutboxTask.objects.filter(dispatched_at=None).exists()


@pytest.mark.django_db
def test_a_task_that_ran_is_marked_finished_by_the_cluster(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = outbox.enqueue(RECORD, "finito")  # the test cluster runs it at once (sync)

    row.refresh_from_db()
    assert outbox_tasks.RUNS == [("finito",)]
    assert row.dispatched_at is not None and row.completed_at is not None


@pytest.mark.django_db
def test_a_task_handed_over_and_never_finished_is_handed_over_again(broker, settings):
    """A worker killed mid-task takes the task with it (the Redis broker never hands it out
    again): the relay hands it over once more after OUTBOX_LOST_SECONDS, at most
    OUTBOX_MAX_ATTEMPTS times in all."""
    settings.OUTBOX_LOST_SECONDS = 600
    settings.OUTBOX_MAX_ATTEMPTS = 3
    start = datetime(2026, 12, 31, 23, 50, tzinfo=ROME)  # the retries cross the New Year
    with time_machine.travel(start, tick=False):
        lost = OutboxTask.objects.create(
            func=RECORD, args=["perso"], dispatched_at=start, attempts=1
        )
        done = OutboxTask.objects.create(
            func=RECORD, args=["fatto"], dispatched_at=start, completed_at=start, attempts=1
        )
    with time_machine.travel(start + timedelta(seconds=599), tick=False):
        assert outbox.relay_pending()["pushed"] == 0  # maybe still running
    for attempt in (2, 3):
        moment = start + timedelta(seconds=601 * (attempt - 1))
        with time_machine.travel(moment, tick=False):
            OutboxTask.objects.filter(pk=lost.pk).update(completed_at=None)
            assert outbox.relay_pending()["pushed"] == 1
        lost.refresh_from_db()
        assert lost.attempts == attempt
        # The cluster's hook, as if the worker running it had been killed: nothing.
        OutboxTask.objects.filter(pk=lost.pk).update(completed_at=None)
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        assert outbox.relay_pending()["pushed"] == 0  # three attempts: it stays as it is
    assert [args for _func, args in broker.pushed] == [("perso",), ("perso",)]
    done.refresh_from_db()
    assert done.attempts == 1


@pytest.mark.django_db
def test_the_finished_hook_ignores_other_tasks_and_failures():
    row = OutboxTask.objects.create(func=RECORD, dispatched_at=datetime(2026, 2, 28, tzinfo=ROME))

    class Task:
        def __init__(self, name, success):
            self.name, self.success = name, success

    outbox.task_finished(Task(f"outbox-{row.pk}", False))
    outbox.task_finished(Task("digest-batch", True))
    outbox.task_finished(Task("outbox-not-a-number", True))
    row.refresh_from_db()
    assert row.completed_at is None
    outbox.task_finished(Task(f"outbox-{row.pk}", True))
    row.refresh_from_db()
    assert row.completed_at is not None
