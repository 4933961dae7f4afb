"""The page tree editors can build: home → /spazi/ → one page per space, content pages."""

import pytest
from django.urls import reverse

from cms_templates import i18n
from spaces_pages.models import HomePage, SpaceIndexPage, SpacePage, StandardPage
from tests.factories import UserFactory

from .helpers import make_space, space_index

pytestmark = pytest.mark.django_db


def test_the_index_of_the_spaces_exists_on_every_install_at_spazi(client):
    index = space_index()
    assert index.slug == "spazi"
    assert index.live
    assert isinstance(index.get_parent().specific, HomePage)
    assert client.get("/spazi/").status_code == 200
    assert client.get("/en/spazi/").status_code == 200


def test_the_home_page_holds_the_index_and_content_pages_only():
    assert HomePage.allowed_subpage_models() == [SpaceIndexPage, StandardPage]


def test_there_is_one_index_only_and_it_lives_under_the_home_page():
    home = i18n.in_default_language(HomePage.objects.all()).get()
    assert SpaceIndexPage.allowed_parent_page_models() == [HomePage]
    assert SpaceIndexPage.max_count_per_parent == 1  # one in each language's tree
    assert not SpaceIndexPage.can_create_at(home)  # the one index exists already


def test_spaces_live_under_the_index_only_and_have_no_subpages():
    home = i18n.in_default_language(HomePage.objects.all()).get()
    index = space_index()
    assert SpaceIndexPage.allowed_subpage_models() == [SpacePage]
    assert SpacePage.allowed_parent_page_models() == [SpaceIndexPage]
    assert SpacePage.allowed_subpage_models() == []
    assert SpacePage.can_create_at(index)
    assert not SpacePage.can_create_at(home)
    assert not StandardPage.can_create_at(index)
    space = make_space("WeMi Prova")
    assert not StandardPage.can_create_at(space)
    assert not SpacePage.can_create_at(space)


def test_the_admin_offers_only_the_allowed_types(client):
    client.force_login(UserFactory(is_superuser=True))
    index = space_index()
    home = i18n.in_default_language(HomePage.objects.all()).get()

    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[index.pk]))
    # With one allowed type, Wagtail goes straight to the space's form.
    assert response.status_code == 302
    assert "spacepage" in response["Location"]

    wrong = client.get(
        reverse("wagtailadmin_pages:add", args=["spaces_pages", "spacepage", home.pk])
    )
    # Wagtail refuses with a redirect to the dashboard and a "permission denied" message.
    assert wrong.status_code == 302
    assert wrong["Location"] == reverse("wagtailadmin_home")
    assert not SpacePage.objects.child_of(home).exists()
