"""Reads of labs for the pages, the notifications and the summary. Each function costs a fixed
number of queries, whatever the number of labs, needs or participants."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import SimpleNamespace

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from cms_templates import text_search
from cms_templates.search_registry import SearchResult
from spaces_pages.permissions import spaces_coordinated_by
from spaces_pages.selectors import coordinator_ids as space_coordinator_ids
from wemi_community.accounts.permissions import is_active_user
from wemi_community.core.ids import parse_id
from wemi_community.core.translated import translated

from .models import Evaluation, Facilitator, Lab, MeToo, Need, Participant, PhaseDates, Theme
from .states import SEQUENCE

__all__ = ["space_coordinator_ids"]

Phase = Lab.Phase
# The live wall shows the newest needs up to this many; the themes page pages through all.
WALL_LIMIT = 200
NOT_STARTED = (Phase.REQUESTED, Phase.DECLINED)


def member_user_ids(lab: Lab) -> set[int]:
    """The accounts taking part in a lab (guests have no account to notify)."""
    return set(
        Participant.objects.filter(lab=lab, user__isnull=False, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


def _count_of(model, **filters) -> Coalesce:
    rows = (
        model.objects.filter(lab=OuterRef("pk"), **filters)
        .order_by()
        .values("lab")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_counts(labs: QuerySet) -> QuerySet:
    return labs.annotate(
        participants_total=_count_of(Participant),
        needs_total=_count_of(Need, hidden_at__isnull=True),
    )


def visible_labs(user, guest_lab_ids: Iterable[int] = ()) -> QuerySet:
    """The labs this viewer may see: public ones that started, and, privately, those they
    take part in (with the account or as a guest in this browser), facilitate, coordinate
    (requests included) or asked for."""
    started = ~Q(phase__in=NOT_STARTED)
    visible = Q(visibility=Lab.Visibility.PUBLIC) & started
    guest_ids = [int(pk) for pk in guest_lab_ids]
    if guest_ids:
        visible |= Q(pk__in=guest_ids) & started
    if is_active_user(user):
        visible |= Q(pk__in=Participant.objects.filter(user=user).values("lab_id")) & started
        visible |= Q(pk__in=Facilitator.objects.filter(user=user).values("lab_id")) & started
        visible |= Q(space__in=spaces_coordinated_by(user).values("pk"))
        visible |= Q(requested_by=user)
    return Lab.objects.filter(visible)


def lab_list(user, guest_lab_ids: Iterable[int] = ()) -> QuerySet:
    """The labs this person may see, for the list (``filters.LabFilter`` narrows it)."""
    return with_counts(
        visible_labs(user, guest_lab_ids).select_related("space", "space__municipio")
    ).order_by("-created_at", "-pk")


def requests_to_decide(user) -> QuerySet:
    """Requests for labs waiting in the spaces this person coordinates."""
    if not is_active_user(user):
        return Lab.objects.none()
    return (
        Lab.objects.filter(
            phase=Phase.REQUESTED, space__in=spaces_coordinated_by(user).values("pk")
        )
        .select_related("space", "requested_by")
        .order_by("created_at", "pk")
    )


def public_labs_by_space(spaces: Sequence) -> dict[int, list[Lab]]:
    """For the spaces' pages: their public labs at work (one query)."""
    by_space: dict[int, list[Lab]] = {space.pk: [] for space in spaces}
    labs = with_counts(
        Lab.objects.filter(space_id__in=list(by_space), visibility=Lab.Visibility.PUBLIC).exclude(
            phase__in=(*NOT_STARTED, Phase.CLOSED)
        )
    ).order_by("-created_at", "-pk")
    for lab in labs:
        by_space[lab.space_id].append(lab)
    return by_space


def search_labs(query: str, user):
    """Public labs for the site search."""

    labs = text_search.search(
        Lab.objects.filter(visibility=Lab.Visibility.PUBLIC).exclude(phase__in=NOT_STARTED), query
    )
    return (
        SearchResult(
            title=lab.title,
            url=lab.get_absolute_url(),
            summary=f"{lab.space.title} · {lab.get_phase_display()}",
        )
        for lab in labs.select_related("space").order_by("-created_at")[:50]
    )


# --- One lab -------------------------------------------------------------------------------------


def lab_or_none(pk: int) -> Lab | None:
    return Lab.objects.select_related("space", "space__municipio").filter(pk=pk).first()


def phase_dates(lab: Lab) -> dict[str, PhaseDates]:
    return {row.phase: row for row in PhaseDates.objects.filter(lab=lab)}


def phase_steps(lab: Lab) -> list[dict]:
    """The working phases in order, each marked done, current or to come, with its dates."""
    dates = phase_dates(lab)
    current = SEQUENCE.index(lab.phase) if lab.phase in SEQUENCE else -1
    return [
        {
            "phase": phase,
            "label": Phase(phase).label,
            "state": "done" if index < current else "current" if index == current else "next",
            "dates": dates.get(phase),
        }
        for index, phase in enumerate(SEQUENCE)
    ]


def wall_needs(lab: Lab, limit: int = WALL_LIMIT) -> list[Need]:
    """The newest needs first, as the wall shows them."""
    return list(
        Need.objects.filter(lab=lab, hidden_at__isnull=True)
        .select_related("category", "participant", "participant__user")
        .order_by("-pk")[:limit]
    )


def needs_for_themes(lab: Lab, *, theme: str = "", category: int | None = None) -> QuerySet:
    """The needs on the themes page, most shared first; ``theme`` is a theme's id, "none"
    for those without one, or "" for all."""
    needs = Need.objects.filter(lab=lab, hidden_at__isnull=True).select_related(
        "category", "participant", "theme"
    )
    if theme == "none":
        needs = needs.filter(theme__isnull=True)
    elif theme_id := parse_id(theme):
        needs = needs.filter(theme_id=theme_id)
    if category:
        needs = needs.filter(category_id=category)
    return needs.order_by("-me_too_count", "pk")


def me_too_ids(participant: Participant | None) -> set[int]:
    if participant is None:
        return set()
    return set(MeToo.objects.filter(participant=participant).values_list("need_id", flat=True))


def participant_count(lab: Lab) -> int:
    return Participant.objects.filter(lab=lab).count()


def members(lab: Lab) -> list[Participant]:
    return list(Participant.objects.filter(lab=lab).select_related("user").order_by("joined_at"))


def facilitators(lab: Lab) -> list[Facilitator]:
    return list(Facilitator.objects.filter(lab=lab).select_related("user").order_by("created_at"))


def theme_rows(lab: Lab) -> list[Theme]:
    """The lab's themes with their number of needs and of "me too", and their draft."""
    visible = Q(needs__hidden_at__isnull=True)
    return list(
        Theme.objects.filter(lab=lab)
        .select_related("proposal")
        .annotate(
            needs_total=Count("needs", filter=visible),
            me_too_total=Coalesce(Sum("needs__me_too_count", filter=visible), 0),
        )
        .order_by("position", "pk")
    )


def unthemed_count(lab: Lab) -> int:
    return Need.objects.filter(lab=lab, hidden_at__isnull=True, theme__isnull=True).count()


def category_rows(lab: Lab) -> list[dict]:
    """Needs by the catalogue's service, most frequent first, with the share of the largest
    (for the bar chart)."""
    rows = list(
        Need.objects.filter(lab=lab, hidden_at__isnull=True)
        .values("category_id", "category__name", "category__name_en")
        .annotate(needs=Count("pk"), me_too=Coalesce(Sum("me_too_count"), 0))
        .order_by("-needs", "category__name")
    )
    largest = max((row["needs"] for row in rows), default=0)
    return [
        {
            "category_id": row["category_id"],
            "name": translated(
                SimpleNamespace(name=row["category__name"], name_en=row["category__name_en"]),
                "name",
            ),
            "needs": row["needs"],
            "me_too": row["me_too"],
            "percent": round(100 * row["needs"] / largest) if largest else 0,
        }
        for row in rows
    ]


def evaluation_summary(lab: Lab) -> dict:
    rows = list(Evaluation.objects.filter(lab=lab).values_list("rating", "comment"))
    ratings = [rating for rating, _comment in rows]
    distribution = [{"stars": stars, "count": ratings.count(stars)} for stars in range(5, 0, -1)]
    return {
        "count": len(ratings),
        "average": round(sum(ratings) / len(ratings), 1) if ratings else None,
        "distribution": distribution,
        "comments": [comment for _rating, comment in rows if comment],
    }
