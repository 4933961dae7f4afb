"""`make backup` and `make restore`: a backup of a database with proposals, seats taken at an
event and volunteer hours, restored into a fresh database, gives back the same rows and the
same media files. On SQLite always; on PostgreSQL when the suite runs on it (a scratch database
of its own, dropped at the end)."""

import json
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.db import connection

from events.models import Registration
from proposals.models import Proposal
from tests.factories.events import RegistrationFactory
from tests.factories.proposals import ProposalFactory
from tests.factories.volunteering import HourEntryFactory
from tests.scripts import load_script
from volunteering.models import HourEntry

ROOT = Path(__file__).resolve().parents[2]

# The backup reads what is committed: the rows are written for real, and the database is put
# back as it was after (with the places and categories of the migrations).
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


backup = load_script("backup")

# What must come back: the table, its columns, and the model to read the originals with.
CHECKED = [
    (Proposal, ["id", "title", "state", "author_id", "space_id"]),
    (Registration, ["id", "event_id", "user_id", "seats", "state", "code"]),
    (HourEntry, ["id", "volunteer_id", "space_id", "date", "hours", "state"]),
]


def _select(model, fields) -> str:
    columns = ", ".join(model._meta.get_field(f.removesuffix("_id")).column for f in fields)
    return f"SELECT {columns} FROM {model._meta.db_table} ORDER BY 1"  # noqa: S608


def _rows(cursor) -> dict[str, list[tuple]]:
    """Every checked row, as text (SQLite and PostgreSQL give dates and decimals as they like)."""
    found = {}
    for model, fields in CHECKED:
        cursor.execute(_select(model, fields))
        found[model.__name__] = [tuple(str(value) for value in row) for row in cursor.fetchall()]
    return found


@pytest.fixture
def community(settings, tmp_path):
    """Two proposals, three seats taken at an event, four hours of a volunteer, two media
    files; returns the rows as the database has them."""
    settings.MEDIA_ROOT = tmp_path / "media"
    ProposalFactory()
    ProposalFactory(title="Doposcuola di via Padova")
    registration = RegistrationFactory(seats=3)
    HourEntryFactory(hours=4)
    (tmp_path / "media" / "original_images").mkdir(parents=True)
    (tmp_path / "media" / "original_images" / "foto.jpg").write_bytes(b"\xff\xd8 una foto")
    (tmp_path / "media" / "verbale.pdf").write_bytes(b"%PDF verbale")
    with connection.cursor() as cursor:
        rows = _rows(cursor)
    # The scene is what the test says it is.
    assert len(rows["Proposal"]) == 2
    assert [r[3] for r in rows["Registration"]] == ["3"]
    assert registration.seats == 3
    assert [float(r[4]) for r in rows["HourEntry"]] == [4.0]
    return rows


def _media(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _backup(tmp_path) -> Path:
    return backup.backup(
        connection=connection, media_root=tmp_path / "media", directory=tmp_path / "backups"
    )


@committed
def test_the_archive_is_named_by_its_time_and_says_what_it_holds(community, tmp_path):
    archive = _backup(tmp_path)
    assert archive.parent == tmp_path / "backups"
    assert re.fullmatch(r"wemi-\d{8}-\d{6}-(sqlite|postgresql)\.tar\.gz", archive.name)
    # Nothing half-written is left beside it.
    assert [p.name for p in archive.parent.iterdir()] == [archive.name]
    manifest = backup.read_manifest(archive)
    assert manifest["database"] == connection.vendor  # "sqlite" or "postgresql"
    assert "0001_initial" in manifest["migrations"]["proposals"]
    assert manifest["created_at"][:4].isdigit() and manifest["media"] is True
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "media/original_images/foto.jpg" in names and "media/verbale.pdf" in names
    # A second backup in the same second does not overwrite the first.
    second = _backup(tmp_path)
    assert second != archive and archive.exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backup")
@committed
def test_sqlite_backup_restored_into_a_fresh_database(community, tmp_path):
    import sqlite3

    archive = _backup(tmp_path)
    fresh = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "fresh.sqlite3")}
    restored_media = tmp_path / "restored" / "media"
    restored_media.mkdir(parents=True)
    (restored_media / "di-prima.txt").write_text("replaced by the backup's media")
    manifest = backup.restore(archive, database=fresh, media_root=restored_media)

    assert manifest["database"] == "sqlite"
    with sqlite3.connect(fresh["NAME"]) as db:
        assert _rows(db.cursor()) == community
    assert _media(restored_media) == _media(tmp_path / "media")
    assert not list(restored_media.parent.glob(".restore-*"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backup")
@committed
def test_postgresql_backup_restored_into_a_fresh_database(community, tmp_path):
    import psycopg

    archive = _backup(tmp_path)
    settings_dict = connection.settings_dict
    scratch = f"wemi_restore_{os.getpid()}"
    params = {
        "host": settings_dict["HOST"] or None,
        "port": settings_dict["PORT"] or None,
        "user": settings_dict["USER"] or None,
        "password": settings_dict["PASSWORD"] or None,
    }
    with psycopg.connect(dbname=settings_dict["NAME"], autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        # The second time over the first (--clean --if-exists): the same rows, not twice.
        for _time in range(2):
            backup.restore(
                archive,
                database={**settings_dict, "NAME": scratch},
                media_root=tmp_path / "restored" / "media",
            )
            with psycopg.connect(dbname=scratch, **params) as restored:
                assert _rows(restored.cursor()) == community
            assert _media(tmp_path / "restored" / "media") == _media(tmp_path / "media")
    finally:
        with psycopg.connect(dbname=settings_dict["NAME"], autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def _archive_of_kind(tmp_path, kind: str) -> Path:
    """A backup's archive as another site would have written it, for ``kind``."""
    manifest = {"format": 1, "database": kind, "created_at": "2026-03-02T10:00:00+00:00"}
    manifest.update(migrations={}, media=False)
    folder = tmp_path / f"made-{kind}"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps(manifest))
    (folder / backup.DUMPS[kind]).write_bytes(b"")
    archive = tmp_path / f"wemi-20260302-100000-{kind}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for path in folder.iterdir():
            tar.add(path, arcname=path.name)
    return archive


def test_a_backup_is_restored_only_into_its_kind_of_database(tmp_path):
    target = tmp_path / "site.sqlite3"
    target.write_bytes(b"what is there stays")
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(target)}
    with pytest.raises(backup.BackupError, match="PostgreSQL database, and this site uses SQLite"):
        backup.restore(
            _archive_of_kind(tmp_path, "postgresql"), database=sqlite, media_root=tmp_path / "m"
        )
    postgres = {"ENGINE": "django.db.backends.postgresql", "NAME": "wemi"}
    with pytest.raises(backup.BackupError, match="SQLite database, and this site uses PostgreSQL"):
        backup.restore(
            _archive_of_kind(tmp_path, "sqlite"), database=postgres, media_root=tmp_path / "m"
        )
    assert target.read_bytes() == b"what is there stays"
    assert not (tmp_path / "m").exists()


def test_a_refused_question_restores_nothing(tmp_path):
    target = tmp_path / "site.sqlite3"
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(target)}
    asked = []

    def say_no(message):
        asked.append(message)
        return False

    with pytest.raises(backup.BackupError, match="Nothing was restored"):
        backup.restore(
            _archive_of_kind(tmp_path, "sqlite"),
            database=sqlite,
            media_root=tmp_path / "m",
            confirm=say_no,
        )
    assert str(target) in asked[0] and "2026-03-02" in asked[0]
    assert not target.exists()


def test_not_a_backup_is_refused(tmp_path):
    bogus = tmp_path / "wemi.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(backup.BackupError, match="is not a backup of this site"):
        backup.read_manifest(bogus)


def _script(tmp_path, *args, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MEDIA_ROOT"}}
    env.update(DJANGO_SETTINGS_MODULE="wemi_community.settings.dev", WEMI_VAR_DIR=str(tmp_path))
    return subprocess.run(
        [sys.executable, "scripts/backup.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
        **kwargs,
    )


def test_the_command_refuses_the_wrong_kind_and_asks_without_yes(tmp_path):
    done = _script(tmp_path, "restore", str(_archive_of_kind(tmp_path, "postgresql")), "--yes")
    assert done.returncode == 2
    assert "restored only into PostgreSQL" in done.stderr

    # No terminal to ask and no --yes: nothing is done.
    done = _script(tmp_path, "restore", str(_archive_of_kind(tmp_path, "sqlite")))
    assert done.returncode == 2
    assert "add --yes" in done.stderr and "Nothing was restored" in done.stderr
    assert not (tmp_path / "wemi.sqlite3").exists()


@pytest.mark.django_db
def test_the_restore_says_when_migrations_are_behind_or_ahead_of_the_code():
    current = {"migrations": backup.applied_migrations(connection)}
    # This code's own database: nothing to say, squashed migrations included.
    assert backup.migration_notes(current) == []
    behind = {"migrations": {**current["migrations"], "proposals": ["0001_initial"]}}
    assert "run `manage.py migrate`" in backup.migration_notes(behind)[0]
    ahead = {"migrations": {**current["migrations"], "proposals": ["0001_initial", "9999_poi"]}}
    notes = backup.migration_notes(ahead)
    assert any("proposals.9999_poi" in note and "newer version" in note for note in notes)
