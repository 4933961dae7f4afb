"""Roles, groups and provider staff changed in the Wagtail admin leave their audit entries,
with the admin user as the actor; people without the permission change nothing."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.factories import OrganisationFactory, UserFactory
from wemi_community.accounts import services
from wemi_community.accounts.models import OrganisationStaff
from wemi_community.core.models import AuditEntry

pytestmark = pytest.mark.django_db

STAFF = "/admin/snippets/accounts/organisationstaff/"


@pytest.fixture
def admin(db):
    return UserFactory(is_superuser=True, is_staff=True, display_name="Amministratrice")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def city_staff_client(client, city_staff):
    client.force_login(city_staff)
    return client


def entries():
    return list(
        AuditEntry.objects.order_by("pk").values_list(
            "actor_id", "action", "target_type__model", "target_id", "data"
        )
    )


def edit_user(client, user, groups):
    return client.post(
        reverse("wagtailusers_users:edit", args=[user.pk]),
        {
            "email": user.email,
            "display_name": user.display_name,
            "first_name": "",
            "last_name": "",
            "password1": "",
            "password2": "",
            "is_active": "on",
            "groups": [group.pk for group in groups],
        },
    )


def test_ticking_a_role_on_the_users_page_grants_it(admin_client, admin):
    person = UserFactory()
    volunteer = Group.objects.get(name="volunteer")
    response = edit_user(admin_client, person, [volunteer])
    assert response.status_code == 302
    assert list(person.groups.all()) == [volunteer]
    assert entries() == [
        (admin.pk, "account.role_granted", "user", str(person.pk), {"role": "volunteer"})
    ]


def test_unticking_a_role_revokes_it(admin_client, admin):
    person = UserFactory(roles=["volunteer", "city_staff"])
    city_staff_group = Group.objects.get(name="city_staff")
    assert edit_user(admin_client, person, [city_staff_group]).status_code == 302
    assert list(person.groups.all()) == [city_staff_group]
    assert entries() == [
        (admin.pk, "account.role_revoked", "user", str(person.pk), {"role": "volunteer"})
    ]


def test_a_space_group_and_a_role_together(admin_client, admin):
    person = UserFactory(roles=["volunteer"])
    desk = Group.objects.create(name="Sportello · Spazio WeMi Gorla")
    desk_role = Group.objects.get(name="desk_operator")
    assert edit_user(admin_client, person, [desk, desk_role]).status_code == 302
    assert set(person.groups.all()) == {desk, desk_role}
    assert entries() == [
        (admin.pk, "account.role_revoked", "user", str(person.pk), {"role": "volunteer"}),
        # Groups are added in the order they were made: the role's group first.
        (admin.pk, "account.role_granted", "user", str(person.pk), {"role": "desk_operator"}),
        (admin.pk, "account.group_joined", "user", str(person.pk), {"group": desk.name}),
    ]
    # Taken out of the space's group again.
    assert edit_user(admin_client, person, [desk_role]).status_code == 302
    assert entries()[-1] == (
        admin.pk,
        "account.group_left",
        "user",
        str(person.pk),
        {"group": desk.name},
    )


def test_saving_without_changing_the_groups_writes_no_entry(admin_client):
    person = UserFactory(roles=["volunteer"])
    assert edit_user(admin_client, person, list(person.groups.all())).status_code == 302
    assert entries() == []


def test_a_new_user_with_a_role(admin_client, admin):
    volunteer = Group.objects.get(name="volunteer")
    strong = "Cortile-di-via-Padova-42"
    response = admin_client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "nuovo@esempio.example",
            "display_name": "Nuovo",
            "first_name": "",
            "last_name": "",
            "password1": strong,
            "password2": strong,
            "groups": [volunteer.pk],
        },
    )
    assert response.status_code == 302
    person = volunteer.user_set.get()
    assert person.email == "nuovo@esempio.example"
    assert entries() == [
        (admin.pk, "account.role_granted", "user", str(person.pk), {"role": "volunteer"})
    ]


def test_assigning_a_role_to_many_users_at_once(admin_client, admin):
    first, second = UserFactory(), UserFactory(roles=["volunteer"])
    volunteer = Group.objects.get(name="volunteer")
    url = reverse("wagtail_bulk_action", args=["accounts", "user", "assign_role"])
    response = admin_client.post(
        f"{url}?id={first.pk}&id={second.pk}&next=/admin/users/", {"role": volunteer.pk}
    )
    assert response.status_code == 302
    assert set(volunteer.user_set.all()) == {first, second}
    # The second had it already: one grant only.
    assert entries() == [
        (admin.pk, "account.role_granted", "user", str(first.pk), {"role": "volunteer"})
    ]


def test_a_resident_cannot_change_anyones_groups(client):
    person = UserFactory()
    resident = UserFactory()
    client.force_login(resident)
    response = edit_user(client, person, [Group.objects.get(name="city_staff")])
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not person.groups.exists()
    assert entries() == []


def test_city_staff_add_change_and_remove_a_providers_staff_member(city_staff_client, city_staff):
    organisation = OrganisationFactory()
    person = UserFactory(email="sara@cooperativa.example")
    response = city_staff_client.post(
        f"{STAFF}add/",
        {"organisation": organisation.pk, "user": person.email, "role": "member"},
    )
    assert response.status_code == 302
    link = OrganisationStaff.objects.get()
    facts = {"organisation": organisation.pk, "user": person.pk, "role": "member"}
    assert entries() == [
        (
            city_staff.pk,
            "provider.staff_added",
            "organisation",
            str(organisation.pk),
            {"before": None, "after": facts},
        )
    ]

    response = city_staff_client.post(
        f"{STAFF}edit/{link.pk}/",
        {"organisation": organisation.pk, "user": person.email, "role": "manager"},
    )
    assert response.status_code == 302
    assert OrganisationStaff.objects.get().role == "manager"
    managed = facts | {"role": "manager"}
    assert entries()[-1] == (
        city_staff.pk,
        "provider.staff_changed",
        "organisation",
        str(organisation.pk),
        {"before": facts, "after": managed},
    )

    response = city_staff_client.post(f"{STAFF}delete/{link.pk}/")
    assert response.status_code == 302
    assert not OrganisationStaff.objects.exists()
    assert entries()[-1] == (
        city_staff.pk,
        "provider.staff_removed",
        "organisation",
        str(organisation.pk),
        {"before": managed, "after": None},
    )
    assert len(entries()) == 3


def test_removing_staff_members_in_bulk_is_audited_too(city_staff_client, city_staff):
    organisation = OrganisationFactory()
    links = [
        OrganisationStaff.objects.create(organisation=organisation, user=UserFactory())
        for _ in range(2)
    ]
    url = reverse("wagtail_bulk_action", args=["accounts", "organisationstaff", "delete"])
    response = city_staff_client.post(f"{url}?id={links[0].pk}&id={links[1].pk}&next={STAFF}")
    assert response.status_code == 302
    assert not OrganisationStaff.objects.exists()
    assert [(actor, action) for actor, action, *_rest in entries()] == [
        (city_staff.pk, "provider.staff_removed"),
        (city_staff.pk, "provider.staff_removed"),
    ]
    assert {entry[4]["before"]["user"] for entry in entries()} == {link.user_id for link in links}


def test_a_resident_cannot_add_a_staff_member(resident_client):
    organisation = OrganisationFactory()
    person = UserFactory()
    response = resident_client.post(
        f"{STAFF}add/", {"organisation": organisation.pk, "user": person.email, "role": "member"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not OrganisationStaff.objects.exists()
    assert entries() == []


def test_a_coordinator_in_the_admin_cannot_remove_one(client):
    link = OrganisationStaff.objects.create(organisation=OrganisationFactory(), user=UserFactory())
    client.force_login(UserFactory(roles=["space_coordinator"]))
    response = client.post(f"{STAFF}delete/{link.pk}/")
    assert response.status_code in (302, 403)
    assert OrganisationStaff.objects.filter(pk=link.pk).exists()
    assert entries() == []


def test_making_someone_an_administrator_and_back(admin_client, admin):
    person = UserFactory()
    url = reverse("wagtailusers_users:edit", args=[person.pk])
    data = {
        "email": person.email,
        "display_name": person.display_name,
        "first_name": "",
        "last_name": "",
        "password1": "",
        "password2": "",
        "is_active": "on",
    }
    assert admin_client.post(url, data | {"is_superuser": "on"}).status_code == 302
    person.refresh_from_db()
    assert person.is_superuser
    assert admin_client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert not person.is_superuser
    assert entries() == [
        (
            admin.pk,
            "account.administrator_granted",
            "user",
            str(person.pk),
            {"before": False, "after": True},
        ),
        (
            admin.pk,
            "account.administrator_revoked",
            "user",
            str(person.pk),
            {"before": True, "after": False},
        ),
    ]


def test_only_an_administrator_makes_administrators(city_staff):
    person = UserFactory()
    with pytest.raises(PermissionDenied):
        services.administrator_set(user=person, value=True, by=city_staff)
    person.refresh_from_db()
    assert not person.is_superuser
    assert entries() == []
