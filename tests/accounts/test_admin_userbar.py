"""Wagtail's user bar shows on the site's pages to whoever may open the admin, and to nobody
else; deciding it costs a resident no query, and it follows a change of groups or permissions
at the next request."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from tests.factories.roles import CoordinatorFactory
from tests.spaces.helpers import make_space
from wemi_community.accounts.permissions import can_reach_admin

pytestmark = pytest.mark.django_db

USERBAR = "<wagtail-userbar"


def page_for(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/spazi/")
    assert response.status_code == 200
    return response.content.decode()


def access_admin() -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def test_a_space_coordinator_sees_the_user_bar():
    coordinator = CoordinatorFactory(space=make_space("WeMi Capuana"))
    assert USERBAR in page_for(coordinator)


def test_an_editor_with_the_permission_of_their_own_sees_it():
    editor = UserFactory()
    editor.user_permissions.add(access_admin())
    assert USERBAR in page_for(editor)


def test_an_administrator_sees_it():
    assert USERBAR in page_for(UserFactory(is_superuser=True))


def test_a_resident_does_not():
    assert USERBAR not in page_for(UserFactory())


def test_an_inactive_editor_does_not_reach_the_admin():
    editor = UserFactory(is_active=False)
    editor.user_permissions.add(access_admin())
    assert not can_reach_admin(editor)


def test_same_answer_as_wagtails_rule_for_everyone():
    space = make_space("WeMi Gorla")
    editors = Group.objects.create(name="Redazione")
    editors.permissions.add(access_admin())
    people = [
        UserFactory(),
        UserFactory(is_staff=True),
        UserFactory(is_superuser=True),
        CoordinatorFactory(space=space),
        UserFactory(),
        UserFactory(),
    ]
    people[4].groups.add(editors)
    people[5].groups.add(Group.objects.create(name="Senza accesso"))
    for person in people:
        fresh = type(person).objects.get(pk=person.pk)
        assert can_reach_admin(fresh) == fresh.has_perm("wagtailadmin.access_admin"), person


def test_a_resident_costs_no_query_once_warm():
    UserFactory()
    can_reach_admin(UserFactory())  # the list of who reaches the admin, read once
    resident = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        assert not can_reach_admin(resident)
    assert len(queries) == 0


def test_joining_and_leaving_a_group_with_admin_access_shows_at_the_next_request():
    editors = Group.objects.create(name="Redazione")
    editors.permissions.add(access_admin())
    person = UserFactory()
    client = Client()
    client.force_login(person)
    assert USERBAR not in client.get("/spazi/").content.decode()

    # Each change in its own transaction, as the admin saves it.
    with transaction.atomic():
        person.groups.add(editors)
    assert USERBAR in client.get("/spazi/").content.decode()

    with transaction.atomic():
        editors.permissions.clear()
    assert USERBAR not in client.get("/spazi/").content.decode()

    with transaction.atomic():
        person.user_permissions.add(access_admin())
    assert USERBAR in client.get("/spazi/").content.decode()

    with transaction.atomic():
        person.user_permissions.clear()
    assert USERBAR not in client.get("/spazi/").content.decode()
