from django.db import migrations, models
from django.db.models import F


def finished_before(apps, schema_editor):
    # Rows handed over before this field existed are not to be handed over again.
    OutboxTask = apps.get_model("core", "OutboxTask")
    OutboxTask.objects.filter(dispatched_at__isnull=False).update(completed_at=F("dispatched_at"))


class Migration(migrations.Migration):
    dependencies = [("core", "0002_outbox")]

    operations = [
        migrations.AddField(
            model_name="outboxtask",
            name="completed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="finished"),
        ),
        migrations.RunPython(finished_before, migrations.RunPython.noop),
    ]
