"""The hourly schedule that reminds volunteers of tomorrow's shifts, once each."""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone

NAME = "volunteering.send_reminders"
FUNC = "volunteering.tasks.send_reminders"


def create_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    fields = {
        "func": FUNC,
        "schedule_type": "H",  # Schedule.HOURLY
        "repeats": -1,
        "next_run": timezone.now().replace(minute=25, second=0, microsecond=0)
        + timedelta(hours=1),
    }
    if not Schedule.objects.filter(name=NAME).update(**fields):
        Schedule.objects.create(name=NAME, **fields)


def delete_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("volunteering", "0002_skills"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedule, delete_schedule)]
