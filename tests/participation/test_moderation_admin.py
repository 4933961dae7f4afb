"""The moderation queue in the Wagtail admin, as city staff, as a space's coordinator, as a desk
operator and as a resident: who sees what, and every button going through the services."""

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.admin.menu import admin_menu
from wagtail.users.models import UserProfile

from tests.factories import UserFactory
from wemi_community.core.models import AuditEntry
from wemi_community.participation.models import Comment, Report
from wemi_community.participation.moderation import report_submit

from .moderation_helpers import (
    city_staff,
    content_type_id,
    coordinator_of,
    desk_operator_of,
    make_comment,
    two_spaces,
)

pytestmark = pytest.mark.django_db

QUEUE = "/admin/partecipazione/moderazione/"


@pytest.fixture
def world():
    north, south = two_spaces()
    author = UserFactory(display_name="Autrice Nord", email="autrice@esempio.example")
    north_comment = make_comment(north, author, "Commento al nord")
    south_comment = make_comment(south, UserFactory(display_name="Autore Sud"), "Commento al sud")
    for comment, reason in ((north_comment, "spam"), (south_comment, "offensive")):
        for person in UserFactory.create_batch(2):
            report_submit(actor=person, content=comment, reason=reason)
    return {
        "north": north,
        "south": south,
        "author": author,
        "north_comment": north_comment,
        "south_comment": south_comment,
        "coordinator": coordinator_of(north),
        "staff": city_staff(),
    }


def logged_in(user) -> Client:
    """A client in the admin, in English (the admin follows the person's Wagtail profile)."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client = Client()
    client.force_login(user)
    return client


def action_url(comment, action) -> str:
    return reverse(
        "participation_admin:moderation_action",
        args=[content_type_id(comment), comment.pk, action],
    )


def reload(comment) -> Comment:
    return Comment.objects.get(pk=comment.pk)


def menu_names(user) -> set[str]:
    request = RequestFactory().get("/admin/")
    request.user = user
    return {item.name for item in admin_menu.menu_items_for_request(request)}


def test_the_url_and_the_menu_item(world):
    assert reverse("participation_admin:moderation") == QUEUE
    assert "moderation" in menu_names(world["staff"])
    assert "moderation" in menu_names(world["coordinator"])
    assert "moderation" not in menu_names(desk_operator_of(world["north"]))
    assert "moderation" not in menu_names(UserFactory())


def test_city_staff_see_everything_reported(world):
    response = logged_in(world["staff"]).get(QUEUE)
    assert response.status_code == 200
    html = response.text
    assert "Commento al nord" in html and "Commento al sud" in html
    assert "Spazio Nord" in html and world["north"].url in html
    assert "Autrice Nord" in html and "autrice@esempio.example" in html
    assert "Spam or advertising: 2" in html and "Offensive or hateful: 2" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert reverse("participation_admin:user_block", args=[world["author"].pk]) in html


def test_a_coordinator_sees_only_their_spaces_content(world):
    response = logged_in(world["coordinator"]).get(QUEUE)
    assert response.status_code == 200
    assert "Commento al nord" in response.text
    assert "Commento al sud" not in response.text
    # Blocking is city staff's call: no button for coordinators.
    assert "/blocca/" not in response.text


def test_a_coordinator_moderates_their_space(world):
    client = logged_in(world["coordinator"])
    response = client.post(action_url(world["north_comment"], "nascondi"))
    assert response.status_code == 302 and response.url == QUEUE
    assert reload(world["north_comment"]).hidden_by == "moderator"
    assert "The content is hidden." in client.get(QUEUE + "?state=hidden").text
    client.post(action_url(world["north_comment"], "ripristina"))
    assert not reload(world["north_comment"]).is_hidden
    actions = AuditEntry.objects.filter(actor=world["coordinator"]).values_list("action", flat=True)
    assert list(actions.order_by("pk")) == ["moderation.hidden", "moderation.restored"]


@pytest.mark.parametrize("action", ["nascondi", "ripristina", "archivia"])
def test_a_coordinator_gets_403_on_another_spaces_content(world, action):
    response = logged_in(world["coordinator"]).post(action_url(world["south_comment"], action))
    assert response.status_code == 403
    comment = reload(world["south_comment"])
    assert not comment.is_hidden and comment.open_report_count == 2
    assert not Report.objects.filter(status="dismissed").exists()


def test_dismissing_reports_from_the_queue(world):
    client = logged_in(world["staff"])
    next_url = QUEUE + "?state=all"
    response = client.post(action_url(world["south_comment"], "archivia"), {"next": next_url})
    assert response.status_code == 302 and response.url == next_url
    assert reload(world["south_comment"]).open_report_count == 0
    assert "Commento al sud" not in client.get(QUEUE).text  # nothing left to review
    assert "Commento al sud" in client.get(next_url).text


def test_a_foreign_next_url_is_ignored(world):
    response = logged_in(world["staff"]).post(
        action_url(world["south_comment"], "archivia"), {"next": "https://evil.example/"}
    )
    assert response.url == QUEUE


def test_a_state_conflict_is_409_with_the_reason(world):
    client = logged_in(world["staff"])
    response = client.post(action_url(world["north_comment"], "ripristina"))
    assert response.status_code == 409
    assert "This content is not hidden." in response.text


def test_unknown_actions_or_content_are_404(world):
    client = logged_in(world["staff"])
    assert client.post(action_url(world["north_comment"], "cancella")).status_code == 404
    url = reverse("participation_admin:moderation_action", args=[999999, 1, "nascondi"])
    assert client.post(url).status_code == 404
    space_as_content = reverse(
        "participation_admin:moderation_action",
        args=[content_type_id(world["north"]), world["north"].pk, "nascondi"],
    )
    assert client.post(space_as_content).status_code == 404


def test_actions_are_posts_with_csrf(world):
    client = logged_in(world["staff"])
    client.handler.enforce_csrf_checks = True
    assert client.get(action_url(world["north_comment"], "nascondi")).status_code == 405
    assert client.post(action_url(world["north_comment"], "nascondi")).status_code == 403
    assert not reload(world["north_comment"]).is_hidden


def test_a_desk_operator_may_not_use_the_queue(world):
    client = logged_in(desk_operator_of(world["north"]))
    assert client.get(QUEUE).status_code == 403
    assert client.post(action_url(world["north_comment"], "nascondi")).status_code == 403
    assert not reload(world["north_comment"]).is_hidden


def test_a_resident_has_no_admin_at_all(world):
    client = logged_in(UserFactory())
    response = client.get(QUEUE)
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
    client.post(action_url(world["north_comment"], "nascondi"))
    assert not reload(world["north_comment"]).is_hidden


def test_city_staff_block_an_author_from_the_queue(world):
    client = logged_in(world["staff"])
    url = reverse("participation_admin:user_block", args=[world["author"].pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="reason"' in page.text and 'name="hide_content"' in page.text
    missing = client.post(url, {"reason": ""})
    assert missing.status_code == 200 and missing.context["form"].has_error("reason")
    response = client.post(url, {"reason": "Spam ripetuto", "hide_content": "on"})
    assert response.status_code == 302 and response.url == QUEUE
    author = world["author"].__class__.objects.get(pk=world["author"].pk)
    assert author.blocked_reason == "Spam ripetuto" and not author.is_active
    assert reload(world["north_comment"]).hidden_by == "moderator"
    again = client.get(url)
    assert again.status_code == 409

    unblock = reverse("participation_admin:user_unblock", args=[author.pk])
    assert client.post(unblock).status_code == 302
    assert author.__class__.objects.get(pk=author.pk).is_active


def test_blocking_keeps_content_unless_asked(world):
    client = logged_in(world["staff"])
    url = reverse("participation_admin:user_block", args=[world["author"].pk])
    client.post(url, {"reason": "Spam"})
    assert not reload(world["north_comment"]).is_hidden


def test_coordinators_cannot_block(world):
    client = logged_in(world["coordinator"])
    url = reverse("participation_admin:user_block", args=[world["author"].pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Spam"}).status_code == 403
    unblock = reverse("participation_admin:user_unblock", args=[world["author"].pk])
    assert client.post(unblock).status_code == 403
    assert world["author"].__class__.objects.get(pk=world["author"].pk).is_active


def test_the_queue_page_costs_the_same_for_few_or_many(world, django_assert_max_num_queries):
    client = logged_in(world["staff"])
    client.get(QUEUE)

    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    for n in range(15):
        comment = make_comment(world["north"] if n % 2 else world["south"], UserFactory(), f"C{n}")
        report_submit(actor=UserFactory(), content=comment, reason="spam")
    with django_assert_max_num_queries(len(few)):
        response = client.get(QUEUE)
    assert response.text.count("See it on the site") == 17
