"""Who may comment, follow, report and moderate. The object-level questions ("may this person
see this proposal?") are answered by the module that registered the object (see registry.py);
these functions combine them with the rules of the participation core."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from wemi_community.accounts.permissions import is_city_staff

from . import registry


def is_signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def can_view_target(user, target) -> bool:
    entry = registry.participatory(target)
    return entry is not None and bool(entry.can_view(user, target))


def can_take_part(user, target) -> bool:
    """Comment on and follow ``target``."""
    entry = registry.participatory(target)
    return entry is not None and is_signed_in(user) and bool(entry.can_take_part(user, target))


def can_comment(user, target) -> bool:
    return can_take_part(user, target)


def can_follow(user, target) -> bool:
    return can_take_part(user, target)


def can_edit_comment(user, comment, *, now=None) -> bool:
    """The author, within the edit window, while the comment is neither deleted nor hidden."""

    if not is_signed_in(user) or comment.author_id != user.pk:
        return False
    if comment.is_deleted or comment.is_hidden:
        return False
    now = now or timezone.now()
    window = timezone.timedelta(minutes=settings.WEMI_COMMENT_EDIT_MINUTES)
    return now - comment.created_at <= window


def can_delete_comment(user, comment) -> bool:
    return is_signed_in(user) and comment.author_id == user.pk and not comment.is_deleted


def space_of_content(content) -> object | None:
    entry = registry.content(content)
    return entry.space_of(content) if entry is not None else None


def can_moderate_space(user, space) -> bool:
    """City staff moderate everywhere; a space's coordinators moderate what belongs to it."""
    if not is_signed_in(user):
        return False
    if is_city_staff(user):
        return True
    coordination = registry.space_coordination()
    if space is None or coordination is None:
        return False
    return bool(coordination.can_coordinate(user, space))


def can_moderate(user, content) -> bool:
    return can_moderate_space(user, space_of_content(content))


def can_report(user, content) -> bool:
    """Anyone signed in who can see the content, except its author."""
    entry = registry.content(content)
    if entry is None or not is_signed_in(user):
        return False
    author = entry.author_of(content)
    if author is not None and getattr(author, "pk", author) == user.pk:
        return False
    return bool(entry.can_view(user, content))


def can_block_user(user, person) -> bool:
    """Blocking an account is city staff's call: it stops sign-in everywhere."""
    return is_signed_in(user) and is_city_staff(user) and person.pk != user.pk


def can_read_audit_trail(user) -> bool:
    return is_signed_in(user) and is_city_staff(user)
