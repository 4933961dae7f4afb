"""Reads of volunteering for the pages, the spaces' pages and the search: a fixed number of
queries each, whatever the number of opportunities, shifts or volunteers."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from cms_templates import text_search
from cms_templates.search_registry import SearchResult
from wemi_community.accounts.permissions import is_city_staff
from wemi_community.core.ranking import first_per_group

from .models import ACTIVE, HourEntry, Invitation, Opportunity, Shift, Signup, VolunteerOffer

SPACE_SECTION_LIMIT = 5


def upcoming_shifts() -> QuerySet:
    return Shift.objects.filter(starts_at__gt=timezone.now(), cancelled_at__isnull=True)


def _listed(opportunities: QuerySet) -> QuerySet:
    return opportunities.select_related("space", "space__municipio").prefetch_related(
        "skills",
        Prefetch("shifts", queryset=upcoming_shifts().order_by("starts_at"), to_attr="next_shifts"),
    )


def opportunity_list() -> QuerySet:
    """Open opportunities with shifts to come, for the list (``filters.OpportunityFilter``
    narrows it)."""
    opportunities = Opportunity.objects.filter(
        closed_at__isnull=True, pk__in=upcoming_shifts().values("opportunity_id")
    )
    return _listed(opportunities).order_by("-created_at", "-pk")


def opportunities_by_space(spaces: Sequence) -> dict[int, list[Opportunity]]:
    by_space: dict[int, list[Opportunity]] = {space.pk: [] for space in spaces}
    rows = Opportunity.objects.filter(
        closed_at__isnull=True,
        space_id__in=list(by_space),
        pk__in=upcoming_shifts().values("opportunity_id"),
    )
    newest = first_per_group(rows, "space_id", ("-created_at", "-pk"), SPACE_SECTION_LIMIT)
    for opportunity in newest:
        by_space[opportunity.space_id].append(opportunity)
    return by_space


def search_opportunities(query: str, user):

    rows = text_search.search(
        Opportunity.objects.filter(
            closed_at__isnull=True, pk__in=upcoming_shifts().values("opportunity_id")
        ).select_related("space"),
        query,
    )
    return (
        SearchResult(title=row.title, url=row.get_absolute_url(), summary=row.space.title)
        for row in rows.order_by("-created_at")[:50]
    )


def open_offers() -> QuerySet:
    return (
        VolunteerOffer.objects.filter(state=VolunteerOffer.State.OPEN)
        .select_related("municipio")
        .prefetch_related("skills")
        .order_by("-created_at", "-pk")
    )


def search_offers(query: str, user):
    return (
        SearchResult(
            title=offer.title,
            url=reverse("volunteering:offer", args=[offer.pk]),
            summary=offer.municipio.name if offer.municipio else "",
        )
        for offer in text_search.search(open_offers(), query)[:50]
    )


def my_signups(user) -> QuerySet:
    return (
        Signup.objects.filter(volunteer=user, state__in=ACTIVE, shift__ends_at__gte=timezone.now())
        .select_related("shift", "shift__opportunity", "shift__opportunity__space")
        .order_by("shift__starts_at")
    )


def my_invitations(user) -> QuerySet:
    return (
        Invitation.objects.filter(
            volunteer=user, state=Invitation.State.PENDING, shift__starts_at__gt=timezone.now()
        )
        .select_related("shift", "shift__opportunity", "shift__opportunity__space", "invited_by")
        .order_by("shift__starts_at")
    )


def my_hours(user) -> QuerySet:
    return HourEntry.objects.filter(volunteer=user).select_related("space").order_by("-date", "-pk")


def hours_to_review(spaces, reviewer) -> QuerySet:
    """The pending hours of these spaces, without the reviewer's own (see permissions)."""
    entries = HourEntry.objects.filter(space__in=spaces, state=HourEntry.State.PENDING)
    if not is_city_staff(reviewer):
        entries = entries.exclude(volunteer=reviewer)
    return entries.select_related("volunteer", "space").order_by("date", "pk")


def hours_by_space(
    start: datetime.date | None, end: datetime.date | None, spaces=None, volunteer=None
) -> list[dict]:
    """Approved hours per space over a period, with the number of volunteers (of one
    volunteer if given)."""
    entries = HourEntry.objects.filter(state=HourEntry.State.APPROVED)
    if volunteer is not None:
        entries = entries.filter(volunteer=volunteer)
    if spaces is not None:
        entries = entries.filter(space__in=spaces)
    if start:
        entries = entries.filter(date__gte=start)
    if end:
        entries = entries.filter(date__lte=end)
    return list(
        entries.values("space_id", "space__title")
        .annotate(hours=Sum("hours"), volunteers=Count("volunteer", distinct=True))
        .order_by("space__title")
    )


def roster(shift: Shift) -> list[Signup]:
    return list(
        Signup.objects.filter(shift=shift)
        .exclude(state="cancelled")
        .select_related("volunteer", "volunteer__volunteer_profile")
        .order_by("state", "created_at")
    )


def shift_invitations(shift: Shift) -> list[Invitation]:
    return list(
        Invitation.objects.filter(shift=shift).select_related("volunteer").order_by("-created_at")
    )
