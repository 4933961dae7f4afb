from django.db import migrations


def load(apps, schema_editor):
    from wemi_community.catalogue.reference import load_all

    load_all(
        apps.get_model("catalogue", "Municipio"),
        apps.get_model("catalogue", "Nil"),
        apps.get_model("catalogue", "ServiceCategory"),
    )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
