"""The shared list of skills volunteers choose from (free tags complete it)."""

from django.db import migrations
from django.utils.text import slugify

SKILLS = (
    "Accoglienza e ascolto",
    "Facilitazione digitale",
    "Aiuto compiti",
    "Insegnamento dell'italiano",
    "Traduzione e mediazione linguistica",
    "Animazione per bambini",
    "Compagnia agli anziani",
    "Organizzazione di eventi",
    "Cucina",
    "Guida e accompagnamento",
    "Segreteria e amministrazione",
    "Comunicazione e social",
    "Giardinaggio",
    "Piccole riparazioni",
    "Educazione finanziaria",
)


def add_skills(apps, schema_editor):
    Skill = apps.get_model("volunteering", "Skill")
    for name in SKILLS:
        Skill.objects.get_or_create(slug=slugify(name), defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("volunteering", "0001_initial")]

    operations = [migrations.RunPython(add_skills, migrations.RunPython.noop)]
