"""What the City's dashboard in the admin shows its staff: the headline figures of this month
against last month, and what waits for someone (proposals waiting for an answer, accepted
proposals with no provider chosen, labs gone quiet). Each list is a count and a few rows:
seven queries whatever the size of the city."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import DateTimeField, Exists, F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from labs.models import Lab, MeToo, Need
from labs.states import SEQUENCE
from proposals.models import Proposal
from shared_services.models import Offer
from wemi_community.evidence.selectors import Scope, figures

from . import accountability

# A proposal that reached its threshold, or is under evaluation, waits for an answer: after
# this many days the dashboard points at it.
WAITING_DAYS = 14
# A lab at work with no new need, "me too" or phase for this many days has gone quiet.
IDLE_DAYS = 30
# Rows shown per list; the count says how many there are in all.
SHOWN = 5

WAITING = (Proposal.State.THRESHOLD_REACHED, Proposal.State.UNDER_EVALUATION)
# The phases in which a lab works with its members (after the space approved it, before it
# closed).
AT_WORK = tuple(str(phase) for phase in SEQUENCE if phase != Lab.Phase.CLOSED)


def headline(today: datetime.date | None = None) -> list[dict]:
    """Each headline figure of the city, this month and last month, whole. One query."""
    periods = accountability.Periods.of(today)
    keys = accountability.HEADLINE
    kinds = sorted({str(accountability.LINES[k].kind) for k in keys})
    rows = figures(Scope(periods.last_month, periods.this_month), kinds, by=["kind", "month"])
    by: dict[tuple[str, datetime.date], dict] = defaultdict(dict)
    for row in rows:
        by[(row["kind"], row["month"])] = row
    out = []
    for key in keys:
        line = accountability.LINES[key]
        now = accountability._value(line, by.get((str(line.kind), periods.this_month)))
        before = accountability._value(line, by.get((str(line.kind), periods.last_month)))
        out.append(
            {
                "line": line,
                "this_month": accountability.cell_text({"key": key, "value": now, "hidden": False}),
                "last_month": accountability.cell_text(
                    {"key": key, "value": before, "hidden": False}
                ),
                "trend": "up" if now > before else "down" if now < before else "same",
            }
        )
    return out


def _since(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def proposals_waiting(*, days: int = WAITING_DAYS, shown: int = SHOWN):
    """Proposals at their threshold or under evaluation for more than `days`, the longest
    waiting first: (count, rows). Two queries."""
    waiting = (
        Proposal.objects.filter(state__in=WAITING)
        .annotate(waiting_since=Coalesce("state_changed_at", "published_at", "created_at"))
        .filter(waiting_since__lt=_since(days))
    )
    rows = waiting.select_related("space").order_by("waiting_since", "pk")[:shown]
    return waiting.count(), list(rows)


def proposals_without_provider(*, shown: int = SHOWN):
    """Accepted proposals with no offer chosen yet, so no shared service: (count, rows). Two
    queries."""
    chosen = Offer.objects.filter(proposal=OuterRef("pk"), state=Offer.State.CHOSEN)
    accepted = Proposal.objects.filter(state=Proposal.State.ACCEPTED).filter(~Exists(chosen))
    rows = (
        accepted.annotate(accepted_at=Coalesce("state_changed_at", "created_at"))
        .select_related("space")
        .order_by("accepted_at", "pk")[:shown]
    )
    return accepted.count(), list(rows)


def labs_idle(*, days: int = IDLE_DAYS, shown: int = SHOWN):
    """Labs at work with no new need, "me too" or phase for `days`, the quietest first:
    (count, rows). Two queries."""
    last_need = (
        Need.objects.filter(lab=OuterRef("pk"))
        .order_by()
        .values("lab")
        .annotate(last=Max("created_at"))
        .values("last")
    )
    last_me_too = (
        MeToo.objects.filter(need__lab=OuterRef("pk"))
        .order_by()
        .values("need__lab")
        .annotate(last=Max("created_at"))
        .values("last")
    )
    since = _since(days)
    quiet = (
        Lab.objects.filter(phase__in=AT_WORK)
        .annotate(
            last_need=Subquery(last_need, output_field=DateTimeField()),
            last_me_too=Subquery(last_me_too, output_field=DateTimeField()),
            last_phase=Coalesce("phase_changed_at", "created_at"),
        )
        .annotate(
            need_quiet=Coalesce("last_need", F("last_phase")),
            me_too_quiet=Coalesce("last_me_too", F("last_phase")),
        )
        .filter(last_phase__lt=since, need_quiet__lt=since, me_too_quiet__lt=since)
    )
    rows = list(quiet.select_related("space").order_by("last_phase", "pk")[:shown])
    for lab in rows:
        lab.last_activity = max(lab.last_phase, lab.need_quiet, lab.me_too_quiet)
    return quiet.count(), rows
