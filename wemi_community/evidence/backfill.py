"""The facts of rows that were there before their services recorded any (or whose dates the
demo set afterwards). Each module that records facts gives its AppConfig a hook
``evidence_backfill(*, refresh: bool) -> int`` that calls ``services.fact_backfill`` for its
rows, with each row's own moment and the place it stored (else the person's place now); this
module calls the hooks in the order of settings.PROJECT_APPS, so it imports none of them, and
rebuilds the figures from the facts at the end."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import transaction

from .services import figures_rebuild


def backfill(*, refresh: bool = False) -> dict[str, int]:
    """Facts written per app label. Running it again writes nothing more (each fact is
    recorded once per source)."""
    by_name = {config.name: config for config in apps.get_app_configs()}
    written = {}
    with transaction.atomic():
        for name in settings.PROJECT_APPS:
            config = by_name.get(name)
            if config is not None and hasattr(config, "evidence_backfill"):
                written[config.label] = config.evidence_backfill(refresh=refresh)
        figures_rebuild()
    return written
