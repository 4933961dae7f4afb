"""Follows: who hears about an object. Explicit follows and unfollows are audited; automatic
follows happen inside another audited service (commenting, joining) and are not recorded twice."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from wemi_community.core.audit import audit_log
from wemi_community.core.errors import ObjectHidden

from . import kinds
from .acting import acting_for
from .models import Follow
from .permissions import can_follow, can_view_target


def _key(target) -> dict:
    return {"target_type": ContentType.objects.get_for_model(target), "target_id": target.pk}


def _check(user, target) -> None:
    if not can_view_target(user, target):
        raise ObjectHidden
    if not can_follow(user, target):
        raise PermissionDenied


@transaction.atomic
def follow(*, actor, target, person=None, may_act_for: bool = False) -> Follow:
    """``person`` (the actor, unless the caller lets someone act for them: ``acting.py``)
    follows ``target``."""
    person, on_behalf_of = acting_for(actor, person, may_act_for=may_act_for)
    _check(person, target)
    row, _ = Follow.objects.update_or_create(
        user=person, **_key(target), defaults={"active": True, "automatic": False}
    )
    audit_log(actor=actor, on_behalf_of=on_behalf_of, action=kinds.FOLLOW_STARTED, target=target)
    return row


@transaction.atomic
def unfollow(*, actor, target, person=None, may_act_for: bool = False) -> Follow:
    """Stops following (``person`` as in ``follow``). The row stays, inactive, so later
    automatic follows respect it."""
    person, on_behalf_of = acting_for(actor, person, may_act_for=may_act_for)
    _check(person, target)
    row, _ = Follow.objects.update_or_create(
        user=person, **_key(target), defaults={"active": False}
    )
    audit_log(actor=actor, on_behalf_of=on_behalf_of, action=kinds.FOLLOW_STOPPED, target=target)
    return row


def follow_auto(*, user, target) -> None:
    """Follows because the person took part (authored, commented, joined), unless they
    already chose to stop. Call it inside the calling service's transaction."""
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(
                user=user, **_key(target), defaults={"active": True, "automatic": True}
            )
    except IntegrityError:
        # Two requests of the same person at once: the other one created the row.
        pass


def follower_ids(target) -> set[int]:
    return set(
        Follow.objects.filter(**_key(target), active=True, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


def is_following(user, target) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Follow.objects.filter(user=user, **_key(target), active=True).exists()
