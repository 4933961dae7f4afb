"""Deleting people and groups, and Wagtail's bulk actions on users, go through the audited
services: one entry per account with the admin user as actor, and no personal data left in
the trail of a deleted account."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tests.factories import UserFactory
from wemi_community.accounts.models import User
from wemi_community.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return UserFactory(is_superuser=True, is_staff=True, display_name="Amministratrice")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def entries():
    return list(
        AuditEntry.objects.order_by("pk").values_list(
            "actor_id", "action", "target_type__model", "target_id", "target_repr", "data"
        )
    )


def bulk(action: str, *users) -> str:
    url = reverse("wagtail_bulk_action", args=["accounts", "user", action])
    ids = "&".join(f"id={user.pk}" for user in users)
    return f"{url}?{ids}&next=/admin/users/"


def test_deleting_a_user_from_their_page(admin_client, admin):
    person = UserFactory(
        email="rosa.bianchi@esempio.example", display_name="Rosa Bianchi", roles=["volunteer"]
    )
    pk = person.pk
    response = admin_client.post(reverse("wagtailusers_users:delete", args=[pk]))
    assert response.status_code == 302
    assert not User.objects.filter(pk=pk).exists()
    [entry] = entries()
    assert entry[:5] == (admin.pk, "account.deleted", "user", str(pk), f"#{pk}")
    assert entry[5] == {
        "before": {"is_active": True, "is_superuser": False, "groups": ["volunteer"]},
        "after": None,
    }
    # Nothing the person wrote about themselves stays in the trail.
    stored = str(entries())
    assert "Rosa" not in stored and "rosa.bianchi" not in stored


def test_nobody_deletes_their_own_account_from_the_admin(admin_client, admin):
    response = admin_client.post(reverse("wagtailusers_users:delete", args=[admin.pk]))
    assert response.status_code in (302, 403)
    assert User.objects.filter(pk=admin.pk).exists()
    assert entries() == []


def test_deleting_a_group(admin_client, admin):
    group = Group.objects.create(name="Sportello · Spazio WeMi Gorla")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    member = UserFactory()
    member.groups.add(group)
    pk = group.pk
    response = admin_client.post(reverse("wagtailusers_groups:delete", args=[pk]))
    assert response.status_code == 302
    assert not Group.objects.filter(pk=pk).exists()
    assert entries() == [
        (
            admin.pk,
            "account.group_deleted",
            "group",
            str(pk),
            "Sportello · Spazio WeMi Gorla",
            {
                "before": {
                    "name": "Sportello · Spazio WeMi Gorla",
                    "members": 1,
                    "permissions": ["wagtailadmin.access_admin"],
                },
                "after": None,
            },
        )
    ]


def test_a_user_who_may_not_delete_groups_deletes_none(client):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    group = Group.objects.create(name="Gruppo")
    response = client.post(reverse("wagtailusers_groups:delete", args=[group.pk]))
    assert response.status_code in (302, 403)
    assert Group.objects.filter(pk=group.pk).exists()
    assert entries() == []


def test_deactivating_and_activating_many_users(admin_client, admin):
    first, second = UserFactory(), UserFactory(is_active=False)
    response = admin_client.post(bulk("set_active_state", first, second), {"mark_as_active": False})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert not first.is_active and not second.is_active
    # The second was inactive already: one entry only.
    assert entries() == [
        (
            admin.pk,
            "account.deactivated",
            "user",
            str(first.pk),
            str(first),
            {"before": {"is_active": True}, "after": {"is_active": False}},
        )
    ]
    response = admin_client.post(bulk("set_active_state", first), {"mark_as_active": True})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.is_active
    assert entries()[-1][1] == "account.activated"


def test_the_admin_stays_active_when_in_the_selection(admin_client, admin):
    other = UserFactory()
    admin_client.post(bulk("set_active_state", admin, other), {"mark_as_active": False})
    admin.refresh_from_db()
    assert admin.is_active
    assert [entry[3] for entry in entries()] == [str(other.pk)]


def test_deleting_many_users(admin_client, admin):
    first, second = UserFactory(), UserFactory(roles=["city_staff"])
    pks = [first.pk, second.pk]
    response = admin_client.post(bulk("delete", first, second))
    assert response.status_code == 302
    assert not User.objects.filter(pk__in=pks).exists()
    assert [(entry[1], entry[3], entry[4]) for entry in entries()] == [
        ("account.deleted", str(pk), f"#{pk}") for pk in pks
    ]
    assert entries()[1][5]["before"]["groups"] == ["city_staff"]


def test_an_editor_without_the_permission_changes_nobody_in_bulk(client):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    person = UserFactory()
    client.post(bulk("set_active_state", person), {"mark_as_active": False})
    client.post(bulk("delete", person))
    person.refresh_from_db()
    assert person.is_active
    assert entries() == []
