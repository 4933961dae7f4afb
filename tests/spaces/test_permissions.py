"""Who runs which space: each coordinator edits and publishes their own space's page and
nothing of another's, for every seeded space; desk operators work at their own desk; city
staff do everything. People are assigned by ticking a space's group on their admin page."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.urls import reverse
from wagtail.models import Page

from spaces_pages import demo
from spaces_pages.models import SpacePage, SpaceStaffGroup
from spaces_pages.permissions import (
    can_coordinate_space,
    can_operate_desk,
    coordinated_space_ids,
    coordinates_a_space,
    spaces_coordinated_by,
    spaces_served_by,
)
from spaces_pages.services import space_groups_ensure
from tests.factories import UserFactory
from wemi_community.accounts import demo as accounts_demo
from wemi_community.accounts.demo import demo_email
from wemi_community.accounts.models import User
from wemi_community.accounts.roles import Role
from wemi_community.core.models import AuditEntry

from .helpers import italian, make_space, space_form_data, space_index

pytestmark = pytest.mark.django_db


def coordinator_of(space: SpacePage) -> User:
    user = UserFactory(display_name=f"Coordinatrice {space.slug}")
    user.groups.add(space_groups_ensure(space=space).coordination)
    return user


def desk_operator_of(space: SpacePage) -> User:
    user = UserFactory(display_name=f"Sportello {space.slug}")
    user.groups.add(space_groups_ensure(space=space).desk)
    return user


def edit_url(space) -> str:
    return reverse("wagtailadmin_pages:edit", args=[space.pk])


def assert_refused(response, context=None):
    """Wagtail 8 answers a PermissionDenied in the admin with a redirect to the dashboard and
    the message "Sorry, you do not have permission to access this area."."""
    assert response.status_code == 302, context
    assert response["Location"] == reverse("wagtailadmin_home"), context


def test_every_space_has_its_two_groups_once(seeded):
    spaces = list(italian())
    assert len(spaces) == 15
    for space in spaces:
        names = sorted(link.group.name for link in space.staff_groups.all())
        assert names == [f"Coordinamento · {space.title}", f"Sportello · {space.title}"]
    before = Group.objects.count()
    for space in spaces:
        space_groups_ensure(space=space)
    assert Group.objects.count() == before


def test_each_coordinator_edits_and_publishes_only_their_own_space(client, seeded):
    spaces = list(italian().order_by("title"))
    assert len(spaces) == 15
    for space in spaces:
        coordinator = coordinator_of(space)
        client.force_login(coordinator)

        assert client.get(edit_url(space)).status_code == 200
        data = space_form_data(space, phone="02 1234 5678")
        data["action-publish"] = "action-publish"
        published = client.post(edit_url(space), data)
        assert published.status_code == 302, space.title
        assert SpacePage.objects.get(pk=space.pk).phone == "02 1234 5678"

        others = [other for other in spaces if other.pk != space.pk]
        for other in others:
            assert_refused(client.get(edit_url(other)), (space.title, other.title))
        # Posting the form straight away is refused too (one is enough: same check).
        assert_refused(client.post(edit_url(others[0]), data | {"title": "X"}), others[0].title)
        assert SpacePage.objects.get(pk=others[0].pk).title != "X"
        assert list(spaces_coordinated_by(coordinator)) == [space]
        assert [s for s in spaces if can_coordinate_space(coordinator, s)] == [space]


def test_the_refusal_says_why(client):
    space, other = make_space("WeMi Uno"), make_space("WeMi Due")
    client.force_login(coordinator_of(space))
    response = client.get(edit_url(other), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("permission" in m or "permessi" in m for m in messages), messages


def test_a_coordinator_cannot_add_delete_or_move_pages(client):
    space = make_space("WeMi Prova")
    client.force_login(coordinator_of(space))
    delete = reverse("wagtailadmin_pages:delete", args=[space.pk])
    assert_refused(client.get(delete))
    assert_refused(client.post(delete))
    assert SpacePage.objects.filter(pk=space.pk).exists()
    add = reverse("wagtailadmin_pages:add", args=["spaces_pages", "spacepage", space_index().pk])
    assert_refused(client.get(add))
    assert_refused(client.get(reverse("wagtailadmin_pages:move", args=[space.pk])))
    assert not space.permissions_for_user(coordinator_of(space)).can_delete()


def test_city_staff_edit_every_space(client, seeded):
    # The role alone, without being a Wagtail superuser: its group holds the page permissions.
    city = UserFactory(roles=["city_staff"])
    client.force_login(city)
    for space in italian():
        tester = space.permissions_for_user(city)
        assert tester.can_edit() and tester.can_publish(), space.title
        assert can_coordinate_space(city, space)
        assert can_operate_desk(city, space)
    # The admin agrees (one request: rendering the editor fifteen times proves nothing more).
    assert client.get(edit_url(italian().get(slug="capuana"))).status_code == 200
    assert spaces_coordinated_by(city).count() == 15
    assert italian().first().permissions_for_user(city).can_delete()


def test_city_staff_role_alone_coordinates_everything_in_permissions_py():
    space = make_space("WeMi Prova")
    city = UserFactory(roles=["city_staff"])
    assert can_coordinate_space(city, space)
    assert list(spaces_served_by(city)) == [space]


def test_desk_operators_work_at_their_own_desk_only(client):
    mine, other = make_space("WeMi Uno"), make_space("WeMi Due")
    operator = desk_operator_of(mine)
    assert can_operate_desk(operator, mine)
    assert not can_operate_desk(operator, other)
    assert not can_coordinate_space(operator, mine)
    assert list(spaces_served_by(operator)) == [mine]
    assert list(spaces_coordinated_by(operator)) == []
    client.force_login(operator)
    assert_refused(client.get(edit_url(mine)))


def test_coordinators_may_work_at_their_desk_too():
    space = make_space("WeMi Uno")
    coordinator = coordinator_of(space)
    assert can_operate_desk(coordinator, space)
    assert list(spaces_served_by(coordinator)) == [space]


def test_asking_about_a_resident_costs_only_their_groups(django_assert_num_queries):
    """Powers are granted to a space's groups only: a resident, or a volunteer, whose groups
    are all platform roles costs no query beyond reading those groups, once."""
    space = make_space("WeMi Uno")
    volunteer = UserFactory()
    volunteer.groups.add(Group.objects.get_or_create(name=Role.VOLUNTEER.value)[0])
    for person in (UserFactory(), volunteer):
        person = User.objects.get(pk=person.pk)
        with django_assert_num_queries(1):
            assert not can_coordinate_space(person, space)
            assert not can_operate_desk(person, space)


def test_someone_in_a_group_beyond_the_roles_is_still_asked():
    """A coordinator who is also a volunteer, and someone in another group, are looked up."""
    space = make_space("WeMi Uno")
    coordinator = coordinator_of(space)
    coordinator.groups.add(Group.objects.get_or_create(name=Role.VOLUNTEER.value)[0])
    editor = UserFactory()
    editor.groups.add(Group.objects.create(name="Redazione"))
    coordinator = User.objects.get(pk=coordinator.pk)
    assert can_coordinate_space(coordinator, space)
    assert can_operate_desk(coordinator, space)
    assert not can_operate_desk(User.objects.get(pk=editor.pk), space)


def test_residents_and_visitors_run_no_space(rf):
    space = make_space("WeMi Uno")
    resident = UserFactory()
    for person in (resident, AnonymousUser()):
        assert not can_coordinate_space(person, space)
        assert not can_operate_desk(person, space)
        assert list(spaces_coordinated_by(person)) == []
    inactive = coordinator_of(space)
    inactive.is_active = False
    inactive.save()
    assert not can_coordinate_space(inactive, space)


def test_a_generic_page_object_is_checked_as_the_space_it_is():
    space = make_space("WeMi Uno")
    coordinator = coordinator_of(space)
    assert can_coordinate_space(coordinator, Page.objects.get(pk=space.pk))


def test_the_demo_coordinator_and_desk_operator_run_san_gottardo(seeded):
    accounts_demo.seed()
    demo.seed()  # assigns the demo staff now that the accounts exist
    san_gottardo = italian().get(slug="san-gottardo")
    coordinator = User.objects.get(email=demo_email("coordinatrice"))
    operator = User.objects.get(email=demo_email("sportello"))
    assert list(spaces_coordinated_by(coordinator)) == [san_gottardo]
    assert list(spaces_served_by(operator)) == [san_gottardo]
    assert not can_coordinate_space(coordinator, italian().get(slug="capuana"))


def test_city_staff_assign_a_coordinator_from_the_users_admin(client):
    space = make_space("WeMi Capuana", municipio=8, slug="capuana")
    group = space_groups_ensure(space=space).coordination
    person = UserFactory(email="nuova.coordinatrice@esempio.example", display_name="Nuova")
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)

    form_page = client.get(reverse("wagtailusers_users:edit", args=[person.pk]))
    assert "Coordinamento · WeMi Capuana" in form_page.text
    response = client.post(
        reverse("wagtailusers_users:edit", args=[person.pk]),
        {
            "email": person.email,
            "display_name": person.display_name,
            "first_name": "",
            "last_name": "",
            "password1": "",
            "password2": "",
            "is_active": "on",
            "groups": [str(group.pk)],
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert can_coordinate_space(person, space)

    client.force_login(person)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert client.get(edit_url(space)).status_code == 200


def test_creating_a_space_in_the_admin_creates_its_groups(client):
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    data = space_form_data(None, title="WeMi Nuovo", slug="nuovo", municipio="1")
    data["action-publish"] = "action-publish"
    url = reverse("wagtailadmin_pages:add", args=["spaces_pages", "spacepage", space_index().pk])
    response = client.post(url, data)
    assert response.status_code == 302
    space = italian().get(slug="nuovo")
    assert {link.role for link in space.staff_groups.all()} == {
        SpaceStaffGroup.Role.COORDINATION,
        SpaceStaffGroup.Role.DESK,
    }
    entry = AuditEntry.objects.get(action="spaces.staff_groups_created")
    assert entry.actor == admin
    assert entry.target_id == str(space.pk)


def test_renaming_a_space_renames_its_groups(client):
    space = make_space("WeMi Vecchio")
    groups = space_groups_ensure(space=space)
    client.force_login(UserFactory(is_superuser=True))
    data = space_form_data(space, title="WeMi Rinnovato")
    data["action-publish"] = "action-publish"
    assert client.post(edit_url(space), data).status_code == 302
    groups.coordination.refresh_from_db()
    assert groups.coordination.name == "Coordinamento · WeMi Rinnovato"
    assert space_groups_ensure(space=space).coordination == groups.coordination


def test_two_spaces_with_the_same_name_get_distinct_groups():
    first = make_space("WeMi Gemello", slug="gemello-1")
    second = make_space("WeMi Gemello", slug="gemello-2")
    a, b = space_groups_ensure(space=first), space_groups_ensure(space=second)
    assert a.coordination != b.coordination
    assert b.coordination.name == f"Coordinamento · WeMi Gemello ({second.pk})"


def test_the_dashboard_lists_the_spaces_a_person_runs(client):
    mine, desk = make_space("WeMi Uno"), make_space("WeMi Due")
    make_space("WeMi Tre")
    person = coordinator_of(mine)
    person.groups.add(space_groups_ensure(space=desk).desk)
    client.force_login(person)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.text
    assert f'href="{edit_url(mine)}"' in html
    assert "WeMi Due" in html and f'href="{edit_url(desk)}"' not in html
    assert "WeMi Tre" not in html


def test_whether_someone_coordinates_a_space_is_read_once_per_request_object(
    django_assert_num_queries,
):
    """The admin's menus and the lists' buttons ask it on every page: the spaces are read
    once for the person, then every ask is answered without a query."""
    mine, other = make_space("WeMi Uno"), make_space("WeMi Due")
    coordinator = User.objects.get(pk=coordinator_of(mine).pk)
    assert coordinates_a_space(coordinator)
    with django_assert_num_queries(0):
        for _ask in range(3):
            assert coordinates_a_space(coordinator)
            assert coordinated_space_ids(coordinator) == {mine.pk}
    operator = User.objects.get(pk=desk_operator_of(other).pk)
    assert not coordinates_a_space(operator) and coordinated_space_ids(operator) == set()
    assert not coordinates_a_space(User.objects.get(pk=UserFactory().pk))
    assert not coordinates_a_space(AnonymousUser())
    city = UserFactory(roles=["city_staff"])
    assert coordinates_a_space(city)
    assert coordinated_space_ids(city) == {mine.pk, other.pk}
