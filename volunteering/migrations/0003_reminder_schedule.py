"""The hourly schedule of the shifts' reminders used to be written here. The schedules are now declared in the modules'
``tasks.py`` and written after every ``migrate`` (``wemi_community.core.schedules``); this migration
stays, doing nothing, because later ones depend on it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("volunteering", "0002_skills"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
