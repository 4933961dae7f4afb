"""The periodic tasks: declared once in the modules' tasks.py, written to django-q2's
schedules after migrate, kept in step by name."""

from dataclasses import replace
from datetime import UTC, datetime
from importlib import import_module

import pytest
from django_q.models import Schedule

from events import tasks as event_tasks
from wemi_community.core import schedules

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 10, 40, tzinfo=UTC)
DECLARED = {
    ("accounts.retention", "wemi_community.accounts.tasks.retention", Schedule.DAILY),
    (
        "accounts.clear_expired_sessions",
        "wemi_community.accounts.tasks.clear_expired_sessions",
        Schedule.DAILY,
    ),
    ("labs.forget_guests", "labs.tasks.forget_guests", Schedule.DAILY),
    (
        "desk.forget_expired_activation_codes",
        "desk.tasks.forget_expired_activation_codes",
        Schedule.DAILY,
    ),
    ("events.send_reminders", "events.tasks.send_reminders", Schedule.HOURLY),
    ("volunteering.send_reminders", "volunteering.tasks.send_reminders", Schedule.HOURLY),
    ("proposals.expire_overdue", "proposals.tasks.expire_overdue", Schedule.HOURLY),
    (
        "desk.send_appointment_reminders",
        "desk.tasks.send_appointment_reminders",
        Schedule.HOURLY,
    ),
    (
        "notifications.daily_digest",
        "wemi_community.notifications.tasks.digest_dispatch",
        Schedule.DAILY,
    ),
    (
        "observatory.monthly_reports",
        "observatory.tasks.monthly_reports_make",
        Schedule.MONTHLY,
    ),
    (
        "observatory.open_data_rebuild",
        "observatory.open_data_tasks.open_data_rebuild",
        Schedule.DAILY,
    ),
    (
        "accounts.expire_data_exports",
        "wemi_community.accounts.tasks.expire_data_exports",
        Schedule.HOURLY,
    ),
    (
        "evidence.figures_rebuild",
        "wemi_community.evidence.tasks.figures_rebuild_nightly",
        Schedule.DAILY,
    ),
}


def stored():
    return set(Schedule.objects.values_list("name", "func", "schedule_type"))


def test_after_migrate_exactly_the_declared_schedules_exist():
    assert stored() == DECLARED
    assert {(p.name, p.func, p.schedule_type) for p in schedules.declared()} == DECLARED
    assert set(Schedule.objects.values_list("repeats", flat=True)) == {-1}
    minutes = dict(Schedule.objects.values_list("name", "next_run__minute"))
    assert minutes["events.send_reminders"] == 15
    assert minutes["volunteering.send_reminders"] == 25
    assert minutes["proposals.expire_overdue"] == 5
    assert minutes["desk.send_appointment_reminders"] == 35


@pytest.mark.parametrize("path", sorted(func for _name, func, _type in DECLARED))
def test_each_scheduled_function_exists(path):
    module, name = path.rsplit(".", 1)
    assert callable(getattr(import_module(module), name))


def test_running_it_again_creates_no_duplicate_and_changes_nothing():
    before = list(Schedule.objects.order_by("pk").values())
    schedules.sync(now=NOW)
    schedules.sync(now=NOW)
    assert list(Schedule.objects.order_by("pk").values()) == before


def test_a_changed_declaration_updates_its_schedule(monkeypatch):
    (reminders,) = event_tasks.SCHEDULES
    changed = replace(reminders, schedule_type=Schedule.MINUTES, minutes=30)
    monkeypatch.setattr(event_tasks, "SCHEDULES", (changed,))
    schedules.sync(now=NOW)
    schedule = Schedule.objects.get(name="events.send_reminders")
    assert (schedule.schedule_type, schedule.minutes) == (Schedule.MINUTES, 30)
    # New timing, new first run.
    assert schedule.next_run == datetime(2026, 11, 23, 11, 15, tzinfo=UTC)
    assert Schedule.objects.filter(name="events.send_reminders").count() == 1
    assert stored() == DECLARED - {
        ("events.send_reminders", "events.tasks.send_reminders", Schedule.HOURLY)
    } | {("events.send_reminders", "events.tasks.send_reminders", Schedule.MINUTES)}


def test_ours_no_longer_declared_go_others_stay(monkeypatch):
    monkeypatch.setattr(event_tasks, "SCHEDULES", ())
    Schedule.objects.create(name="events.old_task", func="events.tasks.gone", schedule_type="H")
    Schedule.objects.create(name="pulizia a mano", func="math.floor", schedule_type="D")
    copy = Schedule.objects.get(name="proposals.expire_overdue")
    copy.pk = None
    copy.save()
    schedules.sync(now=NOW)
    names = list(Schedule.objects.values_list("name", flat=True))
    assert "events.send_reminders" not in names
    assert "events.old_task" not in names
    assert "pulizia a mano" in names
    assert names.count("proposals.expire_overdue") == 1


def test_a_missing_schedule_is_made_again(settings):
    settings.WEMI_DIGEST_HOUR = 7
    Schedule.objects.filter(name="notifications.daily_digest").delete()
    schedules.sync(now=NOW)
    digest = Schedule.objects.get(name="notifications.daily_digest")
    assert digest.next_run == datetime(2026, 11, 24, 6, 0, tzinfo=UTC)  # 07:00 in Rome
    assert digest.intended_date_kwarg == "day"
