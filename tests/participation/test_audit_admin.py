"""The audit trail in the Wagtail admin: city staff only, read-only, filterable by person,
object, action and date, with links to the objects and to Wagtail's own history."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from wagtail.admin.menu import admin_menu
from wagtail.users.models import UserProfile

from tests.factories import UserFactory
from wemi_community.core.audit import audit_log
from wemi_community.core.models import AuditEntry
from wemi_community.participation.moderation import content_hide, report_submit, user_block

from .moderation_helpers import city_staff, coordinator_of, make_comment, two_spaces

pytestmark = pytest.mark.django_db

AUDIT = "/admin/partecipazione/registro/"
RESULTS = "/admin/partecipazione/registro/risultati/"


def logged_in(user) -> Client:
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world():
    north, _south = two_spaces()
    staff = city_staff(email="elena@comune.example")
    operator = UserFactory(display_name="Operatrice Desk", email="desk@esempio.example")
    resident = UserFactory(display_name="Rosa Senza Mail", email=None)
    author = UserFactory(display_name="Autrice", email="autrice@esempio.example")
    comment = make_comment(north, author, "Da nascondere")
    report_submit(actor=UserFactory(), content=comment, reason="spam")
    content_hide(moderator=staff, content=comment, reason="Offese")
    user_block(moderator=staff, user=author, reason="Spam")
    audit_log(actor=operator, on_behalf_of=resident, action="events.registered", target=north)
    return {
        "north": north,
        "staff": staff,
        "operator": operator,
        "resident": resident,
        "author": author,
        "comment": comment,
    }


def rows(response) -> list[AuditEntry]:
    return list(response.context["object_list"])


def actions(response) -> list[str]:
    return [entry.action for entry in rows(response)]


def test_city_staff_read_the_trail(world):
    response = logged_in(world["staff"]).get(AUDIT)
    assert response.status_code == 200
    html = response.text
    assert actions(response) == [
        "events.registered",
        "moderation.user_blocked",
        "moderation.hidden",
        "report.submitted",
    ]
    with translation.override("en"):
        labels = [str(column.label) for column in response.context["table"].columns.values()]
    assert labels == ["When", "By", "On behalf of", "Action", "Object", "Details"]
    assert "Operatrice Desk &lt;desk@esempio.example&gt;" in html
    assert f"Rosa Senza Mail (#{world['resident'].pk})" in html
    assert "reason: Offese" in html


def test_objects_link_to_where_they_live(world):
    response = logged_in(world["staff"]).get(AUDIT)
    by_action = {entry.action: entry for entry in rows(response)}
    comment, north = world["comment"], world["north"]
    # The public page in the admin's language (English, in these tests).
    public = f"/en{north.url}#comment-{comment.pk}"
    assert by_action["moderation.hidden"].object_url == public
    # Page edits stay in Wagtail's own history: an entry about a page links to it.
    assert by_action["events.registered"].object_url == reverse(
        "wagtailadmin_pages:history", args=[north.pk]
    )
    assert by_action["moderation.user_blocked"].object_url == reverse(
        "wagtailusers_users:edit", args=[world["author"].pk]
    )
    assert f'href="{public}"' in response.text
    assert reverse("wagtailadmin_reports:site_history") in response.text


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("desk@esempio", {"events.registered"}),  # the actor, by e-mail
        ("rosa senza", {"events.registered"}),  # on whose behalf, by name
        ("elena@comune", {"moderation.hidden", "moderation.user_blocked"}),
    ],
)
def test_filter_by_person(world, person, expected):
    response = logged_in(world["staff"]).get(RESULTS, {"person": person})
    assert response.status_code == 200
    assert set(actions(response)) == expected


def test_filter_by_person_id_matches_actor_or_on_behalf_of(world):
    client = logged_in(world["staff"])
    assert actions(client.get(AUDIT, {"person": world["resident"].pk})) == ["events.registered"]
    assert actions(client.get(AUDIT, {"person": world["operator"].pk})) == ["events.registered"]


def test_filter_by_object(world):
    comment_type = ContentType.objects.get_for_model(world["comment"])
    response = logged_in(world["staff"]).get(
        AUDIT, {"target_type": comment_type.pk, "target_id": world["comment"].pk}
    )
    assert actions(response) == ["moderation.hidden", "report.submitted"]


def test_filter_by_action_and_date(world):
    client = logged_in(world["staff"])
    assert actions(client.get(AUDIT, {"action": "moderation.hidden"})) == ["moderation.hidden"]
    AuditEntry.objects.filter(action="report.submitted").update(
        created_at=timezone.now() - timedelta(days=40)
    )
    today = timezone.localdate()
    recent = client.get(AUDIT, {"created_at_from": str(today - timedelta(days=1))})
    assert "report.submitted" not in actions(recent) and "moderation.hidden" in actions(recent)
    old = client.get(AUDIT, {"created_at_to": str(today - timedelta(days=30))})
    assert actions(old) == ["report.submitted"]


def test_others_are_refused_and_see_no_menu_item(world):
    coordinator = coordinator_of(world["north"])
    assert logged_in(coordinator).get(AUDIT).status_code == 403
    assert logged_in(coordinator).get(RESULTS).status_code == 403
    resident = logged_in(UserFactory()).get(AUDIT)
    assert resident.status_code == 302 and resident.url.startswith("/admin/login/")

    def menu_names(user):
        request = RequestFactory().get("/admin/")
        request.user = user
        return {item.name for item in admin_menu.menu_items_for_request(request)}

    assert "audit-trail" in menu_names(world["staff"])
    assert "audit-trail" not in menu_names(coordinator)


def test_the_trail_is_read_only(world):
    client = logged_in(world["staff"])
    for name in ("audit_add", "audit_edit", "audit_delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"participation_admin:{name}")
    assert client.post(AUDIT, {"action": "x"}).status_code == 405
    html = client.get(AUDIT).text
    links = set(re.findall(r'"(/admin/partecipazione/registro/[^"?]*)', html))
    assert links <= {AUDIT, RESULTS}


def test_the_listing_costs_the_same_for_few_or_many(world):
    client = logged_in(world["staff"])
    client.get(AUDIT)
    with CaptureQueriesContext(connection) as few:
        client.get(AUDIT)
    for n in range(30):
        comment = make_comment(world["north"], UserFactory(), f"Altro {n}")
        report_submit(actor=UserFactory(), content=comment, reason="spam")
        audit_log(
            actor=world["operator"],
            on_behalf_of=UserFactory(),
            action="events.registered",
            target=world["north"],
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(AUDIT)
    assert len(rows(response)) == 50  # a full page
    assert len(many) == len(few)


def test_actions_read_as_words_with_their_code(world):
    client = Client()
    client.force_login(world["staff"])  # the admin in Italian, the staff member's language
    html = client.get(AUDIT).content.decode()
    assert "Nascosto dalla moderazione (moderation.hidden)" in html
    # An action no one has labelled shows its code alone.
    assert "events.registered" in html
    assert "(events.registered)" not in html
