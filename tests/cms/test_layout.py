"""The public layout: language, skip link, header, navigation, user menu, footer, messages."""

import pytest
from django.urls import reverse
from django.utils import translation

from cms_templates import navigation
from spaces_pages import demo
from tests.factories import UserFactory

from .helpers import first_focusable, soup, text

pytestmark = pytest.mark.django_db

NAV_LABELS_EN = ["Spaces", "Proposals", "Labs", "Events", "Volunteering", "Observatory"]
NAV_LABELS_IT = ["Spazi", "Proposte", "Laboratori", "Eventi", "Volontariato", "Osservatorio"]


def main_nav(document):
    return document.select_one("nav.navbar .navbar-nav")


def test_home_renders_in_italian_at_the_root(client):
    response = client.get("/")

    assert response.status_code == 200
    document = soup(response)
    assert document.html["lang"] == "it"
    assert "spaces_pages/home_page.html" in [t.name for t in response.templates]
    assert document.select_one("main#main-content") is not None
    assert "WeMi Community" in text(document.select_one(".it-brand-title"))
    assert "Comune di Milano" in text(document.select_one(".it-header-slim-wrapper"))


def test_home_navigation_is_in_italian(client):
    # Needs the Italian catalogue (locale/it) compiled: fails until the translations exist.
    document = soup(client.get("/"))

    labels = [text(item) for item in main_nav(document).select(".nav-link > span:first-child")]
    assert labels == NAV_LABELS_IT


def test_home_renders_in_english_under_en(client):
    response = client.get("/en/")

    assert response.status_code == 200
    document = soup(response)
    assert document.html["lang"] == "en"
    labels = [text(item) for item in main_nav(document).select(".nav-link > span:first-child")]
    assert labels == NAV_LABELS_EN
    assert "Find your way in" in text(document.main)


def test_skip_link_is_the_first_focusable_element(client):
    document = soup(client.get("/en/"))

    first = first_focusable(document)
    assert first.name == "a"
    assert first["href"] == "#main-content"
    assert text(first) == "Skip to main content"
    assert document.select_one("#main-content").name == "main"


def test_navigation_links_available_modules_and_announces_the_others(client, monkeypatch):
    monkeypatch.setattr(
        navigation,
        "MAIN_NAV",
        (
            navigation.NavEntry("account", "Account", "accounts:login"),
            navigation.NavEntry("future", "Future module", "future_module:list"),
        ),
    )

    nav = main_nav(soup(client.get("/en/")))

    link = nav.select_one("a.nav-link")
    assert link["href"] == reverse("accounts:login")
    assert text(link) == "Account"
    disabled = nav.select_one("[aria-disabled=true]")
    assert disabled.name != "a"
    assert "Future module" in text(disabled)
    assert "coming soon" in text(disabled.select_one(".badge"))


def test_unbuilt_modules_are_not_links_until_their_urls_exist(client):
    nav = main_nav(soup(client.get("/en/")))

    for entry in navigation.MAIN_NAV:
        with translation.override("en"):
            label = str(entry.label)
        item = next(li for li in nav.select("li") if label in text(li))
        if navigation._reverse_or_none(entry.url_name) is None:
            assert item.select_one("a") is None
            assert item.select_one("[aria-disabled=true]") is not None
        else:
            assert item.select_one("a.nav-link") is not None


def test_resolve_nav_marks_the_section_the_path_is_under():
    entries = (
        navigation.NavEntry("login", "Log in", "accounts:login"),
        navigation.NavEntry("missing", "Missing", "missing:list"),
    )
    login_url = reverse("accounts:login")

    items = navigation.resolve_nav(entries, login_url)
    assert items[0].is_current and items[0].url == login_url
    assert not items[1].is_available and not items[1].is_current

    assert not navigation.resolve_nav(entries, "/")[0].is_current


def test_language_switch_posts_the_language_neutral_path(client):
    for path in ("/", "/en/"):
        document = soup(client.get(path))
        switch = document.select_one(".wemi-language-switch")
        forms = switch.select("form")

        assert switch["role"] == "group"
        for form in forms:
            assert form["method"] == "post"
            assert form["action"] == reverse("set_language")
            assert form.select_one("input[name=next]")["value"] == "/"
            assert form.select_one("input[name=csrfmiddlewaretoken]") is not None
        codes = [button["value"] for button in switch.select("button[name=language]")]
        assert codes == ["it", "en"]
        current = switch.select("[aria-current=true]")
        assert [button["value"] for button in current] == [path.strip("/") or "it"]


def test_language_switch_translates_the_path(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/"

    response = client.post(reverse("set_language"), {"language": "it", "next": "/"})
    assert response["Location"] == "/"


def test_anonymous_visitors_see_log_in_and_sign_up(client):
    header = soup(client.get("/en/")).select_one(".it-header-slim-wrapper")

    links = {text(a): a["href"] for a in header.select("a[href]")}
    # Both bring the person back to the page they were reading.
    assert links["Log in"] == reverse("accounts:login") + "?next=%2Fen%2F"
    assert links["Sign up"] == reverse("accounts:signup") + "?next=%2Fen%2F"
    assert header.select_one(".wemi-user-menu") is None


def test_signed_in_people_see_their_menu(client):
    user = UserFactory(display_name="Giulia")
    client.force_login(user)

    menu = soup(client.get("/en/")).select_one(".it-header-slim-wrapper .wemi-user-menu")

    assert "Giulia" in text(menu.select_one("button"))
    hrefs = [a["href"] for a in menu.select("a[href]")]
    assert reverse("accounts:profile") in hrefs
    assert reverse("accounts:password_change") in hrefs
    assert reverse("wagtailadmin_home") not in hrefs
    logout = menu.select_one("form")
    assert logout["method"] == "post"
    assert logout["action"] == reverse("accounts:logout")
    assert logout.select_one("input[name=csrfmiddlewaretoken]") is not None
    assert "Log out" in text(logout.select_one("button[type=submit]"))


def test_staff_also_get_the_administration_link(client):
    client.force_login(UserFactory(is_staff=True))

    menu = soup(client.get("/en/")).select_one(".wemi-user-menu")

    assert reverse("wagtailadmin_home") in [a["href"] for a in menu.select("a[href]")]


def test_footer_links_the_statement_and_privacy_pages_once_they_exist(client):
    footer = soup(client.get("/en/")).select_one("footer.it-footer")
    assert footer.select_one('a[href*="privacy"]') is None
    assert "A service of the Comune di Milano" in text(footer)

    demo.seed()

    footer = soup(client.get("/")).select_one("footer.it-footer")
    hrefs = [a["href"] for a in footer.select("a[href]")]
    assert "/dichiarazione-di-accessibilita/" in hrefs
    assert "/privacy/" in hrefs
    links = {text(a): a["href"] for a in footer.select(".it-footer-small-prints a")}
    assert links["Chi siamo"] == "/chi-siamo/"

    footer = soup(client.get("/en/")).select_one("footer.it-footer")
    links = {text(a): a["href"] for a in footer.select(".it-footer-small-prints a")}
    assert links["Who we are"] == "/en/chi-siamo/"
    assert links["Accessibility statement"] == "/en/dichiarazione-di-accessibilita/"
    assert links["Privacy notice"] == "/en/privacy/"
    more = footer.select_one(".wemi-footer-more")
    assert (text(more), more["href"]) == ("What WeMi is and how it works", "/en/chi-siamo/")


@pytest.mark.urls("tests.cms.urls")
def test_messages_are_rendered_as_alerts(client):
    document = soup(client.get("/en/test-messages/"))

    alerts = document.select("main .alert")
    assert [(a["class"][1], a["role"], text(a)) for a in alerts] == [
        ("alert-success", "status", "Your changes were saved."),
        ("alert-danger", "alert", "Something could not be saved."),
    ]


def test_home_offers_a_way_in_for_each_kind_of_user(client):
    document = soup(client.get("/en/"))

    cards = document.select(".wemi-cards > li")
    titles = [text(card.select_one(".card-title")) for card in cards]
    assert titles == [
        "Residents",
        "Condominium administrators and school parent groups",
        "Space coordinators and desk operators",
        "Providers",
        "Volunteers",
        "City staff",
    ]
    existing = {
        reverse("accounts:signup"),
        reverse("accounts:login"),
        reverse("wagtailadmin_home"),
    }
    for card in cards:
        path, _, query = card.select_one("a[href]")["href"].partition("?")
        assert path in existing
        # Signing in or up from the home comes back to it; the admin is its own home.
        assert query == ("" if path == "/admin/" else "next=%2Fen%2F")
