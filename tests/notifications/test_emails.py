"""Immediate notification e-mails: content, language, links, idempotency, who gets none."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from tests.factories import UserFactory
from tests.notifications.helpers import fail_the_second_send
from tests.spaces.helpers import make_space
from wemi_community.notifications import tasks
from wemi_community.notifications.models import EmailState, Notification, NotificationSetting
from wemi_community.notifications.services import notify
from wemi_community.notifications.unsubscribe import read_token

SITE = "https://wemi.example"
LINK_RE = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def html_of(message) -> str:
    return next(body for body, mimetype in message.alternatives if mimetype == "text/html")


def unsubscribe_header(message) -> str:
    return message.extra_headers["List-Unsubscribe"].strip("<>")


def send(capture, recipients, *, actor, target, excerpt="Ci sono anche io!", kind="comment.new"):
    """notify() as a service calls it; its after-commit task runs (synchronously)."""
    with capture(execute=True):
        return notify(recipients, kind, target, actor, excerpt=excerpt)


@pytest.fixture
def actor(db):
    return UserFactory(display_name="Marco")


@pytest.fixture
def space(db):
    return make_space("Spazio WeMi Tortona")


@pytest.mark.django_db
def test_the_email_has_both_parts_absolute_links_and_the_unsubscribe_link(
    actor, space, django_capture_on_commit_callbacks
):
    reader = UserFactory(display_name="Giulia", preferred_language="it")
    rows = send(django_capture_on_commit_callbacks, [reader], actor=actor, target=space)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    html = html_of(message)
    assert message.to == [reader.email]
    assert "Marco" in message.subject and "Spazio WeMi Tortona" in message.subject
    assert "\n" not in message.subject
    for part in (message.body, html):
        assert "Ci sono anche io!" in part
        assert "Spazio WeMi Tortona" in part
    links = set(LINK_RE.findall(message.body)) | set(LINK_RE.findall(html))
    assert links and all(link.startswith(SITE) for link in links)
    # The link to what happened, in both parts.
    target_link = SITE + "/spazi/spazio-wemi-tortona/"  # in the reader's language, Italian
    assert target_link in message.body and target_link in html
    # One-click unsubscribe: visible in both parts and in the headers (RFC 2369, RFC 8058).
    unsubscribe = unsubscribe_header(message)
    assert urlsplit(unsubscribe).path.startswith("/notifiche/disiscriviti/")
    assert unsubscribe in message.body and unsubscribe in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = urlsplit(unsubscribe).path.rstrip("/").rsplit("/", 1)[1]
    scope = read_token(token)
    assert (scope.user, scope.kind) == (reader, "comment.new")
    assert SITE + "/notifiche/impostazioni/" in message.body
    row = Notification.objects.get(pk=rows[0].pk)
    assert row.email_state == EmailState.SENT and row.emailed_at is not None


@pytest.mark.django_db
def test_each_reader_gets_it_in_their_language(actor, space, django_capture_on_commit_callbacks):
    italian = UserFactory(display_name="Giulia", preferred_language="it")
    english = UserFactory(display_name="John", preferred_language="en")
    send(django_capture_on_commit_callbacks, [italian, english], actor=actor, target=space)

    by_reader = {message.to[0]: message for message in mail.outbox}
    assert set(by_reader) == {italian.email, english.email}
    it, en = by_reader[italian.email], by_reader[english.email]
    assert it.body.startswith("Ciao Giulia,")
    assert en.body.startswith("Hello John,")
    assert '<html lang="it">' in html_of(it) and '<html lang="en">' in html_of(en)
    assert "Ricevi questo messaggio" in html_of(it)
    assert "You receive this message" in html_of(en)
    assert urlsplit(unsubscribe_header(it)).path.startswith("/notifiche/")
    assert urlsplit(unsubscribe_header(en)).path.startswith("/en/notifiche/")
    assert SITE + "/en/notifiche/impostazioni/" in en.body


@pytest.mark.django_db
def test_user_text_is_escaped_in_the_html_part(actor, space, django_capture_on_commit_callbacks):
    reader = UserFactory()
    send(
        django_capture_on_commit_callbacks,
        [reader],
        actor=actor,
        target=space,
        excerpt='<script>alert("x")</script>',
    )
    html = html_of(mail.outbox[0])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db
def test_a_retried_task_sends_no_second_email(actor, space, django_capture_on_commit_callbacks):
    reader = UserFactory()
    rows = send(django_capture_on_commit_callbacks, [reader], actor=actor, target=space)
    assert len(mail.outbox) == 1

    assert tasks.send_immediate_emails([row.pk for row in rows]) == 0
    assert tasks.send_immediate_emails([row.pk for row in rows]) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_row_claimed_by_another_run_is_not_sent_again(
    actor, space, django_capture_on_commit_callbacks, monkeypatch
):
    reader = UserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        rows = notify([reader], "comment.new", space, actor)
    row = rows[0]
    real_message = tasks.emails.immediate_message

    def another_run_claims_first(notification, user):
        # Between this run's read and its claim, a duplicate run takes the row.
        Notification.objects.filter(pk=notification.pk).update(email_state=EmailState.SENT)
        return real_message(notification, user)

    monkeypatch.setattr(tasks.emails, "immediate_message", another_run_claims_first)
    assert tasks.send_immediate_emails([row.pk]) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_one_connection_for_all_the_emails_of_a_call(
    actor, space, django_capture_on_commit_callbacks, monkeypatch
):
    readers = UserFactory.create_batch(4)
    opened = []
    real_get_connection = tasks.get_connection

    def counting_get_connection(*args, **kwargs):
        connection = real_get_connection(*args, **kwargs)
        opened.append(connection)
        return connection

    monkeypatch.setattr(tasks, "get_connection", counting_get_connection)
    send(django_capture_on_commit_callbacks, readers, actor=actor, target=space)
    assert len(mail.outbox) == 4
    assert len(opened) == 1


@pytest.mark.django_db
def test_never_digest_and_no_email_readers_get_no_immediate_email(
    actor, space, django_capture_on_commit_callbacks
):
    never = UserFactory(notification_preference="never")
    digest = UserFactory(notification_preference="digest")
    no_email = UserFactory(email=None)
    muted_kind = UserFactory(notification_preference="immediate")
    NotificationSetting.objects.create(user=muted_kind, kind="comment.new", channel="never")
    inactive = UserFactory(is_active=False)
    immediate = UserFactory()

    rows = send(
        django_capture_on_commit_callbacks,
        [never, digest, no_email, muted_kind, inactive, immediate],
        actor=actor,
        target=space,
    )

    assert [message.to for message in mail.outbox] == [[immediate.email]]
    states = {row.recipient_id: row.email_state for row in Notification.objects.all()}
    assert states == {
        never.pk: EmailState.NONE,
        digest.pk: EmailState.DIGEST,
        no_email.pk: EmailState.NONE,
        muted_kind.pk: EmailState.NONE,
        immediate.pk: EmailState.SENT,
    }
    assert len(rows) == 5  # the inactive account gets no notification at all


@pytest.mark.django_db
def test_readers_who_lost_their_email_or_account_since_are_skipped(
    actor, space, django_capture_on_commit_callbacks
):
    lost_email, deactivated, muted_since, still_here = UserFactory.create_batch(4)
    with django_capture_on_commit_callbacks(execute=False):
        rows = notify(
            [lost_email, deactivated, muted_since, still_here], "comment.new", space, actor
        )
    assert {row.email_state for row in rows} == {EmailState.IMMEDIATE}
    lost_email.email = None
    lost_email.save()
    deactivated.is_active = False
    deactivated.save()
    NotificationSetting.objects.create(user=muted_since, kind="comment.new", channel="never")

    assert tasks.send_immediate_emails([row.pk for row in rows]) == 1

    assert [message.to for message in mail.outbox] == [[still_here.email]]
    states = dict(Notification.objects.values_list("recipient_id", "email_state"))
    assert states[lost_email.pk] == EmailState.SKIPPED
    assert states[deactivated.pk] == EmailState.SKIPPED
    assert states[muted_since.pk] == EmailState.SKIPPED
    assert states[still_here.pk] == EmailState.SENT


@pytest.mark.django_db
def test_a_failed_send_releases_what_did_not_go_out(
    actor, space, django_capture_on_commit_callbacks, monkeypatch
):
    readers = UserFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=False):
        rows = notify(readers, "comment.new", space, actor)
    ids = [row.pk for row in rows]
    fail_the_second_send(monkeypatch)
    with pytest.raises(ConnectionError):
        tasks.send_immediate_emails(ids)
    assert len(mail.outbox) == 1
    states = Notification.objects.filter(pk__in=ids).order_by("pk")
    assert [row.email_state for row in states] == [
        EmailState.SENT,
        EmailState.IMMEDIATE,
        EmailState.IMMEDIATE,
    ]

    # The retry sends the two that did not go, and not the first one again.
    assert tasks.send_immediate_emails(ids) == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(r.email for r in readers)


@pytest.mark.django_db
def test_unknown_or_other_ids_are_ignored(actor, space, django_capture_on_commit_callbacks):
    reader = UserFactory(notification_preference="digest")
    rows = send(django_capture_on_commit_callbacks, [reader], actor=actor, target=space)
    assert tasks.send_immediate_emails([rows[0].pk, 999_999]) == 0
    assert mail.outbox == []
    assert Notification.objects.get().email_state == EmailState.DIGEST
