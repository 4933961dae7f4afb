# The audit trail now lives in the core app (its 0001 takes over the same table). Only
# Django's state changes here; the content type follows the model, so permissions granted on
# it stay attached.

from django.db import migrations


def content_type_to_core(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="core", model="auditentry").exists():
        ContentType.objects.using(db).filter(app_label="participation", model="auditentry").update(
            app_label="core"
        )


def content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(
        app_label="participation", model="auditentry"
    ).exists():
        ContentType.objects.using(db).filter(app_label="core", model="auditentry").update(
            app_label="participation"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("participation", "0002_comments_follows_reports"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEntry")],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_core, content_type_back),
    ]
