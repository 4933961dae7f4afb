# The offers and the shared services moved to their own app, shared_services, whose first
# migration takes over the same tables. Only Django's state changes here; the content types
# follow the models, so notifications, audit entries, follows, comments and permissions that
# point at them keep pointing at them.

from django.db import migrations

MOVED = (
    "offer",
    "priceband",
    "sharedservice",
    "copaymentshare",
    "membership",
    "deliveryentry",
    "deliverycheck",
    "servicerating",
)


def _move_content_types(apps, schema_editor, *, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if not ContentType.objects.using(db).filter(app_label=target, model=model).exists():
            ContentType.objects.using(db).filter(app_label=source, model=model).update(
                app_label=target
            )


def content_types_to_shared_services(apps, schema_editor):
    _move_content_types(apps, schema_editor, source="proposals", target="shared_services")


def content_types_back(apps, schema_editor):
    _move_content_types(apps, schema_editor, source="shared_services", target="proposals")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("proposals", "0004_proposal_lab"),
        ("shared_services", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="deliverycheck",
                    name="entry",
                ),
                migrations.RemoveField(
                    model_name="deliverycheck",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="deliveryentry",
                    name="logged_by",
                ),
                migrations.RemoveField(
                    model_name="deliveryentry",
                    name="service",
                ),
                migrations.RemoveField(
                    model_name="membership",
                    name="service",
                ),
                migrations.RemoveField(
                    model_name="membership",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="offer",
                    name="organisation",
                ),
                migrations.RemoveField(
                    model_name="offer",
                    name="proposal",
                ),
                migrations.RemoveField(
                    model_name="offer",
                    name="submitted_by",
                ),
                migrations.RemoveField(
                    model_name="priceband",
                    name="offer",
                ),
                migrations.RemoveField(
                    model_name="sharedservice",
                    name="offer",
                ),
                migrations.RemoveField(
                    model_name="servicerating",
                    name="service",
                ),
                migrations.RemoveField(
                    model_name="servicerating",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="sharedservice",
                    name="category",
                ),
                migrations.RemoveField(
                    model_name="sharedservice",
                    name="proposal",
                ),
                migrations.RemoveField(
                    model_name="sharedservice",
                    name="provider",
                ),
                migrations.RemoveField(
                    model_name="sharedservice",
                    name="space",
                ),
                migrations.DeleteModel(
                    name="CopaymentShare",
                ),
                migrations.DeleteModel(
                    name="DeliveryCheck",
                ),
                migrations.DeleteModel(
                    name="DeliveryEntry",
                ),
                migrations.DeleteModel(
                    name="Membership",
                ),
                migrations.DeleteModel(
                    name="PriceBand",
                ),
                migrations.DeleteModel(
                    name="Offer",
                ),
                migrations.DeleteModel(
                    name="ServiceRating",
                ),
                migrations.DeleteModel(
                    name="SharedService",
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_shared_services, content_types_back),
    ]
