"""One-click unsubscribe: the signed token, the page, the mail client's POST, the undo."""

from urllib.parse import urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory
from tests.spaces.helpers import make_space
from wemi_community.core.models import AuditEntry
from wemi_community.notifications import kinds, tasks
from wemi_community.notifications.models import EmailState, Notification, NotificationSetting
from wemi_community.notifications.services import notify
from wemi_community.notifications.unsubscribe import ALL, SALT, make_token, read_token


def unsubscribe_path(token: str, prefix: str = "") -> str:
    return f"{prefix}/notifiche/disiscriviti/{token}/"


def resubscribe_path(token: str) -> str:
    return f"/notifiche/riattiva/{token}/"


def settings_of(user) -> dict:
    return dict(NotificationSetting.objects.filter(user=user).values_list("kind", "channel"))


def every_kind() -> set[str]:
    return {kind.key for kind in kinds.all_kinds()}


@pytest.fixture
def reader(db):
    return UserFactory(display_name="Giulia", notification_preference="immediate")


@pytest.mark.django_db
def test_the_urls_are_the_italian_ones():
    translation.activate("it")  # whatever an earlier test left active
    assert reverse("notifications:unsubscribe", kwargs={"token": "x"}) == (
        "/notifiche/disiscriviti/x/"
    )
    assert reverse("notifications:resubscribe", kwargs={"token": "x"}) == "/notifiche/riattiva/x/"


@pytest.mark.django_db
def test_opening_the_link_stops_that_kind_at_once_without_signing_in(client, reader):
    response = client.get(unsubscribe_path(make_token(reader, "comment.new")))

    assert response.status_code == 200
    assert settings_of(reader) == {"comment.new": "never"}
    content = response.content.decode()
    assert "Non riceverai più e-mail su: Nuovi commenti su ciò che segui." in content
    assert f'action="{resubscribe_path(make_token(reader, "comment.new"))}"' in content
    assert "/notifiche/impostazioni/" in content
    assert response["Referrer-Policy"] == "no-referrer"
    entry = AuditEntry.objects.get(action="notifications.unsubscribed")
    assert entry.actor is None
    assert entry.target_type == ContentType.objects.get_for_model(reader)
    assert entry.target_id == str(reader.pk)
    assert entry.data["kind"] == "comment.new"
    # The setting's own audit entry names no actor either: nobody was signed in.
    assert AuditEntry.objects.get(action="notifications.setting_changed").actor is None


@pytest.mark.django_db
def test_the_english_page_says_it_in_english(client, reader):
    response = client.get(unsubscribe_path(make_token(reader, "comment.reply"), prefix="/en"))
    assert response.status_code == 200
    assert "You will not receive any more e-mails about" in response.content.decode()
    assert settings_of(reader) == {"comment.reply": "never"}


@pytest.mark.django_db
def test_the_all_token_stops_every_email(client, reader):
    NotificationSetting.objects.create(user=reader, kind="comment.reply", channel="digest")
    response = client.get(unsubscribe_path(make_token(reader, ALL)))

    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.notification_preference == "never"
    assert settings_of(reader) == dict.fromkeys(every_kind(), "never")
    assert "Non riceverai più e-mail dalla piattaforma" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make_bad_token",
    [
        pytest.param(lambda user: make_token(user, "comment.new")[:-2] + "xx", id="tampered"),
        pytest.param(
            lambda user: make_token(user, "comment.new").replace(
                make_token(user, "comment.new").split(":")[0],
                signing.Signer(salt=SALT).sign_object({"u": user.pk + 1, "k": ALL}).split(":")[0],
            ),
            id="payload-swapped",
        ),
        pytest.param(
            lambda user: signing.Signer(salt="another.salt").sign_object(
                {"u": user.pk, "k": "comment.new"}
            ),
            id="wrong-salt",
        ),
        pytest.param(
            lambda user: signing.dumps({"u": user.pk, "k": "comment.new"}), id="default-salt"
        ),
        pytest.param(
            lambda user: signing.Signer(salt=SALT).sign_object({"u": user.pk, "k": "no.such"}),
            id="unknown-kind",
        ),
        pytest.param(
            lambda user: signing.Signer(salt=SALT).sign_object({"u": 987654, "k": ALL}),
            id="unknown-person",
        ),
        pytest.param(
            lambda user: signing.Signer(salt=SALT).sign_object(["not", "a", "dict"]),
            id="wrong-shape",
        ),
        pytest.param(lambda user: "garbage", id="garbage"),
    ],
)
def test_a_bad_token_changes_nothing_and_says_so(client, reader, make_bad_token):
    token = make_bad_token(reader)
    audit_before = AuditEntry.objects.count()
    for method in (client.get, client.post):
        response = method(unsubscribe_path(token))
        assert response.status_code == 400
        assert "Questo link per annullare l'iscrizione non funziona" in response.content.decode()
    response = client.post(resubscribe_path(token))
    assert response.status_code == 400
    assert NotificationSetting.objects.count() == 0
    reader.refresh_from_db()
    assert reader.notification_preference == "immediate"
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.django_db
def test_the_bad_token_page_is_in_english_under_en(client):
    response = client.get(unsubscribe_path("garbage", prefix="/en"))
    assert response.status_code == 400
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_the_mail_clients_one_click_post_needs_no_csrf_token(reader):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        unsubscribe_path(make_token(reader, ALL)),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.notification_preference == "never"


@pytest.mark.django_db
def test_the_undo_button_needs_the_csrf_token(reader):
    client = Client(enforce_csrf_checks=True)
    token = make_token(reader, "comment.new")
    page = client.get(unsubscribe_path(token))
    assert client.post(resubscribe_path(token)).status_code == 403
    assert settings_of(reader) == {"comment.new": "never"}

    csrf = page.context["csrf_token"]
    response = client.post(resubscribe_path(token), {"csrfmiddlewaretoken": str(csrf)})
    assert response.status_code == 200
    assert settings_of(reader) == {}


@pytest.mark.django_db
def test_undo_of_a_kind_restores_the_previous_choice(client, reader):
    NotificationSetting.objects.create(user=reader, kind="comment.new", channel="digest")
    token = make_token(reader, "comment.new")
    client.get(unsubscribe_path(token))
    assert settings_of(reader) == {"comment.new": "never"}

    response = client.post(resubscribe_path(token))

    assert response.status_code == 200
    assert settings_of(reader) == {"comment.new": "digest"}
    assert (
        "Riceverai di nuovo e-mail su: Nuovi commenti su ciò che segui."
        in response.content.decode()
    )
    entry = AuditEntry.objects.get(action="notifications.resubscribed")
    assert entry.actor is None and entry.target_id == str(reader.pk)


@pytest.mark.django_db
def test_undo_of_all_restores_the_general_preference_and_each_kind(client, reader):
    reader.notification_preference = "digest"
    reader.save()
    NotificationSetting.objects.create(user=reader, kind="comment.reply", channel="immediate")
    token = make_token(reader, ALL)
    client.get(unsubscribe_path(token))
    # A mail scanner opening the link again must not lose what there was before.
    client.get(unsubscribe_path(token))

    client.post(resubscribe_path(token))

    reader.refresh_from_db()
    assert reader.notification_preference == "digest"
    assert settings_of(reader) == {"comment.reply": "immediate"}


@pytest.mark.django_db
def test_undo_without_anything_to_restore_turns_the_kind_on(client, reader):
    reader.notification_preference = "never"
    reader.save()
    token = make_token(reader, "comment.mention")
    response = client.get(unsubscribe_path(token))
    assert (
        "Già non ricevevi e-mail su: Menzioni che ti riguardano (@nome)."
        in response.content.decode()
    )

    client.post(resubscribe_path(token))
    assert settings_of(reader) == {"comment.mention": "immediate"}


@pytest.mark.django_db
def test_the_undo_is_post_only(client, reader):
    token = make_token(reader, "comment.new")
    assert client.get(resubscribe_path(token)).status_code == 405
    assert settings_of(reader) == {}


@pytest.mark.django_db
def test_the_link_in_a_real_email_works_and_later_emails_stop(
    client, reader, django_capture_on_commit_callbacks
):
    actor = UserFactory(display_name="Marco")
    space = make_space("Spazio WeMi Lorenteggio")
    with django_capture_on_commit_callbacks(execute=True):
        notify([reader], "comment.new", space, actor)
    header = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")

    response = client.post(urlsplit(header).path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        rows = notify([reader], "comment.new", space, actor)
        notify([reader], "comment.reply", space, actor)
    assert rows[0].email_state == EmailState.NONE
    assert len(mail.outbox) == 2  # the reply still comes: only new comments were stopped
    assert "Marco ha risposto al tuo commento su" in mail.outbox[1].subject


@pytest.mark.django_db
def test_unsubscribing_from_all_drops_what_waits_for_the_digest(
    client, reader, django_capture_on_commit_callbacks
):
    reader.notification_preference = "digest"
    reader.save()
    actor = UserFactory()
    space = make_space("Spazio WeMi Gorla")
    notify([reader], "comment.new", space, actor)
    assert Notification.objects.get().email_state == EmailState.DIGEST

    client.get(unsubscribe_path(make_token(reader, ALL)))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.digest_dispatch()

    assert mail.outbox == []
    assert Notification.objects.get().email_state == EmailState.SKIPPED


@pytest.mark.django_db
def test_read_token_round_trip(reader):
    scope = read_token(make_token(reader, "content.moderated"))
    assert scope.user == reader and scope.kind == "content.moderated"
    assert not scope.is_all
    with pytest.raises(LookupError):
        make_token(reader, "no.such.kind")
