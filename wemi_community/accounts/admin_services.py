"""What the Wagtail admin does to whole accounts and groups: activating, deactivating and
deleting people, deleting a group. Each change is one audited write with the admin user as
the actor; the details name fields and groups, never what a person wrote about themselves."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction

from wemi_community.core.audit import audit_log

from . import kinds
from .models import User
from .permissions import can_delete_account, can_delete_group, can_set_account_active


def deleted_account_repr(pk) -> str:
    """What the trail calls an account once it is gone: its number, not its name."""
    return f"#{pk}"


def account_active_set(*, user: User, value: bool, by: User) -> bool:
    """Lets ``user`` sign in again, or stops them. Returns False if nothing changed."""
    if not can_set_account_active(by, user):
        raise PermissionDenied
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_active == value:
            return False
        User.objects.filter(pk=user.pk).update(is_active=value)
        user.is_active = value
        audit_log(
            actor=by,
            action=kinds.ACCOUNT_ACTIVATED if value else kinds.ACCOUNT_DEACTIVATED,
            target=user,
            data={"before": {"is_active": not value}, "after": {"is_active": value}},
        )
    return True


def account_delete(*, user: User, by: User) -> None:
    """Deletes ``user``'s account. The entry keeps the account's number and the groups it
    was in; its name and e-mail go with it."""
    if not can_delete_account(by, user):
        raise PermissionDenied
    with transaction.atomic():
        pk = user.pk
        facts = {
            "is_active": user.is_active,
            "is_superuser": user.is_superuser,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        }
        user.delete()
        audit_log(
            actor=by,
            action=kinds.ACCOUNT_DELETED,
            target=User(pk=pk),
            target_repr=deleted_account_repr(pk),
            data={"before": facts, "after": None},
        )


def group_delete(*, group: Group, by: User) -> None:
    """Deletes a group: its members lose what it gave them. The entry says how many they
    were and which permissions it held."""
    if not can_delete_group(by):
        raise PermissionDenied
    with transaction.atomic():
        facts = {
            "name": group.name,
            "members": group.user_set.count(),
            "permissions": sorted(
                f"{app}.{codename}"
                for app, codename in group.permissions.values_list(
                    "content_type__app_label", "codename"
                )
            ),
        }
        pk = group.pk
        group.delete()
        audit_log(
            actor=by,
            action=kinds.GROUP_DELETED,
            target=Group(pk=pk),
            target_repr=facts["name"],
            data={"before": facts, "after": None},
        )
