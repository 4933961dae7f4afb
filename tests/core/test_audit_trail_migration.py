"""The audit trail moved from participation to core without touching its table: a database
migrated before the move keeps its rows, and the content type (with its permissions) follows."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wemi_community.core.audit import action_label, audit_log
from wemi_community.core.models import AuditEntry

BEFORE_THE_MOVE = [("participation", "0002_comments_follows_reports"), ("core", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db
def test_a_fresh_database_keeps_the_trail_in_the_old_table(django_user_model):
    person = django_user_model.objects.create_user(email="a@example.com", password="x")
    entry = audit_log(actor=person, action="account.profile_updated", target=person)
    assert AuditEntry._meta.db_table == "participation_auditentry"
    with connection.cursor() as cursor:
        cursor.execute("SELECT action FROM participation_auditentry WHERE id = %s", [entry.pk])
        assert cursor.fetchone() == ("account.profile_updated",)
    assert ContentType.objects.get_for_model(AuditEntry).app_label == "core"
    assert action_label("account.profile_updated") == "Profilo aggiornato"


@pytest.mark.django_db(transaction=True)
def test_a_database_migrated_before_the_move_keeps_its_rows(django_user_model):
    old_apps = _migrate(BEFORE_THE_MOVE)
    OldEntry = old_apps.get_model("participation", "AuditEntry")
    OldContentType = old_apps.get_model("contenttypes", "ContentType")
    # What the old database holds: a row and the content type of the model in participation.
    ContentType.objects.filter(model="auditentry").delete()
    OldContentType.objects.create(app_label="participation", model="auditentry")
    OldEntry.objects.create(action="comment.posted", target_repr="Una proposta")

    _migrate(_latest())

    entry = AuditEntry.objects.get(action="comment.posted")
    assert entry.target_repr == "Una proposta"
    assert list(
        ContentType.objects.filter(model="auditentry").values_list("app_label", flat=True)
    ) == ["core"]


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_undone(django_user_model):
    AuditEntry.objects.create(action="follow.started")
    ContentType.objects.get_for_model(AuditEntry)  # as after a post_migrate

    old_apps = _migrate(BEFORE_THE_MOVE)

    assert old_apps.get_model("participation", "AuditEntry").objects.get().action == (
        "follow.started"
    )
    assert ContentType.objects.filter(app_label="participation", model="auditentry").exists()
    _migrate(_latest())
    assert AuditEntry.objects.get().action == "follow.started"
