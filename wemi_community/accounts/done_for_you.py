"""What a desk did for the person (an operator acting for them in an assisted session), as
the audit trail recorded it: the person's own page lists it, desk by desk."""

from __future__ import annotations

from itertools import groupby

from wemi_community.core.audit import action_label
from wemi_community.core.models import AuditEntry

SHOWN = 20


def done_at_desks(user, limit: int = SHOWN) -> list[dict]:
    """[{"desk": name, "rows": [{"when", "label", "target"}]}], newest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    entries = (
        AuditEntry.objects.filter(on_behalf_of=user, data__has_key="desk")
        .exclude(actor=user)
        .exclude(action__startswith="desk.session_")
        .order_by("-created_at", "-pk")[:limit]
    )
    rows = [
        {
            "desk": entry.data.get("desk", ""),
            "when": entry.created_at,
            "label": action_label(entry.action),
            "target": entry.target_repr,
        }
        for entry in entries
    ]
    return [
        {"desk": desk, "rows": list(group)}
        for desk, group in groupby(rows, key=lambda r: r["desk"])
    ]
