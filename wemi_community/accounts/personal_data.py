"""Every part of the platform answers for the personal data it holds, so the person's rights
(a copy of their data, the deletion of their account) reach all of it while this app imports
none of them. An app takes part with two optional modules, found by name in the order of
settings.PROJECT_APPS:

- ``<app>/data_export.py`` with ``export(user) -> dict[str, list[dict]]``: one table per key
  (the key names the file in the ZIP, e.g. ``"events_registrations"``), rows of plain values
  (str, int, float, bool, None, ISO dates as str: ``plain`` makes them), and, to describe
  them in the ZIP's LEGGIMI.txt, ``TABLES`` (file stem → what the file holds) and
  ``COLUMNS`` (column → what it means), English strings translated when the file is written;
- ``<app>/data_erasure.py`` with ``erase(user, *, actor, now) -> Erasure``: releases what the
  person held in the future through the app's own services (seats, places, shifts: waitlists
  move on, people are told), deletes or anonymises the rest, and says what it kept and why.
  It runs inside the deletion's transaction and must be idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import module_has_submodule


@dataclass
class Erasure:
    """What one app did, each line a sentence the person reads (already translated)."""

    deleted: list[str] = field(default_factory=list)
    released: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def as_dict(self, app: str) -> dict:
        return {"app": app, "deleted": self.deleted, "released": self.released, "kept": self.kept}


def _hooks(submodule: str):
    by_name = {config.name: config for config in apps.get_app_configs()}
    for name in settings.PROJECT_APPS:
        config = by_name.get(name)
        if config is not None and module_has_submodule(config.module, submodule):
            yield config.label, import_module(f"{config.name}.{submodule}")


def export_tables(user) -> dict[str, list[dict]]:
    """Every table every app holds about the person, keyed by file stem."""
    tables: dict[str, list[dict]] = {}
    for _label, module in _hooks("data_export"):
        tables.update(module.export(user))
    return tables


def export_descriptions() -> dict[str, tuple]:
    """File stem → (what the file holds, {column: what it means}), from every app's
    ``TABLES`` and ``COLUMNS``."""
    described: dict[str, tuple] = {}
    for _label, module in _hooks("data_export"):
        columns = getattr(module, "COLUMNS", {})
        for stem, text in getattr(module, "TABLES", {}).items():
            described[stem] = (text, columns)
    return described


def plain(value):
    """A value as a row of an export holds it: moments in Milan's time and dates as ISO
    text, amounts as exact text, the rest as it is."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def erase_everywhere(user, *, actor, now) -> list[dict]:
    """Calls each app's erasure; the caller holds the transaction."""
    return [
        module.erase(user, actor=actor, now=now).as_dict(label)
        for label, module in _hooks("data_erasure")
    ]
