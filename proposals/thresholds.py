"""How many households a proposal needs: the City sets the figure by category, for a space
or city-wide, in the admin; ``threshold_for`` reads the one that applies."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction

from spaces_pages.models import SpacePage
from wemi_community.catalogue.models import ServiceCategory
from wemi_community.core.audit import audit_log, audited_save

from . import kinds, permissions
from .models import ProposalThreshold


def threshold_for(category: ServiceCategory, space: SpacePage | None) -> int:
    """Households needed: the space's own figure for the category, else the city's, else the
    parent group's, else the setting."""
    rows = {
        (row.category_id, row.space_id): row.households
        for row in ProposalThreshold.objects.filter(
            category_id__in=[category.pk, category.parent_id]
        )
    }
    for key in (
        (category.pk, getattr(space, "pk", None)),
        (category.pk, None),
        (category.parent_id, getattr(space, "pk", None)),
        (category.parent_id, None),
    ):
        if key in rows:
            return rows[key]
    return settings.WEMI_PROPOSAL_DEFAULT_THRESHOLD


def _threshold_facts(threshold: ProposalThreshold) -> dict:
    return {
        "category": threshold.category_id,
        "space": threshold.space_id,
        "households": threshold.households,
    }


def threshold_save(*, threshold: ProposalThreshold, by) -> ProposalThreshold:
    """Sets how many households proposals of a category need (in a space, or city-wide); the
    audit entry has the figures before and after. Proposals already published keep theirs."""
    if not permissions.can_set_thresholds(by):
        raise PermissionDenied
    with transaction.atomic():
        return audited_save(
            threshold,
            facts=_threshold_facts,
            actor=by,
            created=kinds.PROPOSAL_THRESHOLD_SET,
            changed=kinds.PROPOSAL_THRESHOLD_CHANGED,
        )


def threshold_remove(*, threshold: ProposalThreshold, by) -> None:
    """Removes a threshold: proposals fall back to the next figure (see ``threshold_for``)."""
    if not permissions.can_set_thresholds(by):
        raise PermissionDenied
    with transaction.atomic():
        before = _threshold_facts(threshold)
        audit_log(
            actor=by,
            action=kinds.PROPOSAL_THRESHOLD_REMOVED,
            target=threshold,
            data={"before": before, "after": None},
        )
        ProposalThreshold.objects.filter(pk=threshold.pk).delete()
