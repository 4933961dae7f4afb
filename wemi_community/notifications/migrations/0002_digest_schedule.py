"""The daily digest's schedule: django-q2 runs ``tasks.digest_dispatch`` every day at
WEMI_DIGEST_HOUR:00, Rome time (django-q keeps the hour across daylight-saving changes)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations

NAME = "notifications.daily_digest"
FUNC = "wemi_community.notifications.tasks.digest_dispatch"
ROME = ZoneInfo("Europe/Rome")


def next_digest_run(now=None):
    now = (now or datetime.now(tz=ROME)).astimezone(ROME)
    run = datetime.combine(now.date(), time(settings.WEMI_DIGEST_HOUR), tzinfo=ROME)
    if run <= now:
        run = datetime.combine(
            now.date() + timedelta(days=1), time(settings.WEMI_DIGEST_HOUR), tzinfo=ROME
        )
    return run


def create_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    fields = {
        "func": FUNC,
        "schedule_type": "D",  # Schedule.DAILY
        "repeats": -1,
        "next_run": next_digest_run(),
        # The time the run was meant for: a late run still sends that day's digest.
        "intended_date_kwarg": "day",
    }
    schedule = Schedule.objects.filter(name=NAME).order_by("pk").first()
    if schedule is None:
        Schedule.objects.create(name=NAME, **fields)
    else:
        Schedule.objects.filter(pk=schedule.pk).update(**fields)


def delete_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedule, delete_schedule)]
