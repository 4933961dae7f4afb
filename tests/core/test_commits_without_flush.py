"""``bulk.commits_without_flush``: the digest's marks commit without waiting for the disk on
PostgreSQL, and the connection is itself again afterwards, even after an error."""

import pytest
from django.db import connection, transaction

from wemi_community.core import bulk


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_off_inside_and_back_after_even_after_an_error():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite's WAL commits already skip the flush")
    before = _synchronous_commit()
    with bulk.commits_without_flush():
        assert _synchronous_commit() == "off"
    assert _synchronous_commit() == before
    with pytest.raises(RuntimeError), bulk.commits_without_flush():
        raise RuntimeError("a send failed")
    assert _synchronous_commit() == before


@pytest.mark.django_db
def test_nothing_changes_inside_a_transaction():
    with transaction.atomic(), bulk.commits_without_flush():
        if connection.vendor == "postgresql":
            assert _synchronous_commit() == "on"
        else:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous")
                assert cursor.fetchone()[0] in (1, 2)  # NORMAL or FULL, as configured
