"""Follows: explicit follow and unfollow, automatic follows that respect a stop, the button."""

import pytest

from tests.factories import UserFactory
from tests.participation.helpers import conversation_space, target_kwargs
from wemi_community.core.errors import ObjectHidden
from wemi_community.core.models import AuditEntry
from wemi_community.participation import follows
from wemi_community.participation.models import Follow

pytestmark = pytest.mark.django_db


def test_follow_unfollow_and_automatic_follow():
    space = conversation_space()
    person = UserFactory()
    follows.follow_auto(user=person, target=space)
    assert follows.is_following(person, space)
    assert Follow.objects.get().automatic
    follows.unfollow(actor=person, target=space)
    follows.follow_auto(user=person, target=space)
    assert not follows.is_following(person, space)
    follows.follow(actor=person, target=space)
    assert follows.is_following(person, space)
    assert follows.follower_ids(space) == {person.pk}
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("pk")) == [
        "follow.stopped",
        "follow.started",
    ]


def test_follower_ids_skip_blocked_people():
    space = conversation_space()
    person = UserFactory()
    follows.follow(actor=person, target=space)
    person.is_active = False
    person.save()
    assert follows.follower_ids(space) == set()


def test_cannot_follow_what_one_cannot_see():
    space = conversation_space()
    space.unpublish()
    space.refresh_from_db()
    with pytest.raises(ObjectHidden):
        follows.follow(actor=UserFactory(), target=space)
    assert not Follow.objects.exists()


def test_follow_button_without_and_with_htmx(client):
    space = conversation_space()
    person = UserFactory()
    client.force_login(person)
    url = f"/partecipa/segui/{target_kwargs(space)['content_type_id']}/{space.pk}/"
    response = client.post(url, {"action": "follow"})
    assert response.status_code == 302 and response.url == space.url
    assert follows.is_following(person, space)
    response = client.post(url, {"action": "unfollow"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'value="follow"' in response.content.decode()
    assert not follows.is_following(person, space)
    assert client.post(url, {"action": "jump"}).status_code == 400


def test_follow_needs_sign_in_and_a_real_object(client):
    space = conversation_space()
    kwargs = target_kwargs(space)
    url = f"/partecipa/segui/{kwargs['content_type_id']}/{space.pk}/"
    response = client.post(url, {"action": "follow"})
    assert response.status_code == 302 and "/account/accedi/" in response.url
    client.force_login(UserFactory())
    assert (
        client.post(
            f"/partecipa/segui/{kwargs['content_type_id']}/999999/", {"action": "follow"}
        ).status_code
        == 404
    )
    # A content type the registry does not know is not reachable through the URL.
    from django.contrib.contenttypes.models import ContentType

    from wemi_community.accounts.models import User

    user_type = ContentType.objects.get_for_model(User).pk
    assert client.post(f"/partecipa/segui/{user_type}/1/", {"action": "follow"}).status_code == 404


def test_following_page_lists_what_one_follows_and_stops_it(client, django_assert_max_num_queries):
    person = UserFactory()
    spaces = [conversation_space(f"Spazio seguito {n}") for n in range(3)]
    for space in spaces:
        follows.follow(actor=person, target=space)
    follows.unfollow(actor=person, target=spaces[2])
    client.force_login(person)
    html = client.get("/partecipa/seguiti/").content.decode()
    assert "Spazio seguito 0" in html and "Spazio seguito 1" in html
    assert "Spazio seguito 2" not in html
    for n in range(3, 30):
        follows.follow(actor=person, target=conversation_space(f"Spazio seguito {n}"))
    with django_assert_max_num_queries(20):
        assert client.get("/partecipa/seguiti/").status_code == 200
    kwargs = target_kwargs(spaces[0])
    url = f"/partecipa/segui/{kwargs['content_type_id']}/{spaces[0].pk}/"
    response = client.post(url, {"action": "unfollow", "next": "/partecipa/seguiti/"})
    assert response.status_code == 302 and response.url == "/partecipa/seguiti/"
    assert not follows.is_following(person, spaces[0])
    # An outside address in "next" is ignored.
    response = client.post(url, {"action": "follow", "next": "https://esempio.example/"})
    assert response.url == spaces[0].url


def test_following_page_needs_sign_in(client):
    response = client.get("/partecipa/seguiti/")
    assert response.status_code == 302 and "/account/accedi/" in response.url
