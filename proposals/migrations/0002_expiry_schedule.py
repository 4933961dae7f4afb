"""The hourly schedule that expires overdue proposals and lapsed seat invitations."""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone

NAME = "proposals.expire_overdue"
FUNC = "proposals.tasks.expire_overdue"


def create_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    fields = {
        "func": FUNC,
        "schedule_type": "H",  # Schedule.HOURLY
        "repeats": -1,
        "next_run": timezone.now().replace(minute=5, second=0, microsecond=0)
        + timedelta(hours=1),
    }
    if not Schedule.objects.filter(name=NAME).update(**fields):
        Schedule.objects.create(name=NAME, **fields)


def delete_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedule, delete_schedule)]
