"""City staff set the proposal thresholds in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="proposals", content_type__model="proposalthreshold"
    )


def grant(apps, schema_editor):
    # Model permissions are normally created after migrate; this one needs them now.
    app_config = apps.get_app_config("proposals")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="city_staff")[0].permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="city_staff").first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0002_expiry_schedule"),
        ("accounts", "0003_role_admin_permissions"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
