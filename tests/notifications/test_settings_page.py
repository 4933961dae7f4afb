"""The e-mail settings page: one choice per kind, saved through the service."""

import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from tests.factories import UserFactory
from wemi_community.core.models import AuditEntry
from wemi_community.notifications import kinds
from wemi_community.notifications.forms import field_name
from wemi_community.notifications.models import NotificationSetting

URL = "/notifiche/impostazioni/"


def all_fields(default: str = "immediate", **channels) -> dict:
    """A full form post: each kind's channel, ``default`` unless given."""
    return {field_name(kind.key): channels.get(kind.key, default) for kind in kinds.all_kinds()}


def settings_of(user) -> dict:
    return dict(NotificationSetting.objects.filter(user=user).values_list("kind", "channel"))


@pytest.fixture
def reader(db):
    return UserFactory(display_name="Giulia", notification_preference="digest")


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


@pytest.mark.django_db
def test_signing_in_is_needed(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/")
    assert "next=" in response["Location"]
    assert client.post(URL, all_fields()).status_code == 302
    assert NotificationSetting.objects.count() == 0


@pytest.mark.django_db
def test_one_choice_per_kind_preselected(reader, reader_client):
    NotificationSetting.objects.create(user=reader, kind="comment.reply", channel="never")
    with CaptureQueriesContext(connection) as queries:
        response = reader_client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    form = response.context["form"]
    for kind in kinds.all_kinds():
        assert escape(str(kind.label)) in content
        assert f'name="{field_name(kind.key)}"' in content
    assert form[field_name("comment.reply")].value() == "never"
    # Without a choice of their own, a kind follows the general preference.
    assert form[field_name("comment.new")].value() == "digest"
    assert (
        f'name="{field_name("comment.reply")}" value="never" id="id_kind-comment-reply_2" checked'
        in content
    )
    assert content.count("<fieldset") >= len(kinds.all_kinds())
    assert "non ha un indirizzo e-mail" not in content
    # The choices cost one query, whatever the number of kinds (the rest is the layout's).
    settings_queries = [q for q in queries if "notifications_notificationsetting" in q["sql"]]
    assert len(settings_queries) == 1


@pytest.mark.django_db
def test_saving_writes_only_the_changed_kinds(reader, reader_client):
    # Those left as they were keep following the general preference ("digest").
    data = all_fields("digest", **{"comment.new": "never", "comment.reply": "immediate"})

    response = reader_client.post(URL, data)

    assert response.status_code == 302 and response["Location"] == URL
    assert settings_of(reader) == {"comment.new": "never", "comment.reply": "immediate"}
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Le tue impostazioni delle e-mail sono state salvate."
    ]
    entries = AuditEntry.objects.filter(action="notifications.setting_changed")
    assert entries.count() == 2
    assert {entry.actor for entry in entries} == {reader}


@pytest.mark.django_db
def test_saving_without_changes_writes_nothing(reader, reader_client):
    data = {field_name(kind.key): "digest" for kind in kinds.all_kinds()}
    response = reader_client.post(URL, data, follow=True)
    assert NotificationSetting.objects.count() == 0
    assert (
        "Nessuna modifica: le tue impostazioni delle e-mail sono rimaste come prima."
        in response.content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["weekly", "", "NEVER"])
def test_a_bad_value_is_refused_next_to_its_field(reader, reader_client, bad):
    data = all_fields(**{"comment.new": "never"})
    data[field_name("comment.reply")] = bad

    response = reader_client.post(URL, data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field_name("comment.reply")]
    assert 'aria-invalid="true"' in response.content.decode()
    assert NotificationSetting.objects.count() == 0  # nothing saved, not even the good one


@pytest.mark.django_db
def test_a_missing_kind_is_refused(reader, reader_client):
    data = all_fields()
    del data[field_name("comment.mention")]
    response = reader_client.post(URL, data)
    assert response.status_code == 200
    assert field_name("comment.mention") in response.context["form"].errors
    assert NotificationSetting.objects.count() == 0


@pytest.mark.django_db
def test_someone_without_email_is_told(client):
    desk_resident = UserFactory(email=None)
    client.force_login(desk_resident)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Il tuo account non ha un indirizzo e-mail" in response.content.decode()


@pytest.mark.django_db
def test_the_english_page(reader_client):
    response = reader_client.get("/en" + URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "In the daily digest" in content


@pytest.mark.django_db
def test_the_kinds_are_grouped_under_their_modules_headings(reader_client):
    content = reader_client.get(URL).content.decode()
    headings = re.findall(r'<h2 class="h4 mt-4 mb-3 wemi-form-group-heading">([^<]+)</h2>', content)
    assert headings == [
        "Il tuo account",
        "Commenti",
        "Corsi",
        "Appuntamenti allo sportello",
        "Eventi",
        "Laboratori di ascolto-azione",
        "Proposte",
        "Servizi condivisi",
        "Volontariato",
    ]
    # Each kind sits under its own heading.
    labs = content.index('wemi-form-group-heading">Laboratori di ascolto-azione')
    proposals = content.index('wemi-form-group-heading">Proposte')
    assert labs < content.index(field_name("lab.phase_changed")) < proposals
    services = content.index('wemi-form-group-heading">Servizi condivisi')
    assert content.index(field_name("comment.new")) < proposals
    assert proposals < content.index(field_name("proposal.joined")) < services
    assert services < content.index(field_name("service.promoted"))
