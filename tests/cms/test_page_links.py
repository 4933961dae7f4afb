"""The layout's links into the page tree (footer, menu, language switch) cost no query once
read, and follow every change of the tree on the next request, in every process."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.template import RequestContext, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Site

from cms_templates import page_links
from spaces_pages.models import StandardPage
from wemi_community.core import cache_versions

from .helpers import soup

pytestmark = pytest.mark.django_db


def home():
    return Site.objects.get(is_default_site=True).root_page


def publish(slug: str, title: str) -> StandardPage:
    page = StandardPage(title=title, slug=slug)
    home().add_child(instance=page)
    page.save_revision().publish()
    return page


def footer_links(client, url="/") -> list[str]:
    footer = soup(client.get(url)).select_one("footer.it-footer")
    return [a["href"] for a in footer.select(".it-footer-small-prints a")]


LAYOUT = (
    "{% include 'cms_templates/components/footer.html' %}{% load wemi_tags %}"
    "{% main_nav_items as items %}{% for item in items %}{{ item.url }} {% endfor %}"
)


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_footer_and_the_menu_read_nothing_once_warm(rf, language):
    publish("privacy", "Privacy")

    def render():
        request = rf.get("/proposte/")
        request.user = AnonymousUser()
        return Template(LAYOUT).render(RequestContext(request))

    with translation.override(language):
        first = render()
        with CaptureQueriesContext(connection) as queries:
            again = render()

    assert [q["sql"] for q in queries.captured_queries] == []
    assert again == first
    assert 'href="/privacy/"' in again


def test_a_page_published_or_unpublished_shows_on_the_next_request(client):
    assert "/privacy/" not in footer_links(client)

    page = publish("privacy", "Privacy")
    assert "/privacy/" in footer_links(client)

    page.slug = "informativa"
    page.save_revision().publish()
    assert "/privacy/" not in footer_links(client)

    page.slug = "privacy"
    page.save_revision().publish()
    assert "/privacy/" in footer_links(client)

    page.unpublish()
    assert "/privacy/" not in footer_links(client)


def test_a_page_moved_away_from_the_home_page_leaves_the_footer(client):
    about = publish("chi-siamo", "Chi siamo")
    parent = publish("sezione", "Sezione")
    assert "/chi-siamo/" in footer_links(client)

    about.move(parent, pos="last-child")

    assert "/chi-siamo/" not in footer_links(client)


def test_another_process_moving_the_version_makes_this_one_rebuild(rf):
    builds = []

    def build():
        builds.append(1)
        return len(builds)

    assert page_links.remembered(rf.get("/"), "probe", build) == 1
    assert page_links.remembered(rf.get("/"), "probe", build) == 1  # remembered

    # What another process's write to a page does here: only the shared version moves.
    cache_versions.bump(page_links.TOPIC)

    assert page_links.remembered(rf.get("/"), "probe", build) == 2


def test_an_emptied_cache_is_a_new_version(client):
    publish("privacy", "Privacy")
    footer_links(client)
    before = page_links.current_version()

    cache.clear()

    assert page_links.current_version() not in ("", before)


def switch_targets(client, url: str) -> dict[str, str]:
    document = soup(client.get(url))
    return {
        form.select_one("button[name=language]")["value"]: form.select_one("input[name=next]")[
            "value"
        ]
        for form in document.select(".wemi-language-switch form")
    }


def test_the_language_switch_follows_a_page_renamed_later(client):
    page = publish("chi-siamo", "Chi siamo")
    assert switch_targets(client, "/chi-siamo/")["it"] == "/chi-siamo/"

    page.slug = "chi-siamo-davvero"
    page.save_revision().publish()

    assert switch_targets(client, "/chi-siamo-davvero/")["it"] == "/chi-siamo-davvero/"
