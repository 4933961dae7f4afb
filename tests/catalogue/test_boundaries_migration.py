"""The boundaries moved from the Municipio and NIL rows into tables of their own: a database
migrated before the move keeps every boundary, and the move can be undone."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wemi_community.catalogue.models import MunicipioBoundary, NilBoundary

BEFORE_THE_MOVE = [("catalogue", "0005_service_category_keywords")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


# Restored from the database as set up (reference data included), whatever ran before.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_boundaries_move_and_move_back():
    before = dict(NilBoundary.objects.values_list("nil__code", "geometry"))
    assert len(before) == 88

    old_apps = _migrate(BEFORE_THE_MOVE)
    OldNil = old_apps.get_model("catalogue", "Nil")
    OldMunicipio = old_apps.get_model("catalogue", "Municipio")
    assert dict(OldNil.objects.values_list("code", "boundary")) == before
    assert all(OldMunicipio.objects.values_list("boundary", flat=True))
    OldNil.objects.filter(code=1).update(boundary={})  # a NIL the open data left without one

    _migrate(_latest())

    after = dict(NilBoundary.objects.values_list("nil__code", "geometry"))
    assert after == {code: geometry for code, geometry in before.items() if code != 1}
    assert MunicipioBoundary.objects.count() == 9
