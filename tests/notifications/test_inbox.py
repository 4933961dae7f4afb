"""The in-app list of notifications, opening one, reading them all, and the header's bell."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from tests.factories import UserFactory
from wemi_community.notifications import kinds, selectors
from wemi_community.notifications.models import Notification

pytestmark = pytest.mark.django_db

LIST = "/notifiche/"
READ_ALL = "/notifiche/tutte-lette/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def read_url(notification) -> str:
    return f"/notifiche/{notification.pk}/letta/"


def make_notifications(user, count: int, *, read: bool = False, **fields) -> list[Notification]:
    """``count`` notifications for ``user``, the first the newest, an hour apart."""
    now = timezone.now()
    rows = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            read_at=now if read else None,
            **{
                "kind": "comment.reply",
                "actor_name": "Bruno",
                "target_title": f"Argomento {n}",
                "url": f"/spazi/spazio-{n}/",
                "excerpt": f"Estratto {n}",
                **fields,
            },
        )
        for n in range(count)
    )
    # created_at is set on insert: spread the rows out, newest first, against the pk order.
    for n, row in enumerate(rows):
        row.created_at = now - timedelta(hours=n)
    Notification.objects.bulk_update(rows, ["created_at"])
    return rows


def sentence(title: str, language: str = "it") -> str:
    with translation.override(language):
        return kinds.render_message("comment.reply", actor_name="Bruno", target_title=title)


def row_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li class="[^"]*" id="notification-(\d+)"', html)]


def row_classes(html: str, notification) -> str:
    match = re.search(rf'<li class="([^"]*)" id="notification-{notification.pk}"', html)
    assert match, f"no row for notification {notification.pk}"
    return match[1]


def unread_label(count: int) -> str:
    # The hidden text of the bell, in the page's language (Italian at /).
    with translation.override("it"):
        if count == 0:
            return gettext("No unread notifications")
        if count == 1:
            return gettext("1 unread notification")
        return gettext("%(count)s unread notifications") % {"count": count}


@pytest.fixture
def other(db):
    return UserFactory(display_name="Carla")


# --- Access -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"), [("get", LIST), ("post", "/notifiche/1/letta/"), ("post", READ_ALL)]
)
def test_anonymous_visitors_are_sent_to_sign_in(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/accedi/?next=")


def test_reading_needs_a_post(resident_client, resident):
    notification = make_notifications(resident, 1)[0]
    assert resident_client.get(read_url(notification)).status_code == 405
    assert resident_client.get(READ_ALL).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


# --- The list ---------------------------------------------------------------------------------


def test_the_list_shows_own_notifications_newest_first(resident_client, resident, other):
    mine = make_notifications(resident, 3)
    theirs = make_notifications(other, 1)[0]
    # The newest last by primary key: the order must come from the dates.
    mine[0].created_at = timezone.now() + timedelta(minutes=1)
    mine[0].save(update_fields=["created_at"])

    response = resident_client.get(LIST)

    assert response.status_code == 200
    html = response.text
    assert row_ids(html) == [row.pk for row in mine]
    assert theirs.pk not in row_ids(html)
    assert sentence("Argomento 0") in html
    assert "Estratto 2" in html
    assert f'datetime="{timezone.localtime(mine[2].created_at).isoformat()}"' in html
    assert 'name="robots" content="noindex, nofollow"' in html
    assert "no-store" in response["Cache-Control"]


def test_each_row_says_how_long_ago(resident_client, resident):
    row = make_notifications(resident, 1)[0]
    row.created_at = timezone.now() - timedelta(hours=3, minutes=5)
    row.save(update_fields=["created_at"])
    response = resident_client.get("/en/notifiche/")
    assert "3\xa0hours ago" in response.text  # Django's timesince keeps number and unit together


def test_relative_time():
    now = timezone.now()
    with translation.override("en"):
        assert selectors.relative_time(now - timedelta(seconds=20), now) == "just now"
        assert selectors.relative_time(now - timedelta(minutes=5), now) == "5\xa0minutes ago"
        assert selectors.relative_time(now - timedelta(days=2, hours=5), now) == "2\xa0days ago"


def test_the_sentence_is_in_the_pages_language(resident_client, resident, monkeypatch):
    # A kind whose sentence the Italian catalogue already has, so the languages differ.
    monkeypatch.setitem(
        kinds._kinds,
        "test.profile",
        kinds.Kind("test.profile", label="Test", message=gettext_lazy("Your profile")),
    )
    make_notifications(resident, 1, kind="test.profile")
    with translation.override("it"):
        italian = gettext("Your profile")
    assert italian != "Your profile"
    assert italian in resident_client.get(LIST).text
    english = resident_client.get("/en/notifiche/").text
    assert "Your profile" in english
    assert 'action="/en/notifiche/' in english


def test_unread_rows_stand_out(resident_client, resident):
    unread = make_notifications(resident, 2)
    read = make_notifications(resident, 1, read=True)[0]
    html = resident_client.get(LIST).text
    assert "is-unread" in row_classes(html, unread[0])
    assert "is-unread" in row_classes(html, unread[1])
    assert "is-unread" not in row_classes(html, read)
    # Not by colour alone: the words say it, once per unread row.
    with translation.override("it"):
        assert html.count(f'<span class="wemi-unread-label">{gettext("Unread")}</span>') == 2


def test_the_list_is_paginated(resident_client, resident):
    rows = make_notifications(resident, 30)
    first = resident_client.get(LIST)
    assert row_ids(first.text) == [row.pk for row in rows[:25]]
    assert 'class="pagination"' in first.text
    second = resident_client.get(LIST, {"page": "2"})
    assert row_ids(second.text) == [row.pk for row in rows[25:]]
    # Beyond the last page: the last one; nonsense: the first.
    assert row_ids(resident_client.get(LIST, {"page": "9"}).text) == row_ids(second.text)
    for nonsense in ("x", "-2", "0"):
        assert row_ids(resident_client.get(LIST, {"page": nonsense}).text) == row_ids(first.text)


def test_unread_only(resident_client, resident):
    unread = make_notifications(resident, 2)
    make_notifications(resident, 3, read=True)
    response = resident_client.get(LIST, {"unread": "1"})
    assert set(row_ids(response.text)) == {row.pk for row in unread}
    # The forms come back to the same filtered view.
    assert f'action="{read_url(unread[0])}?unread=1"' in response.text
    assert f'action="{READ_ALL}?unread=1"' in response.text


def test_empty_list(resident_client):
    response = resident_client.get(LIST)
    assert response.status_code == 200
    assert row_ids(response.text) == []
    assert f'action="{READ_ALL}' not in response.text  # nothing to mark


@pytest.mark.instants
@pytest.mark.parametrize("count", [5, 60])
def test_the_list_costs_the_same_queries_whatever_the_count(
    resident_client, resident, other, count, django_assert_max_num_queries
):
    make_notifications(resident, count // 2)
    make_notifications(resident, count - count // 2, read=True)
    make_notifications(other, 5)
    # The layout's own queries (session, user, menus, the bell) measured on another page with
    # the same layout: the list may add the page's count and its rows, nothing per row.
    with CaptureQueriesContext(connection) as layout:
        resident_client.get("/account/password/cambia/")
    with django_assert_max_num_queries(len(layout) + 2):
        response = resident_client.get(LIST)
    assert response.status_code == 200
    assert len(row_ids(response.text)) == min(count, 25)


# --- Opening one ------------------------------------------------------------------------------


def test_opening_marks_read_and_goes_to_its_page(resident_client, resident):
    notification = make_notifications(resident, 1)[0]
    response = resident_client.post(read_url(notification))
    assert response.status_code == 302
    assert response["Location"] == "/spazi/spazio-0/"
    notification.refresh_from_db()
    assert notification.read_at is not None

    # Opening it again still works, and keeps the first reading time.
    first_read = notification.read_at
    assert resident_client.post(read_url(notification))["Location"] == "/spazi/spazio-0/"
    notification.refresh_from_db()
    assert notification.read_at == first_read


@pytest.mark.parametrize(
    "url",
    [
        "",
        "https://evil.example/phishing/",
        "//evil.example/phishing/",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
    ],
)
def test_only_local_urls_are_followed(resident_client, resident, url):
    notification = make_notifications(resident, 1, url=url)[0]
    response = resident_client.post(read_url(notification))
    assert response.status_code == 302
    assert response["Location"] == LIST
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_an_absolute_url_on_this_site_is_followed(resident_client, resident):
    notification = make_notifications(resident, 1, url="http://testserver/spazi/x/")[0]
    assert resident_client.post(read_url(notification))["Location"] == "http://testserver/spazi/x/"


def test_another_persons_notification_is_not_found(resident_client, other):
    theirs = make_notifications(other, 1)[0]
    assert resident_client.post(read_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert resident_client.post("/notifiche/999999/letta/").status_code == 404


def test_mark_as_read_stays_on_the_list(resident_client, resident):
    rows = make_notifications(resident, 30)
    response = resident_client.post(f"{read_url(rows[27])}?unread=1&page=2", {"stay": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?unread=1&page=2"
    rows[27].refresh_from_db()
    assert rows[27].read_at is not None


def test_mark_as_read_with_htmx_returns_the_updated_list(resident_client, resident):
    rows = make_notifications(resident, 3)
    response = resident_client.post(read_url(rows[1]), {"stay": "1"}, **HTMX)
    assert response.status_code == 200
    html = response.text
    assert "<html" not in html
    assert 'id="notification-inbox"' in html
    assert "is-unread" not in row_classes(html, rows[1])
    assert "is-unread" in row_classes(html, rows[0])
    # Out of band: the header's bell with the new count, and the status line's text.
    assert re.search(r'id="wemi-notifications-bell"[^>]*hx-swap-oob="true"', html, re.S)
    assert f"data-wemi-bell-text>{unread_label(2)}</span>" in html
    assert 'id="notification-inbox-status" hx-swap-oob="innerHTML"' in html
    assert "HX-Request" in response["Vary"]


def test_a_boosted_request_gets_the_whole_page(resident_client, resident):
    notification = make_notifications(resident, 1)[0]
    response = resident_client.post(
        read_url(notification), HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true"
    )
    assert response.status_code == 302
    assert response["Location"] == "/spazi/spazio-0/"


# --- Reading them all -------------------------------------------------------------------------


def test_mark_all_as_read(resident_client, resident, other):
    make_notifications(resident, 4)
    already = make_notifications(resident, 1, read=True)[0]
    theirs = make_notifications(other, 2)
    response = resident_client.post(f"{READ_ALL}?unread=1&page=3")
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?unread=1"
    assert not Notification.objects.filter(recipient=resident, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=already.pk).read_at == already.read_at
    assert Notification.objects.filter(pk__in=[t.pk for t in theirs], read_at=None).count() == 2

    page = resident_client.get(response["Location"])
    assert [m.message for m in page.context["messages"]]  # says what happened
    assert row_ids(page.text) == []


def test_mark_all_as_read_with_htmx(resident_client, resident):
    rows = make_notifications(resident, 3)
    response = resident_client.post(READ_ALL, **HTMX)
    assert response.status_code == 200
    html = response.text
    assert "<html" not in html
    assert all("is-unread" not in row_classes(html, row) for row in rows)
    assert re.search(r'data-wemi-bell-count aria-hidden="true" hidden>0<', html)
    assert f"data-wemi-bell-text>{unread_label(0)}</span>" in html


# --- The bell ---------------------------------------------------------------------------------


def test_the_bell_shows_the_unread_count(resident_client, resident):
    make_notifications(resident, 3)
    make_notifications(resident, 2, read=True)
    html = resident_client.get("/account/profilo/").text
    assert 'href="/notifiche/"' in html
    assert re.search(r'data-wemi-bell-count aria-hidden="true">3<', html)
    assert f"data-wemi-bell-text>{unread_label(3)}</span>" in html
    # The labels live.js uses, translatable, with the place of the number.
    with translation.override("it"):
        many = gettext("%(count)s unread notifications") % {"count": "{count}"}
    assert f'data-label-many="{many}"' in html
    # The live stream and the region its toasts are announced in.
    assert 'id="wemi-toasts" class="wemi-toasts" aria-live="polite"' in html
    assert "/static/notifications/js/live.js" in html


@pytest.mark.parametrize(("count", "hidden"), [(0, True), (1, False)])
def test_the_bell_badge_is_hidden_without_unread(resident_client, resident, count, hidden):
    make_notifications(resident, count)
    html = resident_client.get("/account/profilo/").text
    badge = re.search(r"data-wemi-bell-count aria-hidden=\"true\"( hidden)?>(\d+)<", html)
    assert badge and badge[2] == str(count)
    assert bool(badge[1]) is hidden
    assert f"data-wemi-bell-text>{unread_label(count)}</span>" in html


def test_anonymous_visitors_have_no_bell_and_no_stream(client):
    html = client.get("/account/accedi/").text
    assert "data-wemi-bell" not in html
    assert "wemi-toasts" not in html
    assert "live.js" not in html
