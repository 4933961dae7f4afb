"""Consents per version: every account that accepted the notice before versions were
recorded gets a PrivacyConsent of version "2026-01" at the moment it accepted. Also the
moment of the last inactivity warning and the claim of a deletion's final e-mail."""

from django.db import migrations, models

FIRST_VERSION = "2026-01"


def consents_from_timestamps(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    PrivacyConsent = apps.get_model("accounts", "PrivacyConsent")
    have = set(
        PrivacyConsent.objects.filter(version=FIRST_VERSION).values_list("user_id", flat=True)
    )
    rows = [
        PrivacyConsent(
            user_id=pk, version=FIRST_VERSION, accepted_at=accepted_at, channel="online"
        )
        for pk, accepted_at in User.objects.filter(privacy_consent_at__isnull=False)
        .values_list("pk", "privacy_consent_at")
        .iterator()
        if pk not in have
    ]
    PrivacyConsent.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_identity_consent_export_deletion"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="inactivity_warnings_sent",
            field=models.PositiveSmallIntegerField(
                db_default=0, default=0, verbose_name="inactivity warnings sent"
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="inactivity_warned_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last warned at"),
        ),
        migrations.AddField(
            model_name="accountdeletion",
            name="final_email_sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(consents_from_timestamps, migrations.RunPython.noop),
    ]
