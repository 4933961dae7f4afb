from django.db import migrations

INTRO = (
    "<p>WeMi è la rete dei servizi di welfare del Comune di Milano: spazi di quartiere in ogni "
    "Municipio dove trovare aiuto per la casa, la famiglia e la cura. Qui i residenti propongono "
    "e condividono servizi, partecipano ai laboratori e alle attività degli Spazi WeMi.</p>"
)


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("spaces_pages", "HomePage")

    # Wagtail's own first migration leaves a placeholder "Welcome" page: replace it.
    Page.objects.filter(depth=2, slug="home", content_type__app_label="wagtailcore").delete()

    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="spaces_pages")
    locale = Locale.objects.filter(language_code="it").first() or Locale.objects.first()
    home = HomePage.objects.create(
        title="WeMi Community",
        draft_title="WeMi Community",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        intro=INTRO,
        locale=locale,
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "WeMi Community"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("spaces_pages", "0001_initial"),
        ("wagtailcore", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    run_before = []
    operations = [migrations.RunPython(create_homepage, migrations.RunPython.noop)]
