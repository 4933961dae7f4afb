"""A task worker killed with SIGKILL in the middle of sending e-mails, then a new worker: the
queue runs the task again (the ORM broker re-delivers what was not acknowledged after
``retry`` seconds) and nobody gets an e-mail twice, nor loses one.

Each test starts its own ``manage.py qcluster`` (tests/faults/worker_settings.py) on the test
database, with a slow e-mail backend (tests/faults/slowmail.py) that writes every message to
a file, kills that process group and only that one, and counts the files per recipient.
Real processes and real commits: SQLite in `make test`, PostgreSQL in `make test-services`."""

import email
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_q.brokers.orm import ORM
from django_q.conf import Conf
from django_q.models import OrmQ, Schedule
from django_q.tasks import async_task

from tests.factories import UserFactory
from tests.notifications.test_digest import DAY, people, waiting
from wemi_community.accounts.models import AccountEmail
from wemi_community.notifications.models import DigestDelivery

ROOT = Path(settings.BASE_DIR)
# The task timeout is the age past which a claim is dead (core.claims); the retry comes
# later than it, as django-q requires, and late enough that the claims of the killed run
# (made in its first second or two) are dead when the retried task reads them.
TIMEOUT = 10
RETRY = 18
DEADLINE = 50  # seconds for the whole scenario, beyond which the test fails


class Worker:
    """One ``manage.py qcluster`` in its own process group, so killing it kills its
    sentinel, pusher, monitor and worker processes, and nothing else."""

    def __init__(self, tmp_path: Path, mail_dir: Path, name: str):
        self.log = tmp_path / f"{name}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
            "FAULT_DB_NAME": str(connection.settings_dict["NAME"]),
            "FAULT_Q_TIMEOUT": str(TIMEOUT),
            "FAULT_Q_RETRY": str(RETRY),
            "FAULT_MAIL_DIR": str(mail_dir),
            "FAULT_MAIL_DELAY": "0.25",
        }
        # The ORM broker on the test database: no Redis for this worker.
        env.pop("REDIS_URL", None)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "qcluster"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self, sig=signal.SIGKILL) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


@pytest.fixture
def workers(tmp_path):
    started = []
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()

    def start(name):
        worker = Worker(tmp_path, mail_dir, name)
        started.append(worker)
        return worker

    start.mail_dir = mail_dir
    # The schedules of the site stay out of this worker's way.
    Schedule.objects.all().delete()
    yield start
    for worker in started:
        worker.stop()


def enqueue(func: str, *args) -> None:
    """Puts a task on the ORM queue of the test database, where the worker reads it (the
    test process itself runs tasks synchronously)."""
    async_task(func, *args, sync=False, broker=ORM(list_key=Conf.CLUSTER_NAME))


def mails(mail_dir: Path) -> Counter:
    """E-mails written by the backend, per recipient."""
    count = Counter()
    for path in mail_dir.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes())
        count[message["To"]] += 1
    return count


def sending(mail_dir: Path) -> int:
    return len(list(mail_dir.glob("*.sending")))


def wait_for(condition, what: str, workers_: list, timeout: float = DEADLINE) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.02)
    logs = "\n".join(worker.tail() for worker in workers_)
    raise AssertionError(f"Timed out waiting for {what}.\n{logs}")


def kill_while_sending(worker: Worker, mail_dir: Path, after: int) -> set[str]:
    """Waits until ``after`` e-mails are written and the next one is on its way (its marker
    is there, its file not yet), then kills the worker. Returns who was mid-send."""
    wait_for(
        lambda: (
            len(list(mail_dir.glob("*.eml"))) >= after
            and sending(mail_dir) > len(list(mail_dir.glob("*.eml")))
        ),
        f"{after} e-mails sent and one more on its way",
        [worker],
    )
    worker.kill()
    written = {path.stem for path in mail_dir.glob("*.eml")}
    return {path.read_text() for path in mail_dir.glob("*.sending") if path.stem not in written}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_digest_batch_killed_mid_send_reaches_everyone_exactly_once(workers):
    readers = people(30)
    waiting(readers, per_person=2)
    enqueue(
        "wemi_community.notifications.tasks.digest_send_batch",
        [reader.pk for reader in readers],
        DAY.isoformat(),
    )
    mail_dir = workers.mail_dir
    first = workers("first")
    in_flight = kill_while_sending(first, mail_dir, after=8)
    before = mails(mail_dir)
    assert 8 <= sum(before.values()) < len(readers)
    assert len(in_flight) == 1  # claimed, handed to the backend, not sent at the kill
    assert set(before.values()) == {1}

    second = workers("second")
    expected = {reader.email for reader in readers}
    wait_for(
        lambda: (
            DigestDelivery.objects.filter(day=DAY, sent_at__isnull=False).count() == len(readers)
            and not OrmQ.objects.exists()
        ),
        "every digest sent and the task acknowledged",
        [first, second],
    )
    after = mails(mail_dir)
    # Everyone exactly once: the digests sent before the kill are not sent again, and those
    # the killed run had claimed but not sent, including the one on its way at the kill,
    # are sent by the retried task once their claims are older than the task timeout.
    assert set(after) == expected
    assert set(after.values()) == {1}, {who: n for who, n in after.items() if n != 1}
    assert in_flight <= set(after)
    assert DigestDelivery.objects.filter(day=DAY).count() == len(readers)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_confirmation_killed_mid_send_is_sent_once_by_the_retry(workers):
    user = UserFactory(
        email="nuova@esempio.example",
        display_name="Nuova",
        is_active=False,
        email_confirmed_at=None,
    )
    request = AccountEmail.objects.create(user=user, kind=AccountEmail.Kind.CONFIRMATION)
    task = "wemi_community.accounts.tasks.send_confirmation_email"
    enqueue(task, user.pk, "it", request.pk)
    mail_dir = workers.mail_dir
    first = workers("first")
    in_flight = kill_while_sending(first, mail_dir, after=0)
    assert in_flight == {user.email}
    assert mails(mail_dir) == Counter()
    request.refresh_from_db()
    assert request.claimed_at is not None and request.sent_at is None

    # A duplicate of the task, queued meanwhile, must not add a second e-mail either.
    enqueue(task, user.pk, "it", request.pk)
    second = workers("second")
    wait_for(
        lambda: (
            AccountEmail.objects.filter(pk=request.pk, sent_at__isnull=False).exists()
            and not OrmQ.objects.exists()
        ),
        "the confirmation sent and both tasks acknowledged",
        [first, second],
    )
    assert mails(mail_dir) == Counter({user.email: 1})
