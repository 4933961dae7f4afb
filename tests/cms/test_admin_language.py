"""The Wagtail admin speaks Italian to Italian editors, also where Wagtail and its add-ons
leave English behind in our listings: the pages' search and explorer, the locales, the people
and the organisations."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Page
from wagtail.users.models import UserProfile

from tests.factories import UserFactory

from .helpers import soup, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def italian_admin() -> Client:
    user = UserFactory(is_superuser=True, is_staff=True)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "it"
    profile.save()
    client = Client()
    client.force_login(user)
    return client


def count_line(response) -> str:
    """The "1-3 of 3 pages" line above a page listing."""
    header = soup(response).select_one("th.title, th[class*=title]") or soup(response)
    match = re.search(r"\d+-\d+ \S+ \d+ [^\n.]*", text(header))
    assert match, text(header)[:300]
    return match.group(0)


def test_the_page_search_says_what_it_found_in_italian(italian_admin):
    response = italian_admin.get("/admin/pages/search/", {"q": "spazi"})

    line = count_line(response)
    assert "None" not in line
    assert re.match(r"1-\d+ di \d+ pagin[ae]", line), line


def test_the_explorer_counts_pages_in_italian(italian_admin):
    home = Page.objects.get(depth=2, locale__language_code="it")
    response = italian_admin.get(f"/admin/pages/{home.pk}/")

    assert " of " not in count_line(response)


def test_the_locales_list_its_usage_in_italian(italian_admin):
    response = italian_admin.get("/admin/locales/")

    assert response.status_code == 200
    usage = text(soup(response).select_one("#locales-list tbody"))
    assert "pagin" in usage
    assert "pages" not in usage


def test_role_groups_are_named_by_their_role_in_the_people_filter(italian_admin):
    Group.objects.get_or_create(name="city_staff")
    response = italian_admin.get("/admin/users/")

    labels = [text(label) for label in soup(response).select("label[for^=id_group]")]
    assert "Personale del Comune" in labels
    assert "city_staff" not in labels
