"""The nightly rebuild of the open data's files."""

from __future__ import annotations

from django.conf import settings

from wemi_community.core import schedules

from . import open_data_files

SCHEDULES = (
    schedules.Periodic(
        name="observatory.open_data_rebuild",
        func="observatory.open_data_tasks.open_data_rebuild",
        schedule_type=schedules.DAILY,
        # After midnight, when yesterday's figures are complete, before anyone looks.
        first_run=schedules.daily_at(lambda: settings.OPEN_DATA_REBUILD_HOUR),
    ),
)


def open_data_rebuild() -> list[str]:
    """Rebuild every file; idempotent (unchanged files are left as they are, their dates
    too). Returns the names of the files that changed."""
    return open_data_files.build()
