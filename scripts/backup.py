#!/usr/bin/env python
"""Backs up the site (its database and its media files) into one archive, and restores one.

    scripts/backup.py backup              # var/backups/wemi-<UTC time>-<database>.tar.gz
    scripts/backup.py restore FILE [--yes]

The archive holds ``manifest.json`` (the kind of database, the migrations applied, the time),
the database and ``media/``. SQLite is copied with its online backup API, consistent while the
site runs and writes; PostgreSQL with ``pg_dump --format=custom``, restored with
``pg_restore --clean --if-exists`` into the database the settings name. A backup is restored
only into the same kind of database. Restoring replaces the database and the media files:
stop the site first; without ``--yes`` it asks before doing it."""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
KIND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """A refusal or a failure, told to the operator as it is, without a traceback."""


def database_kind(database: dict) -> str:
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"Backups know SQLite and PostgreSQL, not {engine}.")


def _pg_environment(database: dict) -> dict:
    """The libpq variables for the database of these settings (no password on a command line)."""
    env = dict(os.environ)
    names = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
    for key, variable in names.items():
        if database.get(key):
            env[variable] = str(database[key])
    env["PGDATABASE"] = str(database["NAME"])
    return env


def _run(command: list[str], database: dict) -> None:
    try:
        done = subprocess.run(
            command, env=_pg_environment(database), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed here (PostgreSQL's client).") from error
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed:\n{done.stderr.strip()}")


def applied_migrations(connection) -> dict[str, list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _archive_path(directory: Path, now: datetime.datetime, kind: str) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    path = directory / f"wemi-{stamp}-{kind}.tar.gz"
    counter = 1
    while path.exists():  # two backups in the same second
        counter += 1
        path = directory / f"wemi-{stamp}-{counter}-{kind}.tar.gz"
    return path


def backup(
    *, connection, media_root: Path, directory: Path, now: datetime.datetime | None = None
) -> Path:
    """Writes the archive of the database behind ``connection`` and of ``media_root`` into
    ``directory``; returns its path. The archive appears under its name only when complete."""
    import django

    database = connection.settings_dict
    kind = database_kind(database)
    now = now or datetime.datetime.now(datetime.UTC)
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=directory, prefix=".partial-") as work:
        dump = Path(work) / DUMPS[kind]
        if kind == "sqlite":
            # The online backup API copies a consistent snapshot page by page, while the web
            # server and the task worker go on reading and writing.
            connection.ensure_connection()
            target = sqlite3.connect(dump)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            _run(["pg_dump", "--format=custom", "--file", str(dump)], database)
        manifest = {
            "format": FORMAT,
            "database": kind,
            "created_at": now.isoformat(timespec="seconds"),
            "django": django.get_version(),
            "migrations": applied_migrations(connection),
            "media": media_root.is_dir(),
        }
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(now.timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=DUMPS[kind])
            if media_root.is_dir():
                tar.add(media_root, arcname=MEDIA)
        path = _archive_path(directory, now, kind)
        os.replace(partial, path)
    return path


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            manifest = json.loads(member.read())
    except (OSError, KeyError, tarfile.TarError, ValueError, AttributeError) as error:
        raise BackupError(f"{archive} is not a backup of this site ({error}).") from error
    if manifest.get("format") != FORMAT or manifest.get("database") not in DUMPS:
        raise BackupError(f"{archive} is a backup in a format this version does not read.")
    return manifest


def _describe(database: dict, kind: str) -> str:
    if kind == "sqlite":
        return f"the SQLite database {database['NAME']}"
    return f"the PostgreSQL database {database['NAME']} on {database.get('HOST') or 'localhost'}"


def _replace_media(source: Path | None, media_root: Path) -> None:
    """Puts ``source`` (on the same file system) in the place of ``media_root``, swapping
    directories so that the media are the old ones or the new ones, never half of each."""
    staged = media_root.with_name(media_root.name + ".restoring")
    old = media_root.with_name(media_root.name + ".replaced")
    for leftover in (staged, old):
        shutil.rmtree(leftover, ignore_errors=True)
    if source is not None and source.is_dir():
        source.rename(staged)
    else:
        staged.mkdir()
    if media_root.exists():
        media_root.rename(old)
    staged.rename(media_root)
    shutil.rmtree(old, ignore_errors=True)


def migration_notes(manifest: dict) -> list[str]:
    """What the operator must know about the restored database and this code's migrations."""
    from django.db.migrations.loader import MigrationLoader

    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    saved = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    # A squashed migration stands for those it replaces, which a database may have recorded
    # one by one (and whose files may be gone).
    known, missing = set(graph.nodes), set()
    for key, migration in graph.nodes.items():
        replaced = set(migration.replaces or ())
        known |= replaced
        if key not in saved and not (replaced and replaced <= saved):
            missing.add(key)
    notes = []
    if missing:
        notes.append(
            f"{len(missing)} migrations of this code are not in the backup: "
            "run `manage.py migrate` before starting the site."
        )
    if unknown := saved - known:
        examples = ", ".join(f"{app}.{name}" for app, name in sorted(unknown)[:3])
        notes.append(
            f"The backup has {len(unknown)} migrations this code does not know ({examples}): "
            "it was made by a newer version; deploy that version before starting the site."
        )
    return notes


def restore(
    archive: Path,
    *,
    database: dict,
    media_root: Path,
    confirm: Callable[[str], bool] | None = None,
) -> dict:
    """Replaces the database of ``database`` (settings) and ``media_root`` with the archive's.
    ``confirm`` is asked first, with what will be replaced; None asks nothing. Returns the
    archive's manifest."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    kind, saved_kind = database_kind(database), manifest["database"]
    if saved_kind != kind:
        raise BackupError(
            f"{archive.name} is a backup of a {KIND_NAMES[saved_kind]} database, and this site "
            f"uses {KIND_NAMES[kind]}: it can be restored only into {KIND_NAMES[saved_kind]} "
            "(set DATABASE_URL to one). Nothing was changed."
        )
    if confirm is not None and not confirm(
        f"This replaces {_describe(database, kind)} and the media files in {media_root} "
        f"with the backup of {manifest['created_at']}."
    ):
        raise BackupError("Nothing was restored.")

    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Unpacked beside the media, so that the media are moved into place, not copied.
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as work:
        work = Path(work)
        with tarfile.open(archive, "r:gz") as tar:
            # The "data" filter refuses absolute paths, links out of the folder, devices.
            tar.extractall(work, filter="data")
        dump = work / DUMPS[kind]
        if not dump.is_file():
            raise BackupError(f"{archive.name} has no database in it. Nothing was changed.")
        if kind == "sqlite":
            Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
            source, target = sqlite3.connect(dump), sqlite3.connect(database["NAME"])
            try:
                # Page by page over what the target held, in one transaction of the target.
                source.backup(target)
            finally:
                source.close()
                target.close()
        else:
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    # The objects belong to whoever restores, as the site's own role.
                    "--no-owner",
                    "--no-acl",
                    "--single-transaction",
                    "--exit-on-error",
                    "--dbname",
                    str(database["NAME"]),
                    str(dump),
                ],
                database,
            )
        _replace_media(work / MEDIA if manifest.get("media") else None, media_root)
    return manifest


def _ask(message: str) -> bool:
    if not sys.stdin.isatty():
        print(f"{message}\nNo terminal to ask: add --yes to restore.", file=sys.stderr)
        return False
    return input(f"{message}\nType 'yes' to go on: ").strip().lower() == "yes"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup", help="back up the database and the media files")
    make.add_argument("--directory", type=Path, help="where to write (default var/backups/)")
    undo = commands.add_parser("restore", help="restore a backup (replaces what is there)")
    undo.add_argument("file", type=Path)
    undo.add_argument("--yes", action="store_true", help="ask nothing")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wemi_community.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    media_root = Path(settings.MEDIA_ROOT)
    try:
        if args.command == "backup":
            path = backup(
                connection=connection,
                media_root=media_root,
                directory=args.directory or Path(settings.VAR_DIR) / "backups",
            )
            print(f"Backup written: {path}")
        else:
            if not args.file.is_file():
                raise BackupError(f"No such file: {args.file}")
            connection.close()
            manifest = restore(
                args.file,
                database=settings.DATABASES["default"],
                media_root=media_root,
                confirm=None if args.yes else _ask,
            )
            print(f"Restored the backup of {manifest['created_at']}.")
            for note in migration_notes(manifest):
                print(note)
    except BackupError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
