"""City staff edit every page of the site and manage its images and documents: Wagtail
permissions for the "city_staff" role group, on the home page and the root collection."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PAGE_ACTIONS = ["add", "change", "publish", "bulk_delete", "lock", "unlock"]
COLLECTION_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "delete_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "delete_document", "choose_document"],
}


def grant(apps, schema_editor):
    for label in ("wagtailcore", "wagtailimages", "wagtaildocs"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    HomePage = apps.get_model("spaces_pages", "HomePage")

    city_staff, _ = Group.objects.get_or_create(name="city_staff")
    home = HomePage.objects.order_by("path").first()
    if home is not None:
        for action in PAGE_ACTIONS:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore",
                content_type__model="page",
                codename=f"{action}_page",
            )
            GroupPagePermission.objects.get_or_create(
                group=city_staff, page_id=home.pk, permission=permission
            )
    root = Collection.objects.filter(depth=1).first()
    if root is not None:
        for app_label, codenames in COLLECTION_PERMISSIONS.items():
            for permission in Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            ):
                GroupCollectionPermission.objects.get_or_create(
                    group=city_staff, collection=root, permission=permission
                )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    city_staff = Group.objects.filter(name="city_staff").first()
    if city_staff is not None:
        GroupPagePermission.objects.filter(group=city_staff).delete()
        GroupCollectionPermission.objects.filter(group=city_staff).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("spaces_pages", "0005_create_space_index"),
        ("accounts", "0003_role_admin_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
