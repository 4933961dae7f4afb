"""Volunteering for the tests, built through the services: spaces with a coordinator,
volunteers with a profile, opportunities and their shifts, times in Milan."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from tests.factories import UserFactory, municipio
from tests.participation.moderation_helpers import coordinator_of
from tests.spaces.helpers import make_space
from volunteering import services, slots
from volunteering.models import Shift, Skill
from wemi_community.core.milan import in_rome

_spaces = itertools.count(1)


def space_with_coordinator(title: str | None = None, *, municipio: int = 1, **fields):
    space = make_space(
        title or f"Spazio del volontariato {next(_spaces)}", municipio=municipio, **fields
    )
    return space, coordinator_of(space)


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def at(offset: int, hour: int, minute: int = 0) -> datetime.datetime:
    """``offset`` days from today at ``hour``:``minute``, Milan's wall clock."""
    return in_rome(day(offset), datetime.time(hour, minute))


def next_weekday(weekday: int, *, after: int = 2) -> int:
    """How many days from today to the first ``weekday`` (0 Monday) at least ``after`` away."""
    for offset in range(after, after + 7):
        if day(offset).weekday() == weekday:
            return offset
    raise AssertionError("unreachable")


def skill(name: str) -> Skill:
    """The shared skills are loaded by migration."""
    return Skill.objects.get(name=name)


def volunteer(
    *,
    age_group: str = "adult",
    skills=(),
    languages=(),
    availability=(),
    municipio_number: int | None = None,
    bio: str = "",
    tags=(),
    **user_fields,
):
    """A user with a volunteer profile; ``availability`` as slot keys ("1-morning") or a mask."""
    user = UserFactory(**user_fields)
    mask = availability if isinstance(availability, int) else slots.mask_of(availability)
    services.profile_save(
        actor=user,
        data={
            "age_group": age_group,
            "skills": [skill(name) if isinstance(name, str) else name for name in skills],
            "languages": list(languages),
            "availability": mask,
            "municipio": municipio(municipio_number) if municipio_number else None,
            "bio": bio,
            "tags": list(tags),
        },
    )
    return user


def opportunity_data(**changes) -> dict:
    values = {
        "title": "Accoglienza allo Spazio",
        "description": "Accogliere chi arriva e **orientarlo**.",
        "commitment": "one_off",
        "min_age": 18,
        "cancel_hours": 24,
        "languages": [],
        "skills": [],
    }
    values.update(changes)
    return values


def opportunity(*, space=None, coordinator=None, **changes):
    """(opportunity, coordinator); a new space with its coordinator unless given."""
    if space is None:
        space, coordinator = space_with_coordinator()
    if "skills" in changes:
        changes["skills"] = [skill(s) if isinstance(s, str) else s for s in changes["skills"]]
    created = services.opportunity_create(
        actor=coordinator, space=space, data=opportunity_data(**changes)
    )
    return created, coordinator


def shift(
    opportunity,
    coordinator,
    *,
    days: int = 5,
    start: tuple[int, int] | int = 10,
    end: tuple[int, int] | int = 12,
    capacity: int = 2,
    place: str = "Sala grande",
    skills=(),
) -> Shift:
    """A shift ``days`` from today, ``start``–``end`` in Milan (an end before the start is
    on the next day)."""
    start = start if isinstance(start, tuple) else (start, 0)
    end = end if isinstance(end, tuple) else (end, 0)
    starts_at = at(days, *start)
    ends_at = at(days, *end)
    if ends_at <= starts_at:
        ends_at = at(days + 1, *end)
    return services.shift_add(
        actor=coordinator,
        opportunity=opportunity,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        place=place,
        skills=[skill(s) if isinstance(s, str) else s for s in skills],
    )


def move_to_the_past(shift: Shift, days: int = 1) -> Shift:
    """Moves a shift the services wrote in the future to ``days`` ago, same wall-clock times
    (as the demo does): the services refuse a start in the past; attendance and hours need one."""
    start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
    back = (start.date() - timezone.localdate()).days + days
    Shift.objects.filter(pk=shift.pk).update(
        starts_at=in_rome(start.date() - datetime.timedelta(days=back), start.time()),
        ends_at=in_rome(end.date() - datetime.timedelta(days=back), end.time()),
    )
    shift.refresh_from_db()
    return shift


def start_now(shift: Shift) -> Shift:
    """The shift began an hour ago and ends in an hour."""
    now = timezone.now()
    Shift.objects.filter(pk=shift.pk).update(
        starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=1)
    )
    shift.refresh_from_db()
    return shift
