"""Who may do what with accounts and roles. Other modules build on these helpers."""

import threading

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from guardian.models import GroupObjectPermission, UserObjectPermission

from wemi_community.core import cache_versions

from .models import Organisation, User
from .roles import Role

# Roles whose holders work for a space, a lab, a provider or the City: they see residents'
# personal data, so they sign in with a second factor.
STAFF_ROLES = frozenset(
    role.value
    for role in (
        Role.SPACE_COORDINATOR,
        Role.DESK_OPERATOR,
        Role.LAB_FACILITATOR,
        Role.PROVIDER_STAFF,
        Role.CITY_STAFF,
    )
)


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


def has_groups_beyond_roles(user) -> bool:
    """Whether this person belongs to a group that is no platform role (a space's
    coordination or desk group, an editors' group), read from ``role_names``: object powers
    are granted to such groups only, so whoever has none holds none."""
    return not role_names(user) <= _ROLE_NAMES


_ROLE_NAMES = frozenset(Role.values)


def is_city_staff(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.CITY_STAFF)


def is_provider_staff(user, organisation: Organisation | None = None) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    links = user.organisation_links.filter(organisation__is_active=True)
    if organisation is not None:
        links = links.filter(organisation=organisation)
    return links.exists()


# Who may open the Wagtail admin: Wagtail's own rule, the ``wagtailadmin.access_admin``
# permission (an active administrator, or the permission through a group or one's own).
# The people holding it are listed in one query and kept in this process under the versions
# of the tables that grant it (auth: groups' permissions; accounts: people's groups and own
# permissions), which every write moves: the user bar asks on every page, and a resident,
# who never holds it, then costs no query.
_ADMIN_TOPICS = ("auth", "accounts")
_admin_lock = threading.Lock()
_admin_people: tuple[str, frozenset[int]] | None = None


def _people_reaching_admin() -> frozenset[int]:
    global _admin_people
    version = cache_versions.versions(*_ADMIN_TOPICS)
    with _admin_lock:
        if _admin_people is not None and _admin_people[0] == version:
            return _admin_people[1]
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    through_groups = User.groups.through.objects.filter(group__permissions__in=access)
    own = User.user_permissions.through.objects.filter(permission__in=access)
    people = frozenset(
        through_groups.values_list("user_id", flat=True).union(
            own.values_list("user_id", flat=True)
        )
    )
    with _admin_lock:
        _admin_people = (version, people)
    return people


def can_reach_admin(user) -> bool:
    """Opens the Wagtail admin (``user.has_perm("wagtailadmin.access_admin")``), read once
    per request object without loading the person's permissions."""
    if not is_active_user(user):
        return False
    cached = getattr(user, "_wemi_reaches_admin", None)
    if cached is None:
        cached = bool(user.is_superuser) or user.pk in _people_reaching_admin()
        user._wemi_reaches_admin = cached
    return cached


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


def _staff_in_a_module(user) -> bool:
    """A role that only a module knows (facilitator of a lab): each app may give its
    AppConfig ``holds_staff_role(user) -> bool``, asked in the order of settings.PROJECT_APPS,
    so accounts imports none of them."""
    by_name = {config.name: config for config in apps.get_app_configs()}
    for name in settings.PROJECT_APPS:
        config = by_name.get(name)
        hook = getattr(config, "holds_staff_role", None)
        if hook is not None and hook(user):
            return True
    return False


def needs_second_factor(user) -> bool:
    """Whether this person must sign in with a second factor: when STAFF_MFA_REQUIRED is on,
    everyone who works on the platform for others. That is: administrators and anyone who
    may open the Wagtail admin; the holders of a staff role's group (city staff, space
    coordinators, desk operators, lab facilitators, provider staff); anyone holding an
    object permission (a space's coordination or desk group, directly or through a group);
    provider staff (OrganisationStaff); and what the modules' ``holds_staff_role`` hooks
    say (a lab's facilitators). Residents and volunteers may enable it; it is never forced."""
    if not settings.STAFF_MFA_REQUIRED or not is_active_user(user):
        return False
    if user.is_superuser or user.is_staff:
        return True
    if role_names(user) & STAFF_ROLES:
        return True
    if user.organisation_links.exists():
        return True
    if UserObjectPermission.objects.filter(user=user).exists():
        return True
    if GroupObjectPermission.objects.filter(group__user=user).exists():
        return True
    if can_reach_admin(user):
        return True
    return _staff_in_a_module(user)


def can_enable_second_factor(user) -> bool:
    return is_active_user(user)


def can_disable_second_factor(user) -> bool:
    """Residents may turn it off again; whoever needs it may not go without."""
    return is_active_user(user) and not needs_second_factor(user)
