"""Who may do what at a space. Coordinators and desk operators hold django-guardian object
permissions on *their* space, through the space's two groups (see services.py); city staff
may do everything. Later modules (events, labs, proposals) build on these functions."""

from __future__ import annotations

from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from cms_templates import i18n
from wemi_community.accounts.permissions import (
    has_groups_beyond_roles,
    is_active_user,
    is_city_staff,
)

from .models import SpacePage

COORDINATE_SPACE = "spaces_pages.coordinate_space"
OPERATE_DESK = "spaces_pages.operate_desk"


def _source_pk(space) -> int:
    """The powers are granted on the space's page in the default language; its translations
    share them (no query for the default-language page, the one the modules point at)."""

    return i18n.source(space).pk


def _space_ids(user, perm: str) -> frozenset[int]:
    """The spaces where this person holds ``perm``, read once per request object: a page asks
    about the space of each of its rows. The powers are granted to a space's groups only
    (services.space_groups_ensure): someone whose groups are all platform roles, as most
    residents, holds none, known from the groups already read (no query)."""
    cache = user.__dict__.setdefault("_wemi_space_perms", {})
    if perm not in cache and not has_groups_beyond_roles(user):
        cache[perm] = frozenset()
    if perm not in cache:
        spaces = get_objects_for_user(
            user, perm, klass=SpacePage, accept_global_perms=False, with_superuser=False
        )
        cache[perm] = frozenset(spaces.values_list("pk", flat=True))
    return cache[perm]


def _holds(user, perm: str, space) -> bool:
    ids = _space_ids(user, perm)
    # Someone who holds it nowhere needs no look-up of the space's page.
    return bool(ids) and _source_pk(space) in ids


def can_coordinate_space(user, space) -> bool:
    """Edit and publish the space's page; later, its events, labs and answers."""
    if not is_active_user(user):
        return False
    return is_city_staff(user) or _holds(user, COORDINATE_SPACE, space)


def can_operate_desk(user, space) -> bool:
    """Work at the space's desk, e.g. act on behalf of a resident. Coordinators may too."""
    if not is_active_user(user):
        return False
    if can_coordinate_space(user, space):
        return True
    return _holds(user, OPERATE_DESK, space)


def can_remove_space(user, space) -> bool:
    """Delete or move a space's page: city staff only, whatever Wagtail's page permissions."""
    return is_active_user(user) and is_city_staff(user)


def _every_space() -> QuerySet[SpacePage]:
    """Each space once: its page in the default language, where the powers are granted and
    the modules point (its translations share them, see cms_templates.i18n)."""

    return i18n.in_default_language(SpacePage.objects.all())


def spaces_coordinated_by(user) -> QuerySet[SpacePage]:
    if not is_active_user(user):
        return SpacePage.objects.none()
    if is_city_staff(user):
        return _every_space()
    return get_objects_for_user(
        user, COORDINATE_SPACE, klass=SpacePage, accept_global_perms=False, with_superuser=False
    )


def coordinates_a_space(user) -> bool:
    """At least one space to coordinate: the admin's menus and the "new event" buttons ask on
    every page, answered from the spaces read once per request (city staff: any space)."""
    if not is_active_user(user):
        return False
    if is_city_staff(user):
        return _every_space().exists()
    return bool(_space_ids(user, COORDINATE_SPACE))


def coordinated_space_ids(user) -> frozenset[int]:
    """The ids of the spaces this person coordinates, as ``spaces_coordinated_by``."""
    if not is_active_user(user):
        return frozenset()
    if is_city_staff(user):
        return frozenset(_every_space().values_list("pk", flat=True))
    return _space_ids(user, COORDINATE_SPACE)


def spaces_served_by(user) -> QuerySet[SpacePage]:
    """The spaces whose desk this person may work at."""
    if not is_active_user(user):
        return SpacePage.objects.none()
    if is_city_staff(user):
        return _every_space()
    return get_objects_for_user(
        user,
        [COORDINATE_SPACE, OPERATE_DESK],
        klass=SpacePage,
        any_perm=True,
        accept_global_perms=False,
        with_superuser=False,
    )


def can_act_for(actor, person, space) -> bool:
    """Take, change or give up a seat at ``space`` for ``person``: the person themselves, or
    the space's desk acting on their behalf (assisted participation)."""
    if not is_active_user(actor) or not is_active_user(person):
        return False
    return actor.pk == person.pk or can_operate_desk(actor, space)
