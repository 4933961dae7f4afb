"""Suggestions: opportunities for a volunteer, volunteers for a shift that is not full. Each
is ranked by the skills and languages in common, the availability that fits and the distance
(the same Municipio first), with the reasons in words ("you speak Arabic; Tuesday morning").
A fixed number of queries: candidates are read with their skills at once, scored in Python."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import slots
from .languages import language_names
from .models import ACTIVE, AGE_OF_GROUP, Invitation, Opportunity, Shift, Signup, VolunteerProfile

SKILL_WEIGHT = 3
LANGUAGE_WEIGHT = 3
SLOT_WEIGHT = 2
SAME_MUNICIPIO = 2
LIMIT = 8
# How many candidates are scored at most (the database's own prefilter keeps them relevant).
CANDIDATES = 400


@dataclass
class Suggestion:
    item: object
    score: int
    reasons: list[str] = field(default_factory=list)


def _lower(values) -> set[str]:
    return {str(value).strip().lower() for value in values or () if str(value).strip()}


def _score(common: list, spoken: list, overlap: int, same_place: bool) -> int:
    return (
        SKILL_WEIGHT * len(common)
        + LANGUAGE_WEIGHT * len(spoken)
        + SLOT_WEIGHT * min(slots.count(overlap), 3)
        + (SAME_MUNICIPIO if same_place else 0)
    )


def _reasons(skills: list, languages: list, mask: int, same_place: bool, place: str) -> list[str]:
    reasons = []
    if skills:
        reasons.append(_("you know: %(skills)s") % {"skills": ", ".join(skills[:3])})
    if languages:
        spoken = ", ".join(language_names(languages[:3]))
        reasons.append(_("you speak %(languages)s") % {"languages": spoken})
    if mask:
        reasons.append(slots.describe(mask, limit=2))
    if same_place:
        reasons.append(_("near you, in %(place)s") % {"place": place})
    return reasons


def opportunities_for(profile: VolunteerProfile, *, limit: int = LIMIT) -> list[Suggestion]:
    """Open opportunities with shifts to come that the volunteer is not on yet, best first."""
    now = timezone.now()
    taken = Signup.objects.filter(volunteer_id=profile.user_id, state__in=ACTIVE)
    shifts = Shift.objects.filter(starts_at__gt=now, cancelled_at__isnull=True).exclude(
        pk__in=taken.values("shift_id")
    )
    opportunities = (
        Opportunity.objects.filter(
            closed_at__isnull=True, min_age__lte=profile.age, shifts__in=shifts
        )
        .distinct()
        .select_related("space", "space__municipio")
        .prefetch_related("skills", Prefetch("shifts", queryset=shifts.order_by("starts_at")))
    )
    mine = {skill.pk: skill.translated_name for skill in profile.skills.all()}
    languages = _lower(profile.languages)
    suggestions = []
    for opportunity in opportunities[:CANDIDATES]:
        common = [skill.translated_name for skill in opportunity.skills.all() if skill.pk in mine]
        spoken = [
            language for language in opportunity.languages if language.strip().lower() in languages
        ]
        overlap = 0
        for shift in opportunity.shifts.all():
            overlap |= shift.slots & profile.availability
        same = (
            profile.municipio_id is not None
            and opportunity.space.municipio_id == profile.municipio_id
        )
        score = _score(common, spoken, overlap, same)
        if score == 0:
            continue
        place = opportunity.space.municipio.name if same else ""
        suggestions.append(
            Suggestion(opportunity, score, _reasons(common, spoken, overlap, same, place))
        )
    suggestions.sort(key=lambda suggestion: (-suggestion.score, suggestion.item.pk))
    return suggestions[:limit]


def volunteers_for(shift: Shift, *, limit: int = LIMIT) -> list[Suggestion]:
    """Active volunteers who could take this shift (old enough, free then, not already on it
    or invited), best first."""
    opportunity = shift.opportunity
    wanted = {skill.pk: skill.translated_name for skill in shift.skills.all()} or {
        skill.pk: skill.translated_name for skill in opportunity.skills.all()
    }
    languages = _lower(opportunity.languages)
    allowed_groups = [group for group, age in AGE_OF_GROUP.items() if age >= opportunity.min_age]
    taken = Signup.objects.filter(shift=shift, state__in=ACTIVE).values("volunteer_id")
    invited = Invitation.objects.filter(shift=shift).values("volunteer_id")
    busy = Signup.objects.filter(
        state__in=ACTIVE,
        shift__starts_at__lt=shift.ends_at,
        shift__ends_at__gt=shift.starts_at,
        shift__cancelled_at__isnull=True,
    ).values("volunteer_id")
    space_municipio = opportunity.space.municipio_id
    relevant = Q(skills__in=list(wanted)) | Q(municipio_id=space_municipio)
    candidates = (
        VolunteerProfile.objects.filter(
            active=True, age_group__in=allowed_groups, user__is_active=True
        )
        .annotate(free_then=F("availability").bitand(shift.slots))
        .filter(relevant | Q(free_then__gt=0))
        .exclude(user_id__in=taken)
        .exclude(user_id__in=invited)
        .exclude(user_id__in=busy)
        .distinct()
        .select_related("user", "municipio")
        .prefetch_related("skills")
        .order_by("pk")
    )
    suggestions = []
    for profile in candidates[:CANDIDATES]:
        common = [skill.translated_name for skill in profile.skills.all() if skill.pk in wanted]
        spoken = [
            language for language in profile.languages if language.strip().lower() in languages
        ]
        overlap = profile.availability & shift.slots
        same = profile.municipio_id is not None and profile.municipio_id == space_municipio
        score = _score(common, spoken, overlap, same)
        if score == 0:
            continue
        reasons = []
        if common:
            reasons.append(_("knows: %(skills)s") % {"skills": ", ".join(common[:3])})
        if spoken:
            names = ", ".join(language_names(spoken[:3]))
            reasons.append(_("speaks %(languages)s") % {"languages": names})
        if overlap:
            reasons.append(_("free %(when)s") % {"when": slots.describe(overlap, limit=2)})
        if same:
            reasons.append(_("lives in %(place)s") % {"place": profile.municipio.name})
        suggestions.append(Suggestion(profile, score, reasons))
    suggestions.sort(key=lambda suggestion: (-suggestion.score, suggestion.item.pk))
    return suggestions[:limit]
