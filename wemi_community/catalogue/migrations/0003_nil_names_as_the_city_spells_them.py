"""The NIL's names as the City spells them ("Città Studi", "XXII Marzo") instead of the open
data's capitals, on databases loaded before the CSV carried them (data/README.md)."""

import csv

from django.db import migrations


def _names(column: str) -> dict[int, str]:
    from wemi_community.catalogue.reference import DATA_DIR

    with (DATA_DIR / "milano_nil.csv").open(encoding="utf-8", newline="") as handle:
        return {int(row["id_nil"]): row[column].strip() for row in csv.DictReader(handle)}


def _rename(apps, column: str) -> None:
    Nil = apps.get_model("catalogue", "Nil")
    names = _names(column)
    for nil in Nil.objects.filter(code__in=names):
        if nil.name != names[nil.code]:
            nil.name = names[nil.code]
            nil.save(update_fields=["name"])


def forwards(apps, schema_editor):
    _rename(apps, "name")


def backwards(apps, schema_editor):
    _rename(apps, "nil")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_load_reference_data")]
    operations = [migrations.RunPython(forwards, backwards)]
