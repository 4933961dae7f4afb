"""The platform's roles. Platform-wide roles are Django groups; object-level roles (coordinator
of *this* space, facilitator of *this* lab, staff of *this* provider) are django-guardian object
permissions or relations that each module checks in its own ``permissions.py``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    SPACE_COORDINATOR = "space_coordinator", _("Space coordinator")
    DESK_OPERATOR = "desk_operator", _("Desk operator")
    LAB_FACILITATOR = "lab_facilitator", _("Lab facilitator")
    PROVIDER_STAFF = "provider_staff", _("Provider staff")
    VOLUNTEER = "volunteer", _("Volunteer")
    CITY_STAFF = "city_staff", _("City staff")


# Roles whose holders work in the Wagtail admin.
ADMIN_ROLES = {Role.SPACE_COORDINATOR, Role.DESK_OPERATOR, Role.CITY_STAFF}


def group_label(group) -> str:
    """How the admin names a group: a role's group (named by its code, "city_staff") by the
    role's label in the reader's language, any other group by its name."""
    if group.name in Role.values:
        return str(Role(group.name).label)
    return group.name
