"""Wagtail admin: users with the e-mail login, provider organisations and their staff."""

import pytest
from django.apps import apps
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, OrganisationFactory, UserFactory, service
from wemi_community.accounts.models import Organisation, OrganisationStaff, User

pytestmark = pytest.mark.django_db

STRONG = "Cortile-di-via-Padova-42"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def new_user_data(**overrides):
    return {
        "email": "Operatrice@Esempio.example",
        "display_name": "Operatrice",
        "first_name": "",
        "last_name": "",
        "password1": STRONG,
        "password2": STRONG,
    } | overrides


def test_the_user_admin_uses_our_viewset():
    config = apps.get_app_config("wagtailusers")
    assert config.user_viewset == "wemi_community.accounts.viewsets.UserViewSet", (
        'INSTALLED_APPS must list "wemi_community.accounts.apps.WagtailUsersConfig" '
        'instead of "wagtail.users"'
    )


def test_add_user_page(admin_client):
    # Wagtail 8 serves it at /admin/users/new/.
    response = admin_client.get(reverse("wagtailusers_users:add"))
    assert response.status_code == 200
    assert 'name="display_name"' in response.text
    assert 'name="email"' in response.text


def test_user_list_and_search(admin_client):
    UserFactory(email="ornella@esempio.example", display_name="Ornella")
    response = admin_client.get(reverse("wagtailusers_users:index"), {"q": "ornella"})
    assert response.status_code == 200
    assert "ornella@esempio.example" in response.text


def test_creating_a_user(admin_client):
    response = admin_client.post(reverse("wagtailusers_users:add"), new_user_data())
    assert response.status_code == 302
    user = User.objects.get(email="operatrice@esempio.example")
    assert user.display_name == "Operatrice"
    assert user.is_active
    assert user.check_password(STRONG)


def test_a_duplicate_email_in_another_case_is_a_form_error(admin_client):
    UserFactory(email="operatrice@esempio.example")
    response = admin_client.post(
        reverse("wagtailusers_users:add"), new_user_data(email="OPERATRICE@esempio.example")
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("email", "duplicate_email")
    assert User.objects.filter(email__iexact="operatrice@esempio.example").count() == 1


def test_editing_a_user(admin_client):
    user = UserFactory(display_name="Prima")
    page = admin_client.get(reverse("wagtailusers_users:edit", args=[user.pk]))
    assert page.status_code == 200
    assert 'value="Prima"' in page.text
    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[user.pk]),
        {
            "email": user.email,
            "display_name": "Dopo",
            "first_name": "",
            "last_name": "",
            "password1": "",
            "password2": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Dopo"


@pytest.fixture
def city_staff_client(client, city_staff):
    client.force_login(city_staff)
    return client


def test_city_staff_see_the_providers(city_staff_client):
    OrganisationFactory(name="Cooperativa Il Melograno")
    response = city_staff_client.get("/admin/snippets/accounts/organisation/")
    assert response.status_code == 200
    assert "Cooperativa Il Melograno" in response.text


def test_residents_do_not(resident_client):
    response = resident_client.get("/admin/snippets/accounts/organisation/")
    assert response.status_code == 302  # to the admin login: no access to the admin at all


def test_city_staff_add_an_organisation(city_staff_client):
    babysitting = service("Baby sitter")
    response = city_staff_client.post(
        "/admin/snippets/accounts/organisation/add/",
        {
            "name": "Cooperativa Il Melograno",
            "slug": "",
            "description": "",
            "website": "",
            "email": "",
            "phone": "",
            "accredited_categories": [babysitting.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Cooperativa Il Melograno")
    assert organisation.slug == "cooperativa-il-melograno"
    assert list(organisation.accredited_categories.all()) == [babysitting]


def test_city_staff_add_a_staff_member_by_email(city_staff_client):
    organisation = OrganisationFactory()
    person = UserFactory(email="sara@cooperativa.example")
    url = "/admin/snippets/accounts/organisationstaff/add/"
    page = city_staff_client.get(url)
    assert page.status_code == 200
    assert 'type="email" name="user"' in page.text

    unknown = city_staff_client.post(
        url, {"organisation": organisation.pk, "user": "chi@esempio.example", "role": "member"}
    )
    assert unknown.status_code == 200
    assert unknown.context["form"].has_error("user", "invalid_choice")

    response = city_staff_client.post(
        url,
        {"organisation": organisation.pk, "user": "SARA@cooperativa.example", "role": "manager"},
    )
    assert response.status_code == 302
    link = OrganisationStaff.objects.get(organisation=organisation)
    assert link.user == person and link.role == "manager"

    edit = city_staff_client.get(f"/admin/snippets/accounts/organisationstaff/edit/{link.pk}/")
    assert 'value="sara@cooperativa.example"' in edit.text


def test_the_same_person_cannot_be_linked_twice(city_staff_client):
    organisation = OrganisationFactory()
    person = UserFactory()
    OrganisationStaff.objects.create(organisation=organisation, user=person)
    response = city_staff_client.post(
        "/admin/snippets/accounts/organisationstaff/add/",
        {"organisation": organisation.pk, "user": person.email, "role": "member"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert OrganisationStaff.objects.filter(organisation=organisation).count() == 1


def test_admin_login_lowercases_the_email(client):
    UserFactory(email="marta@esempio.example", is_staff=True, is_superuser=True)
    response = client.post(
        "/admin/login/",
        {"username": "Marta@Esempio.EXAMPLE", "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("page", ["wagtailadmin_home", "wagtailusers_users:index"])
def test_the_admin_shows_no_gravatar(admin_client, page):
    """A Gravatar URL hands a third party a hash of the person's e-mail address."""
    UserFactory(email="qualcuno@esempio.example")
    response = admin_client.get(reverse(page))
    assert response.status_code == 200
    html = response.content.decode().lower()
    assert "gravatar" not in html
    assert "avatar" in html  # the avatars are there, drawn locally
