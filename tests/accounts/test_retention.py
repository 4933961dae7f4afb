"""Retention of inactive accounts: warnings 30 and 7 days before, then the deletion; each
once, whatever the instant and however often the task runs."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, UserFactory
from wemi_community.accounts import tasks
from wemi_community.accounts.models import AccountDeletion, User
from wemi_community.core.milan import ROME

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)

# Awkward instants for the deletion's day (Milan time).
INSTANTS = {
    "new-years-eve": datetime.datetime(2026, 12, 31, 23, 30, tzinfo=ROME),
    "leap-day": datetime.datetime(2028, 2, 29, 12, 0, tzinfo=ROME),
    "dst-spring": datetime.datetime(2027, 3, 28, 2, 30, tzinfo=ROME),
    "dst-autumn": datetime.datetime(2027, 10, 31, 2, 30, tzinfo=ROME),
}


def _run_at(moment: datetime.datetime) -> dict:
    with time_machine.travel(moment, tick=False):
        return tasks.retention()


def _inactive_since(moment: datetime.datetime, **fields) -> User:
    with time_machine.travel(moment, tick=False):
        return UserFactory(last_login=moment, **fields)


@pytest.mark.parametrize("instant", list(INSTANTS), ids=list(INSTANTS))
def test_warned_at_30_and_7_days_then_deleted_once(instant, settings):
    settings.RETENTION_INACTIVE_DAYS = 730
    settings.RETENTION_WARNING_DAYS = [30, 7]
    # Days are real days: the arithmetic is done in UTC, not on the wall clock.
    deadline = INSTANTS[instant].astimezone(datetime.UTC)
    person = _inactive_since(deadline - 730 * DAY, email="dormiente@esempio.example")
    mail.outbox.clear()

    # 31 days before: nothing yet.
    assert _run_at(deadline - 31 * DAY) == {"warned": 0, "deleted": 0}
    # 30 days before: the first warning; run again the same day: nothing more.
    assert _run_at(deadline - 30 * DAY)["warned"] == 1
    assert _run_at(deadline - 30 * DAY + datetime.timedelta(hours=3))["warned"] == 0
    person.refresh_from_db()
    assert person.inactivity_warnings_sent == 1
    first = mail.outbox[-1]
    assert first.to == ["dormiente@esempio.example"]
    assert "sarà eliminato" in first.subject
    # 7 days before: the second warning, once.
    assert _run_at(deadline - 8 * DAY)["warned"] == 0
    assert _run_at(deadline - 7 * DAY)["warned"] == 1
    assert _run_at(deadline - 7 * DAY + DAY / 2) == {"warned": 0, "deleted": 0}
    assert len(mail.outbox) == 2
    # The deadline: deleted, once.
    assert _run_at(deadline - datetime.timedelta(minutes=1))["deleted"] == 0
    assert _run_at(deadline)["deleted"] == 1
    assert _run_at(deadline + DAY) == {"warned": 0, "deleted": 0}
    person.refresh_from_db()
    assert person.is_deleted
    assert AccountDeletion.objects.get(user=person).channel == AccountDeletion.Channel.RETENTION


def test_a_late_run_never_sends_two_warnings_together(settings):
    settings.RETENTION_WARNING_DAYS = [30, 7]
    now = datetime.datetime(2027, 6, 1, 10, tzinfo=ROME)
    # Long past the limit already (the task was off): warned first, deleted only later.
    person = _inactive_since(now - 800 * DAY)
    assert _run_at(now) == {"warned": 1, "deleted": 0}
    assert _run_at(now + DAY) == {"warned": 0, "deleted": 0}
    assert _run_at(now + 23 * DAY) == {"warned": 1, "deleted": 0}
    assert _run_at(now + 29 * DAY) == {"warned": 0, "deleted": 0}
    assert _run_at(now + 30 * DAY) == {"warned": 0, "deleted": 1}
    person.refresh_from_db()
    assert person.is_deleted


def test_a_sign_in_starts_the_count_again(client, settings):
    now = datetime.datetime(2027, 6, 1, 10, tzinfo=ROME)
    person = _inactive_since(now - 720 * DAY, email="torna@esempio.example")
    assert _run_at(now)["warned"] == 1
    with time_machine.travel(now + DAY, tick=False):
        response = client.post(
            reverse("accounts:login"),
            {"username": "torna@esempio.example", "password": DEFAULT_PASSWORD},
        )
        assert response.status_code == 302
    person.refresh_from_db()
    assert person.inactivity_warnings_sent == 0
    assert person.inactivity_warned_at is None
    assert _run_at(now + 20 * DAY) == {"warned": 0, "deleted": 0}
    person.refresh_from_db()
    assert not person.is_deleted


def test_staff_and_accounts_without_email_are_never_deleted(settings):
    now = datetime.datetime(2028, 2, 29, 12, tzinfo=ROME)
    long_ago = now - 2000 * DAY
    staff = _inactive_since(long_ago, is_staff=True)
    coordinator = _inactive_since(long_ago, roles=["space_coordinator"])
    desk_resident = _inactive_since(long_ago, email=None)
    ordinary = _inactive_since(long_ago)
    volunteer = _inactive_since(long_ago, roles=["volunteer"])
    for offset in (0, 30, 60):
        _run_at(now + offset * DAY)
    for person in (staff, coordinator, desk_resident):
        person.refresh_from_db()
        assert not person.is_deleted
        assert person.inactivity_warnings_sent == 0
    for person in (ordinary, volunteer):
        person.refresh_from_db()
        assert person.is_deleted


def test_never_signed_in_counts_from_the_day_of_joining(settings):
    joined = datetime.datetime(2025, 1, 1, 9, tzinfo=ROME)
    with time_machine.travel(joined, tick=False):
        person = UserFactory(last_login=None)
    assert _run_at(joined + (730 - 31) * DAY)["warned"] == 0
    assert _run_at(joined + (730 - 30) * DAY)["warned"] == 1
    person.refresh_from_db()
    assert person.inactivity_warnings_sent == 1


def test_expired_sessions_are_cleared(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    now = datetime.datetime(2027, 10, 31, 2, 30, tzinfo=ROME)
    with time_machine.travel(now - 30 * DAY, tick=False):
        old = SessionStore()
        old["x"] = 1
        old.set_expiry(3600)
        old.save()
    with time_machine.travel(now, tick=False):
        fresh = SessionStore()
        fresh["x"] = 2
        fresh.save()
        tasks.clear_expired_sessions()
    keys = set(Session.objects.values_list("session_key", flat=True))
    assert fresh.session_key in keys
    assert old.session_key not in keys
