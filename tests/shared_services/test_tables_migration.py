"""Offers and shared services moved from the proposals to their own app without touching their
tables: a database migrated before the move keeps its rows, and the content types (with the
permissions and the generic relations that point at them) follow the models."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from shared_services.models import (
    CopaymentShare,
    DeliveryCheck,
    DeliveryEntry,
    Membership,
    Offer,
    PriceBand,
    ServiceRating,
    SharedService,
)
from wemi_community.core.models import AuditEntry

BEFORE_THE_MOVE = [("proposals", "0004_proposal_lab"), ("shared_services", None)]
MOVED = (
    Offer,
    PriceBand,
    SharedService,
    CopaymentShare,
    Membership,
    DeliveryEntry,
    DeliveryCheck,
    ServiceRating,
)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_the_models_keep_the_tables_they_had_in_the_proposals():
    assert {model._meta.db_table for model in MOVED} == {
        f"proposals_{model._meta.model_name}" for model in MOVED
    }


@pytest.mark.django_db
def test_a_fresh_database_has_the_content_types_in_the_new_app():
    for model in MOVED:
        assert ContentType.objects.get_for_model(model).app_label == "shared_services"
    assert not ContentType.objects.filter(app_label="proposals", model="sharedservice").exists()


@pytest.mark.django_db(transaction=True)
def test_a_database_migrated_before_the_move_keeps_its_rows_and_content_types(
    django_user_model,
):
    old_apps = _migrate(BEFORE_THE_MOVE)
    OldContentType = old_apps.get_model("contenttypes", "ContentType")
    OldPermission = old_apps.get_model("auth", "Permission")
    OldUser = old_apps.get_model("accounts", "User")
    OldOrganisation = old_apps.get_model("accounts", "Organisation")
    OldProposal = old_apps.get_model("proposals", "Proposal")
    OldOffer = old_apps.get_model("proposals", "Offer")
    OldPriceBand = old_apps.get_model("proposals", "PriceBand")
    # What the old database holds: rows, and the content types of the models in proposals,
    # with a permission and an audit entry pointing at them.
    ContentType.objects.filter(model__in=[model._meta.model_name for model in MOVED]).delete()
    old_types = {
        model._meta.model_name: OldContentType.objects.create(
            app_label="proposals", model=model._meta.model_name
        ).pk
        for model in MOVED
    }
    OldPermission.objects.create(
        name="Can view shared service",
        codename="view_sharedservice",
        content_type_id=old_types["sharedservice"],
    )
    author = OldUser.objects.create(email="autrice@example.com")
    organisation = OldOrganisation.objects.create(name="Cooperativa", slug="cooperativa")
    proposal = OldProposal.objects.create(author=author, title="Baby sitter condivisa")
    offer = OldOffer.objects.create(
        proposal=proposal,
        organisation=organisation,
        submitted_by=author,
        min_households=2,
        max_households=6,
        schedule="Martedì 16:30–19:00",
    )
    OldPriceBand.objects.create(
        offer=offer, min_households=2, max_households=6, group_price_per_hour="30.00"
    )
    AuditEntry.objects.create(
        action="offer.submitted", target_type_id=old_types["offer"], target_id=str(offer.pk)
    )

    _migrate(_latest())
    ContentType.objects.clear_cache()  # it still knows the rows deleted above

    moved = Offer.objects.get()
    assert moved.pk == offer.pk
    assert moved.proposal.title == "Baby sitter condivisa"
    assert moved.bands.get().group_price_per_hour == 30
    for model in MOVED:
        content_type = ContentType.objects.get_for_model(model)
        assert content_type.app_label == "shared_services"
        assert content_type.pk == old_types[model._meta.model_name]
    assert not ContentType.objects.filter(
        app_label="proposals", model__in=old_types.keys()
    ).exists()
    permission = Permission.objects.get(codename="view_sharedservice")
    assert permission.content_type == ContentType.objects.get_for_model(SharedService)
    entry = AuditEntry.objects.get(action="offer.submitted")
    assert entry.target_type.model_class() is Offer


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_undone():
    for model in MOVED:
        ContentType.objects.get_for_model(model)  # as after a post_migrate

    old_apps = _migrate(BEFORE_THE_MOVE)

    assert old_apps.get_model("proposals", "SharedService")._meta.db_table == (
        "proposals_sharedservice"
    )
    assert ContentType.objects.filter(app_label="proposals", model="sharedservice").exists()
    assert not ContentType.objects.filter(
        app_label="shared_services", model="sharedservice"
    ).exists()
    _migrate(_latest())
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(SharedService).app_label == "shared_services"
