"""Who sees what in the observatory. Published figures hide small counts; city staff, and a
space's coordinators for that space, see them whole."""

from __future__ import annotations

from spaces_pages.permissions import can_coordinate_space
from wemi_community.accounts.permissions import is_active_user, is_city_staff


def can_see_full_figures(user) -> bool:
    """Every figure of the city unsuppressed: city staff."""
    return is_active_user(user) and is_city_staff(user)


def can_see_full_figures_of_space(user, space) -> bool:
    """A space's own figures unsuppressed: city staff and that space's coordinators (the
    spaces' powers are read once per request, see spaces_pages.permissions)."""
    return can_see_full_figures(user) or can_coordinate_space(user, space)


def can_regenerate_report(user) -> bool:
    """Make a Municipio's monthly report again from the current figures: city staff."""
    return can_see_full_figures(user)
