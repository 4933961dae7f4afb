"""Admin roles may open the Wagtail admin; city staff manage the provider organisations."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMIN_ROLES = ["space_coordinator", "desk_operator", "city_staff"]
CITY_STAFF_MODELS = ["organisation", "organisationstaff"]


def grant(apps, schema_editor):
    # Model permissions are normally created after migrate; this one needs them now.
    app_config = apps.get_app_config("accounts")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for name in ADMIN_ROLES:
        Group.objects.get_or_create(name=name)[0].permissions.add(access_admin)
    city_staff = Group.objects.get(name="city_staff")
    city_staff.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="accounts", content_type__model__in=CITY_STAFF_MODELS
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    city_staff = Group.objects.filter(name="city_staff").first()
    if city_staff is not None:
        city_staff.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="accounts", content_type__model__in=CITY_STAFF_MODELS
            )
        )
    for group in Group.objects.filter(name__in=ADMIN_ROLES):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_role_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
