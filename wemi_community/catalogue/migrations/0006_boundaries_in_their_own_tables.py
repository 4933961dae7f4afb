import django.db.models.deletion
from django.db import migrations, models


def move_boundaries(apps, schema_editor):
    for owner, model_name in (("municipio", "Municipio"), ("nil", "Nil")):
        Model = apps.get_model("catalogue", model_name)
        Boundary = apps.get_model("catalogue", f"{model_name}Boundary")
        Boundary.objects.bulk_create(
            Boundary(**{f"{owner}_id": pk}, geometry=geometry)
            for pk, geometry in Model.objects.values_list("pk", "boundary").iterator()
            if geometry
        )


def move_back(apps, schema_editor):
    for owner, model_name in (("municipio", "Municipio"), ("nil", "Nil")):
        Model = apps.get_model("catalogue", model_name)
        Boundary = apps.get_model("catalogue", f"{model_name}Boundary")
        for pk, geometry in Boundary.objects.values_list(f"{owner}_id", "geometry"):
            Model.objects.filter(pk=pk).update(boundary=geometry)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_service_category_keywords")]

    operations = [
        migrations.CreateModel(
            name="MunicipioBoundary",
            fields=[
                (
                    "municipio",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="catalogue.municipio",
                    ),
                ),
                (
                    "geometry",
                    models.JSONField(default=dict, verbose_name="boundary (GeoJSON geometry)"),
                ),
            ],
            options={"verbose_name": "Municipio boundary"},
        ),
        migrations.CreateModel(
            name="NilBoundary",
            fields=[
                (
                    "nil",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="catalogue.nil",
                    ),
                ),
                (
                    "geometry",
                    models.JSONField(default=dict, verbose_name="boundary (GeoJSON geometry)"),
                ),
            ],
            options={"verbose_name": "NIL boundary"},
        ),
        migrations.RunPython(move_boundaries, move_back),
        migrations.RemoveField(model_name="municipio", name="boundary"),
        migrations.RemoveField(model_name="nil", name="boundary"),
        # Only now may the reverse accessor take the removed field's name.
        migrations.AlterField(
            model_name="municipioboundary",
            name="municipio",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                primary_key=True,
                related_name="boundary",
                serialize=False,
                to="catalogue.municipio",
            ),
        ),
        migrations.AlterField(
            model_name="nilboundary",
            name="nil",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                primary_key=True,
                related_name="boundary",
                serialize=False,
                to="catalogue.nil",
            ),
        ),
    ]
