"""The site in two languages: the English tree of pages that wagtail-localize keeps in step
with the Italian one, read through cms_templates.i18n, and the demo's translations."""

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Locale, Page
from wagtail_localize.models import LocaleSynchronization, Translation

from cms_templates import i18n
from spaces_pages import sections, selectors
from spaces_pages.demo.translations import translate_page
from spaces_pages.models import HomePage, SpaceIndexPage, SpacePage, StandardPage
from spaces_pages.services import (
    site_translations_ensure,
    space_groups_ensure,
    space_translations_sync,
)
from tests.cms.helpers import soup, text
from tests.factories import UserFactory
from wemi_community.catalogue.models import Municipio

from .helpers import make_space, space_index

pytestmark = pytest.mark.django_db


def english(page):
    return page.get_translation(Locale.objects.get(language_code="en")).specific


@pytest.fixture
def translated_space():
    """A space with its English page, translated (not an alias)."""
    space = make_space("WeMi Prova", closures=[(date(2099, 8, 10), date(2099, 8, 21), "Ferie")])
    space.save_revision().publish()
    site_translations_ensure()
    translate_page(space, {"title": "WeMi Prova", "body": []})
    return space


# --- Locales and the English tree ------------------------------------------------------------


def test_every_install_has_the_english_locale_synchronised_from_italian():
    english_locale = Locale.objects.get(language_code="en")
    sync = LocaleSynchronization.objects.get(locale=english_locale)
    assert sync.sync_from.language_code == "it"


def test_the_english_tree_mirrors_the_italian_one_and_is_idempotent():
    space = space_index().add_child(
        instance=SpacePage(
            title="WeMi Uno", slug="wemi-uno", municipio=Municipio.objects.first(), address="Via 1"
        )
    )  # made in code, not in the admin: no English page yet
    first = site_translations_ensure()
    second = site_translations_ensure()

    assert first["aliases"] == 1
    assert second["aliases"] == 0
    assert english(space).alias_of_id == space.pk
    assert english(space).url == "/en/spazi/wemi-uno/"


def test_city_staff_may_edit_the_english_pages_too():
    site_translations_ensure()
    italian_home = i18n.in_default_language(HomePage.objects.all()).get()
    english_home = english(italian_home)
    granted = set(italian_home.group_permissions.values_list("group__name", "permission__codename"))
    assert granted
    assert (
        set(english_home.group_permissions.values_list("group__name", "permission__codename"))
        == granted
    )


# --- Reading pages in the active language ---------------------------------------------------


def test_each_space_is_listed_once_in_the_language_of_the_request(translated_space):
    untranslated = make_space("WeMi Due")  # its English page is an alias until translated
    with translation.override("en"):
        pages = list(selectors.live_space_pages())
    assert sorted(p.title for p in pages) == ["WeMi Due", "WeMi Prova"]
    by_title = {p.title: p for p in pages}
    assert by_title["WeMi Prova"].pk == english(translated_space).pk
    assert by_title["WeMi Due"].alias_of_id == untranslated.pk
    # A space with no page at all in English shows in Italian.
    Page.objects.filter(pk=by_title["WeMi Due"].pk).delete()
    with translation.override("en"):
        assert {p.pk for p in selectors.live_space_pages()} == {
            english(translated_space).pk,
            untranslated.pk,
        }

    with translation.override("it"):
        assert {p.pk for p in selectors.live_space_pages()} == {
            translated_space.pk,
            untranslated.pk,
        }


def test_pickers_offer_each_space_once_as_the_page_the_modules_point_at(translated_space):
    with translation.override("en"):
        assert list(selectors.live_spaces().values_list("pk", flat=True)) == [translated_space.pk]


def test_localized_and_source_go_both_ways_without_a_query_when_already_there(
    translated_space, django_assert_num_queries
):
    page_en = english(translated_space)
    with translation.override("en"):
        with django_assert_num_queries(0):
            assert i18n.localized(page_en) is page_en
        assert i18n.localized(translated_space).pk == page_en.pk
        assert i18n.localized_url(translated_space) == "/en/spazi/wemi-prova/"
    with translation.override("it"):
        with django_assert_num_queries(0):
            assert i18n.source(translated_space) is translated_space
        assert i18n.source(page_en).pk == translated_space.pk
        assert i18n.localized_url(page_en) == "/spazi/wemi-prova/"


def test_the_index_of_each_language_lists_its_own_pages(client, translated_space):
    document = soup(client.get("/en/spazi/"))
    links = [a["href"] for a in document.select("a.wemi-space-card-link")]
    assert links == ["/en/spazi/wemi-prova/"]
    document = soup(client.get("/spazi/"))
    assert [a["href"] for a in document.select("a.wemi-space-card-link")] == ["/spazi/wemi-prova/"]


# --- A space's data is the same in every language -------------------------------------------


def test_publishing_the_italian_page_copies_its_data_to_the_translation(translated_space):
    translated_space.address = "Via Nuova 9"
    translated_space.phone = "02 1234"
    translated_space.save_revision().publish()

    page_en = english(translated_space)
    assert page_en.address == "Via Nuova 9"
    assert page_en.phone == "02 1234"
    assert [(c.reason, c.reason_en) for c in page_en.closures.all()] == [("Ferie", "")]
    assert page_en.title == "WeMi Prova"


def test_the_sync_leaves_the_english_texts_alone(translated_space):
    page_en = english(translated_space)
    page_en.body = [{"type": "paragraph", "value": "<p>In English.</p>"}]
    page_en.save_revision().publish()

    assert space_translations_sync(space=translated_space) == 1
    assert "In English." in str(english(translated_space).body)


def test_a_closure_reads_in_the_language_of_the_request(client, translated_space):
    closure = translated_space.closures.get()
    closure.reason_en = "Holidays"
    closure.save()
    translated_space.save_revision().publish()

    assert "Holidays" in text(soup(client.get("/en/spazi/wemi-prova/")).select_one("main"))
    italian = text(soup(client.get("/spazi/wemi-prova/")).select_one("main"))
    assert "Ferie" in italian and "Holidays" not in italian


def test_the_english_page_shows_the_sections_and_the_conversation_of_the_space(
    client, translated_space, no_sections
):
    seen = []

    def selector(spaces):
        seen.extend(space.pk for space in spaces)
        return {space.pk: [translated_space] for space in spaces}

    sections.register(sections.SpaceSection("events", "Upcoming events", selector=selector))
    document = soup(client.get("/en/spazi/wemi-prova/"))

    assert seen == [translated_space.pk]  # the Italian page, where the modules point
    assert [text(h) for h in document.select(".wemi-space-section h2")] == ["Upcoming events"]
    ct_and_id = document.select_one("section.wemi-comments")["id"]
    assert ct_and_id.endswith(f"-{translated_space.pk}")  # the space's one conversation


# --- The language switch ---------------------------------------------------------------------


def switch_targets(client, path) -> dict[str, str]:
    document = soup(client.get(path))
    forms = document.select(".wemi-language-switch form")
    return {
        form.select_one("button[name=language]")["value"]: form.select_one("input[name=next]")[
            "value"
        ]
        for form in forms
    }


def test_the_switch_of_a_wagtail_page_lands_on_its_translation(client, translated_space):
    assert switch_targets(client, "/spazi/wemi-prova/") == {
        "it": "/spazi/wemi-prova/",
        "en": "/spazi/wemi-prova/",
    }
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/spazi/wemi-prova/"})
    assert response["Location"] == "/en/spazi/wemi-prova/"
    assert client.get(response["Location"]).context["page"].pk == english(translated_space).pk


def test_the_switch_follows_a_translation_with_another_slug(client, translated_space):
    # Slugs are kept the same in every language; should an English page get another one,
    # the switch still lands on it.
    page_en = english(translated_space)
    Page.objects.filter(pk=page_en.pk).update(
        slug="wemi-test", url_path=page_en.url_path.replace("wemi-prova", "wemi-test")
    )
    assert switch_targets(client, "/spazi/wemi-prova/")["en"] == "/spazi/wemi-test/"
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/spazi/wemi-test/"})
    assert response["Location"] == "/en/spazi/wemi-test/"
    assert client.get("/en/spazi/wemi-test/").status_code == 200


def test_the_switch_of_an_app_page_keeps_its_path_and_query_string(client):
    targets = switch_targets(client, "/en/proposte/?ordine=scadenza&page=2")
    assert targets == {
        "it": "/proposte/?ordine=scadenza&page=2",
        "en": "/proposte/?ordine=scadenza&page=2",
    }
    response = client.post(
        "/i18n/setlang/", {"language": "it", "next": "/proposte/?ordine=scadenza&page=2"}
    )
    assert response["Location"] == "/proposte/?ordine=scadenza&page=2"
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/proposte/?ordine=scadenza&page=2"}
    )
    assert response["Location"] == "/en/proposte/?ordine=scadenza&page=2"


# --- The demo's translations -----------------------------------------------------------------


def test_the_demo_translates_its_pages_with_wagtail_localize():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    english_pages = i18n.in_language(Page.objects.filter(depth__gt=1), "en").filter(
        locale__language_code="en"
    )
    assert not english_pages.filter(alias_of__isnull=False).exists()
    privacy = StandardPage.objects.get(locale__language_code="en", slug="privacy")
    assert privacy.title == "Privacy notice"
    assert privacy.live
    assert Translation.objects.filter(
        source__object_id=privacy.translation_key, target_locale__language_code="en"
    ).exists()  # the admin's translation editor opens on it
    index = SpaceIndexPage.objects.get(locale__language_code="en")
    assert "neighbourhood places" in index.intro
    home = HomePage.objects.get(locale__language_code="en")
    assert "network of welfare services" in home.intro


def test_seeding_twice_keeps_one_translation_each_and_an_editors_changes():
    out = open("/dev/null", "w")  # noqa: SIM115
    call_command("seed_demo", stdout=out)
    counts = (Page.objects.count(), SpacePage.objects.count(), Translation.objects.count())
    privacy = StandardPage.objects.get(locale__language_code="en", slug="privacy")
    privacy.title = "Our privacy notice"
    privacy.save_revision().publish()

    call_command("seed_demo", stdout=out)

    assert (Page.objects.count(), SpacePage.objects.count(), Translation.objects.count()) == (
        counts
    )
    assert StandardPage.objects.get(pk=privacy.pk).title == "Our privacy notice"
    assert SpacePage.objects.filter(locale__language_code="en").count() == 15


def test_a_space_s_coordinators_may_translate_its_page_and_no_other(translated_space):
    other = make_space("WeMi Altro")
    site_translations_ensure()
    coordinator = UserFactory(is_staff=True)
    coordinator.groups.add(space_groups_ensure(space=english(translated_space)).coordination)

    page_en = english(translated_space)
    assert page_en.permissions_for_user(coordinator).can_edit()
    assert page_en.permissions_for_user(coordinator).can_publish()
    assert not english(other).permissions_for_user(coordinator).can_edit()
