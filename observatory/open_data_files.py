"""The open data's files: built under MEDIA_ROOT/open-data/ (no model, no migration), each
rewritten only when its bytes change, so its modification time is when its data last
changed and the server's Last-Modified and ETag stay put between identical nightly builds."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cms_templates.links import site_url
from wemi_community.core.exports import spreadsheet_cell

from .open_data import DATASETS, LICENCE_NAME, LICENCE_URL, Dataset

ZIP_NAME = "dati-aperti.zip"
README_NAME = "README.md"
# When the files were last rebuilt (whether or not anything changed).
STAMP_NAME = "ultima-generazione.txt"
# When the files were first published: the catalogue's issue date.
FIRST_NAME = "prima-pubblicazione.txt"
FORMATS = ("csv", "json", "md")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "zip": "application/zip",
}
# A fixed date inside the ZIP, so the same files make the same archive.
_ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def files_path() -> str:
    """Where the files are published, in the default language (no prefix): the stable URLs."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("open_data:index")


def storage() -> FileSystemStorage:
    return FileSystemStorage(
        location=Path(settings.MEDIA_ROOT) / "open-data",
        base_url=f"{settings.MEDIA_URL}open-data/",
    )


# --- Formats ------------------------------------------------------------------------------------


def _csv_value(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, int | Decimal):
        return value
    return spreadsheet_cell(value)


def csv_bytes(dataset: Dataset, rows: list[dict]) -> bytes:
    """UTF-8 with the byte-order mark, as every CSV of the site (`core.exports`): spreadsheets
    then read the accents right; programs read it as "utf-8-sig". Comma, header row, decimal
    point, text cells that look like formulas prefixed with '."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(dataset.column_names)
    for row in rows:
        writer.writerow([_csv_value(row.get(name)) for name in dataset.column_names])
    return out.getvalue().encode("utf-8")


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def json_bytes(dataset: Dataset, rows: list[dict]) -> bytes:
    with translation.override("it"):
        document = {
            "dataset": dataset.slug,
            "titolo": str(dataset.title),
            "editore": settings.OPEN_DATA_PUBLISHER_NAME,
            "licenza": {"nome": LICENCE_NAME, "url": LICENCE_URL},
            "colonne": [
                {
                    "nome": c.name,
                    "tipo": c.kind,
                    "descrizione": str(c.meaning),
                    "unita": str(c.unit),
                }
                for c in dataset.columns
            ],
            "righe": [
                {name: _json_value(row.get(name)) for name in dataset.column_names} for row in rows
            ],
        }
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def readme_text(datasets: list[Dataset]) -> str:
    """The documentation of the datasets, in Italian and then in English."""
    parts = []
    for language in ("it", "en"):
        with translation.override(language):
            parts.append(
                render_to_string(
                    "observatory/open_data/readme.txt",
                    {
                        "datasets": datasets,
                        "publisher": settings.OPEN_DATA_PUBLISHER_NAME,
                        "licence_name": LICENCE_NAME,
                        "licence_url": LICENCE_URL,
                        "min_cell": settings.OBSERVATORY_MIN_CELL,
                        "base_url": site_url(files_path()),
                    },
                )
            )
    return "\n\n---\n\n".join(part.strip() for part in parts) + "\n"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return out.getvalue()


# --- Writing ------------------------------------------------------------------------------------


def _write_if_changed(name: str, content: bytes) -> bool:
    """Replace the file at once (readers never see half of it), only if its bytes differ."""
    path = Path(storage().path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_bytes() == content:
        return False
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def build() -> list[str]:
    """Every dataset in every format, the README and the ZIP. Idempotent: returns the names
    of the files whose content changed (none when the data did not)."""
    changed, archive = [], {}
    for dataset in DATASETS.values():
        rows = dataset.rows()
        csv_content = csv_bytes(dataset, rows)
        archive[f"{dataset.slug}.csv"] = csv_content
        for name, content in (
            (f"{dataset.slug}.csv", csv_content),
            (f"{dataset.slug}.json", json_bytes(dataset, rows)),
            (f"{dataset.slug}.md", readme_text([dataset]).encode()),
        ):
            if _write_if_changed(name, content):
                changed.append(name)
    readme = readme_text(list(DATASETS.values())).encode()
    for name, content in (
        (README_NAME, readme),
        (ZIP_NAME, zip_bytes({**archive, README_NAME: readme})),
    ):
        if _write_if_changed(name, content):
            changed.append(name)
    now = timezone.now().isoformat(timespec="seconds").encode()
    _write_if_changed(STAMP_NAME, now)
    if not storage().exists(FIRST_NAME):
        _write_if_changed(FIRST_NAME, now)
    return changed


def expected_names() -> list[str]:
    names = [f"{slug}.{fmt}" for slug in DATASETS for fmt in FORMATS]
    return [*names, README_NAME, ZIP_NAME, STAMP_NAME, FIRST_NAME]


def ensure_built() -> None:
    """Built on demand when a file is missing (a new installation, before the first night)."""
    files = storage()
    if not all(files.exists(name) for name in expected_names()):
        build()


# --- Reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileInfo:
    name: str
    path: Path
    size: int
    modified: datetime.datetime
    mtime_ns: int

    @property
    def etag(self) -> str:
        # From the time and size, as web servers do: no need to read the file to answer.
        return f'"{self.mtime_ns:x}-{self.size:x}"'


def file_info(name: str) -> FileInfo | None:
    path = Path(storage().path(name))
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    modified = datetime.datetime.fromtimestamp(stat.st_mtime, tz=datetime.UTC)
    return FileInfo(
        name=name, path=path, size=stat.st_size, modified=modified, mtime_ns=stat.st_mtime_ns
    )


def last_built() -> datetime.datetime | None:
    return _stamp(STAMP_NAME)


def first_published() -> datetime.datetime | None:
    return _stamp(FIRST_NAME)


def _stamp(name: str) -> datetime.datetime | None:
    info = file_info(name)
    if info is None:
        return None
    try:
        return datetime.datetime.fromisoformat(info.path.read_text().strip())
    except ValueError:
        return info.modified
