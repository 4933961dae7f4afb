"""The content page type and the demo pages."""

import io

import pytest
from wagtail.models import Site
from wagtail_localize.synctree import create_aliases_for_new_page

from cms_templates import i18n
from spaces_pages import demo
from spaces_pages.models import HomePage, StandardPage

from .helpers import soup, text

pytestmark = pytest.mark.django_db


def test_seed_creates_and_publishes_the_content_pages_once():
    out = io.StringIO()
    demo.seed(stdout=out)
    demo.seed(stdout=out)

    home = Site.objects.get(is_default_site=True).root_page
    pages = StandardPage.objects.child_of(home).live().order_by("slug")
    assert [(p.slug, p.title) for p in pages] == [
        ("chi-siamo", "Chi siamo"),
        ("dichiarazione-di-accessibilita", "Dichiarazione di accessibilità"),
        ("privacy", "Informativa sulla privacy"),
    ]
    assert "already exists" in out.getvalue()


def test_seed_leaves_an_edited_page_alone():
    demo.seed()
    page = StandardPage.objects.get(slug="privacy", locale__language_code="it")
    page.title = "Privacy (edited)"
    page.save_revision().publish()

    demo.seed()

    assert StandardPage.objects.get(pk=page.pk).title == "Privacy (edited)"


def test_accessibility_statement_follows_the_agid_model(client):
    demo.seed()

    response = client.get("/dichiarazione-di-accessibilita/")

    assert response.status_code == 200
    document = soup(response)
    assert text(document.select_one("main h1")) == "Dichiarazione di accessibilità"
    headings = [text(h) for h in document.select("main article h2")]
    assert headings == [
        "Stato di conformità",
        "Contenuti non accessibili",
        "Redazione della dichiarazione di accessibilità",
        "Meccanismo di feedback e recapiti",
        "Procedura di attuazione",
    ]
    assert "parzialmente conforme" in text(document.main)
    assert "esempio" in text(document.main)


def test_privacy_notice_is_marked_as_demo_and_covers_the_sections(client):
    demo.seed()

    document = soup(client.get("/privacy/"))

    headings = [text(h) for h in document.select("main article h2")]
    assert headings == [
        "Titolare del trattamento",
        "Dati trattati",
        "Finalità",
        "Base giuridica",
        "Conservazione",
        "Diritti",
        "Contatti",
    ]
    assert "Testo dimostrativo" in text(document.main)


def test_the_english_site_shows_the_translation_of_a_page(client):
    demo.seed()

    document = soup(client.get("/en/privacy/"))

    assert document.html["lang"] == "en"
    assert text(document.select_one("main h1")) == "Privacy notice"
    assert not document.select_one("main article").has_attr("lang")
    breadcrumb = document.select_one("nav.breadcrumb-container")
    assert [a["href"] for a in breadcrumb.select("a")] == ["/en/"]


def test_a_page_not_translated_yet_is_marked_as_italian_on_the_english_site(client):
    page = StandardPage(title="Novità", slug="novita", body=[("paragraph", "<p>Ciao</p>")])
    i18n.in_default_language(HomePage.objects.all()).get().add_child(instance=page)
    create_aliases_for_new_page(page)  # as the admin does: an alias until translated

    document = soup(client.get("/en/novita/"))

    assert document.html["lang"] == "en"
    assert document.select_one("main article")["lang"] == "it"
    assert "Ciao" in text(document.select_one("main article"))


def test_standard_pages_live_under_the_home_page_or_each_other():
    assert StandardPage.can_create_at(i18n.in_default_language(HomePage.objects.all()).get())
    assert StandardPage.allowed_parent_page_models() == [HomePage, StandardPage]
    assert StandardPage.allowed_subpage_models() == [StandardPage]
