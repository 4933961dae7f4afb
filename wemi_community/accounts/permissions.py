"""Who may do what with accounts and roles. Other modules build on these helpers."""

from .models import Organisation, User
from .roles import Role


def is_active_user(user) -> bool:
    """Signed in with an account that may act (not anonymous, not deactivated)."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def role_names(user) -> frozenset[str]:
    """The platform roles of a user, read once per request object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_wemi_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True)) | {Role.RESIDENT.value}
        user._wemi_roles = cached
    return cached


def has_role(user, role: Role) -> bool:
    return role.value in role_names(user)


def is_city_staff(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.CITY_STAFF)


def is_provider_staff(user, organisation: Organisation | None = None) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    links = user.organisation_links.filter(organisation__is_active=True)
    if organisation is not None:
        links = links.filter(organisation=organisation)
    return links.exists()


def can_manage_roles(user) -> bool:
    return is_city_staff(user)


def can_make_administrators(user) -> bool:
    """Administrators of the admin (every permission) are made by administrators only."""
    return is_active_user(user) and bool(getattr(user, "is_superuser", False))


def can_manage_provider_staff(user) -> bool:
    return is_city_staff(user)


def can_edit_profile(user, profile_user: User) -> bool:
    return getattr(user, "is_authenticated", False) and user.pk == profile_user.pk


def can_delete_account(user, account: User) -> bool:
    """As the admin decides it: the permission to delete users, never one's own account, and
    an administrator's account only by another administrator."""
    if not is_active_user(user) or not user.has_perm("accounts.delete_user"):
        return False
    if user.pk == account.pk:
        return False
    return not account.is_superuser or bool(user.is_superuser)


def can_set_account_active(user, account: User) -> bool:
    """Activating or deactivating someone else's account (never one's own)."""
    return is_active_user(user) and user.has_perm("accounts.change_user") and user.pk != account.pk


def can_delete_group(user) -> bool:
    return is_active_user(user) and user.has_perm("auth.delete_group")
