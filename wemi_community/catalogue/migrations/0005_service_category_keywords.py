from django.db import migrations, models


def load_keywords(apps, schema_editor):
    from wemi_community.catalogue.reference import load_keywords

    load_keywords(apps.get_model("catalogue", "ServiceCategory"))


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0004_service_category_english_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicecategory",
            name="keywords",
            field=models.TextField(
                blank=True,
                help_text=(
                    "Words people use for this service (e.g. “badante” for home care), "
                    "separated by commas: the site search finds the service by them too."
                ),
                verbose_name="other words for it",
            ),
        ),
        migrations.RunPython(load_keywords, migrations.RunPython.noop),
    ]
