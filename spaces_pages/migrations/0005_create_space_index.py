"""/spazi/ exists on every install: the index of the Spazi WeMi, just under the home page."""

import uuid

from django.db import migrations
from django.utils import timezone

INTRO = (
    "<p>Gli Spazi WeMi sono luoghi di quartiere del Comune di Milano, almeno uno in ogni "
    "Municipio, dove trovare ascolto, informazioni e servizi per la casa, la famiglia e la "
    "cura. Cerca quello più vicino a te: ogni Spazio ha i suoi orari e le sue attività.</p>"
)
SLUG = "spazi"
TITLE = "Spazi WeMi"
# django-treebeard's materialised path: 4 base-36 characters per level.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def _int2str(number: int) -> str:
    digits = ""
    while True:
        number, remainder = divmod(number, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
        if number == 0:
            return digits.rjust(STEPLEN, "0")


def _str2int(text: str) -> int:
    return int(text, len(ALPHABET))


def create_index(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("spaces_pages", "HomePage")
    SpaceIndexPage = apps.get_model("spaces_pages", "SpaceIndexPage")

    home = HomePage.objects.order_by("path").first()
    if home is None or SpaceIndexPage.objects.exists():
        return
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    if children.filter(slug=SLUG).exists():
        return  # an editor's own page already answers at /spazi/
    last = children.order_by("-path").values_list("path", flat=True).first()
    step = _str2int(last[-STEPLEN:]) + 1 if last else 1
    content_type, _ = ContentType.objects.get_or_create(
        app_label="spaces_pages", model="spaceindexpage"
    )
    now = timezone.now()
    SpaceIndexPage.objects.create(
        title=TITLE,
        draft_title=TITLE,
        slug=SLUG,
        content_type=content_type,
        path=home.path + _int2str(step),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{SLUG}/",
        intro=INTRO,
        locale_id=home.locale_id,
        translation_key=uuid.uuid4(),
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
    )
    Page.objects.filter(pk=home.pk).update(numchild=children.count())


class Migration(migrations.Migration):
    dependencies = [
        ("spaces_pages", "0004_spaces"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_index, migrations.RunPython.noop)]
