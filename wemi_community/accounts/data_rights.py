"""The right of access and portability: a person asks for a copy of their data, a task
builds it as a ZIP (per table a JSON file and a CSV, and LEGGIMI.txt describing them, in
Italian and English) from every app's ``data_export`` hook (``personal_data``), and the
person downloads it from their account until it expires.

The ZIP lives under MEDIA_ROOT/data-exports/ with a random name and is served only by the
account's download view (the public media URL refuses that folder). The task that builds
it and tells the person is ``wemi_community.tasks.data_export_build``: the notifications
sit above the accounts."""

from __future__ import annotations

import io
import json
import logging
import uuid
import zipfile
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wemi_community.core import outbox
from wemi_community.core.audit import audit_log
from wemi_community.core.errors import StateConflict
from wemi_community.core.exports import csv_text

from . import kinds
from .models import DataExport, User
from .personal_data import export_descriptions, export_tables

logger = logging.getLogger(__name__)

BUILD_TASK = "wemi_community.tasks.data_export_build"
README_NAME = "LEGGIMI.txt"

# Columns that mean the same in every table (an app's own COLUMNS say it first).
COMMON_COLUMNS = {
    "created_at": _("When it was created"),
    "updated_at": _("When it was last changed"),
    "state": _("State (code)"),
    "status": _("State (code)"),
    "title": _("Title"),
    "space": _("WeMi space"),
    "since": _("Since"),
}


def data_export_request(*, user: User, now: datetime | None = None) -> DataExport:
    """Asks for a copy of ``user``'s data: one being prepared at a time (StateConflict)."""
    now = now or timezone.now()
    if user.is_deleted:
        raise StateConflict(_g("This account has been deleted."))
    with transaction.atomic():
        # The person's row, locked: two clicks at once make one request.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if DataExport.objects.filter(user=user, status=DataExport.Status.PENDING).exists():
            raise StateConflict(
                _g(
                    "A copy of your data is already being prepared: you will be told when "
                    "it is ready."
                )
            )
        export = DataExport.objects.create(user=user, requested_at=now)
        audit_log(actor=user, action=kinds.ACCOUNT_DATA_EXPORT_REQUESTED, target=export)
        outbox.enqueue(BUILD_TASK, export.pk)
    return export


def data_export_build(
    *, export_id: int, now: datetime | None = None, on_ready=None
) -> DataExport | None:
    """Builds the ZIP of a pending request (outside any transaction: reading takes a while)
    and makes it downloadable for DATA_EXPORT_DAYS; ``on_ready(export)`` runs in the
    transaction that says so (the task tells the person there). Returns None when there is
    nothing to do (built already, failed, gone): a retried task builds nothing twice."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.PENDING:
        return None
    data = build_zip(export.user, now=now)
    now = now or timezone.now()
    with transaction.atomic():
        export = DataExport.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status != DataExport.Status.PENDING:
            return None
        export.file.save(f"{uuid.uuid4().hex}.zip", ContentFile(data), save=False)
        export.size = len(data)
        export.status = DataExport.Status.READY
        export.ready_at = now
        export.expires_at = now + timedelta(days=settings.DATA_EXPORT_DAYS)
        export.save(update_fields=["file", "size", "status", "ready_at", "expires_at"])
        audit_log(actor=None, action=kinds.ACCOUNT_DATA_EXPORT_READY, target=export)
        if on_ready is not None:
            on_ready(export)
    return export


def data_export_fail(*, export_id: int, on_failed=None) -> DataExport | None:
    """Marks a pending request failed (``on_failed(export)`` in the same transaction); None
    when it was not pending."""
    with transaction.atomic():
        export = DataExport.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status != DataExport.Status.PENDING:
            return None
        export.status = DataExport.Status.FAILED
        export.save(update_fields=["status"])
        audit_log(actor=None, action=kinds.ACCOUNT_DATA_EXPORT_FAILED, target=export)
        if on_failed is not None:
            on_failed(export)
    return export


def data_exports_expire(*, now: datetime | None = None) -> int:
    """Deletes the files of the copies past their expiry and marks them expired. Running it
    again changes nothing. Returns how many expired."""
    now = now or timezone.now()
    due = DataExport.objects.filter(status=DataExport.Status.READY, expires_at__lte=now)
    count = 0
    for export_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            export = (
                DataExport.objects.select_for_update()
                .filter(pk=export_id, status=DataExport.Status.READY)
                .first()
            )
            if export is None:
                continue
            name = export.file.name
            export.status = DataExport.Status.EXPIRED
            export.file = ""
            export.save(update_fields=["status", "file"])
            audit_log(actor=None, action=kinds.ACCOUNT_DATA_EXPORT_EXPIRED, target=export)
            if name:
                transaction.on_commit(
                    lambda name=name, storage=export.file.storage: storage.delete(name)
                )
        count += 1
    return count


def is_expired(export: DataExport, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return export.status == DataExport.Status.EXPIRED or (
        export.status == DataExport.Status.READY
        and export.expires_at is not None
        and export.expires_at <= now
    )


def download_name(export: DataExport) -> str:
    day = timezone.localtime(export.ready_at or export.requested_at).date()
    return f"wemi-i-miei-dati-{day.isoformat()}.zip"


# --- The ZIP ---------------------------------------------------------------------------------


def _columns(rows: list[dict]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    return columns


def describe_column(column: str, own: dict) -> str:
    text = own.get(column) or COMMON_COLUMNS.get(column)
    return str(text) if text is not None else ""


def _readme_part(language: str, user: User, tables: dict, described: dict, now) -> str:
    with translation.override(language):
        lines = [
            _g("WeMi Community: a copy of your personal data"),
            "=" * 60,
            _g("Prepared on %(when)s for %(name)s.")
            % {
                "when": timezone.localtime(now).strftime("%Y-%m-%d %H:%M"),
                "name": user.get_full_name() or user.display_name,
            },
            "",
            _g(
                "Each table is in two files with the same name: .json, for programs "
                "(another service can read it), and .csv, to open in a spreadsheet "
                "(UTF-8). Moments are in Milan's time, in the ISO 8601 format. Other people "
                "are never named: where someone else acted, the files say so without "
                "saying who."
            ),
            "",
        ]
        empty = []
        for stem, rows in tables.items():
            text, own = described.get(stem, ("", {}))
            if not rows:
                empty.append(f"- {stem}: {text}")
                continue
            lines.append(f"{stem}.json, {stem}.csv")
            lines.append(
                "  "
                + ngettext("%(what)s (%(count)d row)", "%(what)s (%(count)d rows)", len(rows))
                % {"what": text, "count": len(rows)}
            )
            for column in _columns(rows):
                lines.append(f"    {column}: {describe_column(column, own)}")
            lines.append("")
        if empty:
            lines.append(_g("Nothing about you in:"))
            lines.extend(empty)
            lines.append("")
        return "\n".join(lines)


def build_zip(user: User, *, now: datetime | None = None) -> bytes:
    """The ZIP of everything every app holds about ``user``."""
    now = now or timezone.now()
    tables = export_tables(user)
    described = export_descriptions()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for stem, rows in tables.items():
            if not rows:
                continue
            columns = _columns(rows)
            archive.writestr(
                f"{stem}.json", json.dumps(rows, ensure_ascii=False, indent=2, default=str)
            )
            archive.writestr(
                f"{stem}.csv",
                csv_text(columns, ([row.get(c) for c in columns] for row in rows)).encode("utf-8"),
            )
        readme = "\n\n".join(
            _readme_part(language, user, tables, described, now) for language in ("it", "en")
        )
        archive.writestr(README_NAME, readme.encode("utf-8"))
    return out.getvalue()
