"""What search engines and link previews read: robots.txt, the sitemap, canonical and
alternate links, OpenGraph."""

from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.contrib.staticfiles import finders
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction, Site

from spaces_pages import demo
from spaces_pages.models import StandardPage

from .helpers import soup

pytestmark = pytest.mark.django_db

SITE = "https://wemi.example"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def home():
    return Site.objects.get(is_default_site=True).root_page


def publish(slug: str, **kwargs) -> StandardPage:
    page = StandardPage(title=slug.title(), slug=slug, **kwargs)
    home().add_child(instance=page)
    page.save_revision().publish()
    return page


def meta(document, prop: str) -> str | None:
    tag = document.select_one(f'meta[property="{prop}"]') or document.select_one(
        f'meta[name="{prop}"]'
    )
    return tag["content"] if tag else None


def alternates(document) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in document.select("link[rel=alternate]")}


# --- robots.txt ------------------------------------------------------------------------------


def test_robots_txt_allows_all_but_the_private_areas_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /account/",
        "Disallow: /en/account/",
        f"Sitemap: {SITE}/sitemap.xml",
    ]


def test_robots_txt_has_no_english_twin(client):
    assert client.get("/en/robots.txt").status_code == 404


# --- sitemap.xml -----------------------------------------------------------------------------


def sitemap_urls(client, **headers) -> dict[str, dict[str, str]]:
    response = client.get("/sitemap.xml", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own response)
    return {
        url.findtext("sm:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href")
            for link in url.findall("xhtml:link", namespaces=NS)
        }
        for url in root.findall("sm:url", namespaces=NS)
    }


def test_sitemap_lists_every_public_page_in_both_languages(client):
    demo.seed()
    draft = publish("bozza")
    draft.unpublish()
    private = publish("riservata")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    urls = sitemap_urls(client)

    assert f"{SITE}/" in urls
    assert f"{SITE}/en/" in urls
    assert urls[f"{SITE}/privacy/"] == {"it": f"{SITE}/privacy/", "en": f"{SITE}/en/privacy/"}
    assert f"{SITE}/en/privacy/" in urls
    assert not any("bozza" in url or "riservata" in url for url in urls)
    assert all(url.startswith(f"{SITE}/") for url in urls)


def test_sitemap_does_not_depend_on_the_crawlers_language(client):
    publish("chi-siamo")

    italian = sitemap_urls(client)
    english = sitemap_urls(client, HTTP_ACCEPT_LANGUAGE="en")

    assert italian == english


def test_sitemap_query_count_does_not_grow_with_the_pages(client, django_assert_max_num_queries):
    for number in range(30):
        publish(f"pagina-{number}")
    sitemap_urls(client)

    with django_assert_max_num_queries(8):
        sitemap_urls(client)


# --- Canonical and alternate links -----------------------------------------------------------


def test_canonical_is_the_absolute_url_without_the_query_string(client):
    demo.seed()

    document = soup(client.get("/privacy/", {"utm_source": "newsletter"}))

    canonical = document.select("link[rel=canonical]")
    assert [link["href"] for link in canonical] == [f"{SITE}/privacy/"]


def test_canonical_keeps_the_page_number_of_a_list(client):
    second = soup(client.get("/cerca/", {"q": "x", "page": "2"}))
    first = soup(client.get("/cerca/", {"q": "x", "page": "1"}))

    assert second.select_one("link[rel=canonical]")["href"] == f"{SITE}/cerca/?page=2"
    assert first.select_one("link[rel=canonical]")["href"] == f"{SITE}/cerca/"


@pytest.mark.parametrize("number", ["²", "٣", "-2", "x"])
def test_a_page_number_that_is_not_ascii_digits_is_left_out(client, number):
    response = client.get("/cerca/", {"q": "x", "page": number})
    assert response.status_code == 200
    assert soup(response).select_one("link[rel=canonical]")["href"] == f"{SITE}/cerca/"


@pytest.mark.parametrize("path", ["/privacy/", "/en/privacy/"])
def test_both_languages_announce_each_other_and_italian_is_the_default(client, path):
    demo.seed()

    document = soup(client.get(path))

    assert alternates(document) == {
        "it": f"{SITE}/privacy/",
        "en": f"{SITE}/en/privacy/",
        "x-default": f"{SITE}/privacy/",
    }
    assert document.select_one("link[rel=canonical]")["href"] == f"{SITE}{path}"


def test_views_outside_the_page_tree_get_the_same_links(client):
    document = soup(client.get("/en/account/accedi/"))

    assert document.select_one("link[rel=canonical]")["href"] == f"{SITE}/en/account/accedi/"
    assert alternates(document)["it"] == f"{SITE}/account/accedi/"


def test_error_pages_are_not_indexed_and_have_no_canonical(client):
    response = client.get("/does-not-exist/")

    assert response.status_code == 404
    document = soup(response)
    assert meta(document, "robots") == "noindex"
    assert document.select("link[rel=canonical]") == []
    assert alternates(document) == {}


# --- OpenGraph -------------------------------------------------------------------------------


def test_a_page_describes_itself_for_link_previews(client):
    demo.seed()

    document = soup(client.get("/privacy/"))

    assert meta(document, "og:title") == "Informativa sulla privacy"
    description = "Come WeMi Community tratta i dati personali di chi la usa."
    assert meta(document, "og:description") == description
    assert meta(document, "description") == description
    assert meta(document, "og:url") == f"{SITE}/privacy/"
    assert meta(document, "og:type") == "website"
    assert meta(document, "og:site_name") == "WeMi Community"
    assert meta(document, "og:locale") == "it_IT"
    assert meta(document, "og:locale:alternate") == "en_GB"
    assert meta(document, "og:image") == f"{SITE}/static/cms_templates/img/og-default.png"
    assert (meta(document, "og:image:width"), meta(document, "og:image:height")) == ("1200", "630")
    assert meta(document, "og:image:alt")
    assert meta(document, "twitter:card") == "summary_large_image"


def test_english_pages_have_the_english_locale(client):
    document = soup(client.get("/en/"))

    assert meta(document, "og:locale") == "en_GB"
    assert meta(document, "og:locale:alternate") == "it_IT"
    assert meta(document, "og:url") == f"{SITE}/en/"


def test_a_view_with_its_own_description_uses_it_for_previews_too(client):
    document = soup(client.get("/en/account/accedi/"))

    assert meta(document, "description") == "Sign in to WeMi Community."
    assert meta(document, "og:description") == "Sign in to WeMi Community."
    assert meta(document, "og:title") == soup(client.get("/en/account/accedi/")).title.get_text()


def test_a_page_with_its_own_image_uses_it(client, monkeypatch):
    image = Image.objects.create(title="La sala", file=get_test_image_file(size=(1600, 1000)))
    monkeypatch.setattr(StandardPage, "og_image", property(lambda page: image), raising=False)
    publish("con-immagine")

    document = soup(client.get("/con-immagine/"))

    url = meta(document, "og:image")
    assert url.startswith(f"{SITE}/media/images/")
    assert ".fill-1200x630" in url
    assert (meta(document, "og:image:width"), meta(document, "og:image:height")) == ("1200", "630")
    assert meta(document, "og:image:alt") == "La sala"


def test_the_default_image_is_a_1200_by_630_png():
    path = Path(finders.find("cms_templates/img/og-default.png"))

    with PILImage.open(path) as picture:
        assert picture.format == "PNG"
        assert picture.size == (1200, 630)
