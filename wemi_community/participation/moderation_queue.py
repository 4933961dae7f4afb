"""The moderation queue: reported or hidden content a moderator may act on.

Content comes from every registered content model. Each model costs a fixed number of queries
(its rows with their author and target, then its open reports), so the queue costs the same
for 5 items as for 500; the list is then sorted and paginated by the caller."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q

from wemi_community.accounts.permissions import is_city_staff

from . import registry
from .models import ModeratedContent, Report
from .permissions import is_signed_in

# What the queue shows: what waits for a decision, what is hidden, or both and the rest.
PENDING, HIDDEN, ALL = "pending", "hidden", "all"
STATES = (PENDING, HIDDEN, ALL)


@dataclass
class QueueItem:
    content: Any
    content_type: ContentType
    excerpt: str
    author: Any
    where: Any  # the participatory object it belongs to (a comment's target), or None
    where_url: str
    space: Any
    url: str
    reasons: list[tuple[str, int]] = field(default_factory=list)  # (label, count)
    notes: list[str] = field(default_factory=list)  # what reporters wrote
    open_reports: int = 0
    last_reported_at: datetime | None = None

    @property
    def is_hidden(self) -> bool:
        return self.content.is_hidden

    @property
    def hidden_by_reports(self) -> bool:
        return (
            self.content.is_hidden and self.content.hidden_by == ModeratedContent.HiddenBy.REPORTS
        )

    @property
    def sort_key(self) -> datetime:
        candidates = (
            self.last_reported_at,
            self.content.hidden_at,
            getattr(self.content, "created_at", None),
        )
        moments = [moment for moment in candidates if moment is not None]
        return max(moments) if moments else datetime.min.replace(tzinfo=UTC)


def moderated_space_ids(user) -> set[int] | None:
    """None for city staff (every space), else the ids of the spaces this person coordinates."""
    if is_city_staff(user):
        return None
    coordination = registry.space_coordination()
    return set(coordination.coordinated_space_ids(user)) if coordination is not None else set()


def can_use_queue(user) -> bool:
    """City staff, and anyone who coordinates at least one space."""
    if not is_signed_in(user):
        return False
    space_ids = moderated_space_ids(user)
    return space_ids is None or bool(space_ids)


def _rows(model, state: str):
    queryset = model._default_manager.all()
    waiting = Q(open_report_count__gt=0) | Q(
        hidden_at__isnull=False, hidden_by=ModeratedContent.HiddenBy.REPORTS
    )
    if state == PENDING:
        queryset = queryset.filter(waiting)
    elif state == HIDDEN:
        queryset = queryset.filter(hidden_at__isnull=False)
    else:
        reported = Report.objects.filter(
            target_type=ContentType.objects.get_for_model(model)
        ).values("target_id")
        queryset = queryset.filter(waiting | Q(hidden_at__isnull=False) | Q(pk__in=reported))
    try:
        model._meta.get_field("author")
        queryset = queryset.select_related("author")
    except FieldDoesNotExist:
        pass
    for generic in model._meta.private_fields:
        if isinstance(generic, GenericForeignKey):
            # The target and its content type, for all rows at once: space_of and url_of
            # read them for each row.
            queryset = queryset.select_related(generic.ct_field).prefetch_related(generic.name)
    return list(queryset)


def _where(content) -> tuple[Any, str]:
    target = getattr(content, "target", None)
    entry = registry.participatory(target) if target is not None else None
    if entry is None:
        return None, ""
    return target, entry.url_of(target)


def moderation_queue(user, *, state: str = PENDING) -> list[QueueItem]:
    """Reported or hidden content that ``user`` may moderate, newest activity first: all of it
    for city staff, their spaces' content for coordinators, nothing for anyone else."""
    if not is_signed_in(user):
        return []
    space_ids = moderated_space_ids(user)
    if space_ids is not None and not space_ids:
        return []
    state = state if state in STATES else PENDING
    labels = dict(Report.Reason.choices)
    items = []
    for model in registry.content_models():
        entry = registry.content(model)
        content_type = ContentType.objects.get_for_model(model)
        rows = _rows(model, state)
        if not rows:
            continue
        reports: dict[int, list] = {}
        for target_id, reason, text, created_at in Report.objects.filter(
            target_type=content_type,
            target_id__in=[row.pk for row in rows],
            status=Report.Status.OPEN,
        ).values_list("target_id", "reason", "text", "created_at"):
            reports.setdefault(target_id, []).append((reason, text, created_at))
        for row in rows:
            space = entry.space_of(row)
            if space_ids is not None and getattr(space, "pk", None) not in space_ids:
                continue
            open_reports = reports.get(row.pk, [])
            counts = Counter(reason for reason, _text, _at in open_reports)
            where, where_url = _where(row)
            items.append(
                QueueItem(
                    content=row,
                    content_type=content_type,
                    excerpt=entry.excerpt_of(row),
                    author=entry.author_of(row),
                    where=where,
                    where_url=where_url,
                    space=space,
                    url=entry.url_of(row),
                    reasons=[(str(labels.get(r, r)), n) for r, n in counts.most_common()],
                    notes=[text for _reason, text, _at in open_reports if text],
                    open_reports=len(open_reports),
                    last_reported_at=max((at for *_rest, at in open_reports), default=None),
                )
            )
    return sorted(items, key=lambda item: (item.sort_key, item.content.pk), reverse=True)
