"""What volunteering tells the observatory: the hours a coordinator approved (directly, or by
confirming that the volunteer came to a shift), at the space they were given for, counted
on the day they were given. Called by ``hours.py`` inside its transactions; ``backfill`` for
the rows already there (``apps.VolunteeringConfig.evidence_backfill``)."""

from __future__ import annotations

import datetime

from wemi_community.core.milan import in_rome
from wemi_community.evidence.kinds import FactKind
from wemi_community.evidence.services import fact_backfill, fact_record

from .models import HourEntry


def _hours(entry: HourEntry) -> dict:
    return {
        "kind": FactKind.VOLUNTEER_HOURS,
        "source": f"volunteering.hourentry:{entry.pk}",
        "when": in_rome(entry.date, datetime.time(12)),
        "person": entry.volunteer,
        "space": entry.space,
        "quantity": entry.hours,
    }


def approved(entry: HourEntry) -> None:
    fact_record(**_hours(entry))


def backfill(*, refresh: bool = False) -> int:
    written = 0
    entries = HourEntry.objects.filter(state=HourEntry.State.APPROVED).select_related(
        "volunteer", "space"
    )
    for entry in entries.order_by("pk").iterator():
        written += fact_backfill(refresh=refresh, **_hours(entry))
    return written
