"""Who sees which figures of the observatory.

Everyone sees the published figures: a cell resting on fewer than OBSERVATORY_MIN_CELL people
is hidden (`evidence.selectors.suppress`). City staff see every figure in full; a space's
coordinator sees the full figures of a space they coordinate, and the published ones of
everything else. Figures never name a person, whoever reads them."""

from __future__ import annotations

import dataclasses

from spaces_pages.permissions import can_coordinate_space, spaces_coordinated_by
from wemi_community.accounts.permissions import is_active_user, is_city_staff


@dataclasses.dataclass(frozen=True)
class Reader:
    """What one request may see: read once per request, asked about every table."""

    city_staff: bool = False
    # The spaces the reader coordinates (empty for everyone else).
    coordinated: frozenset[int] = frozenset()


def observatory_reader(user) -> Reader:
    if not getattr(user, "is_authenticated", False):
        return Reader()
    if is_city_staff(user):
        return Reader(city_staff=True)
    ids = spaces_coordinated_by(user).values_list("pk", flat=True)
    return Reader(coordinated=frozenset(ids))


def coordinated_scope_spaces(reader: Reader, space_id: int | None) -> frozenset[int] | None:
    """The spaces a scope is restricted to so that a coordinator reads full figures: theirs,
    when they asked about one of them; None (no restriction, no full figures) otherwise."""
    if space_id is not None and space_id in reader.coordinated:
        return reader.coordinated
    return None


def sees_full_figures(reader: Reader, spaces: frozenset[int] | None) -> bool:
    """City staff always; a coordinator when the scope is restricted to their own spaces."""
    if reader.city_staff:
        return True
    return spaces is not None and bool(spaces) and spaces <= reader.coordinated


# --- Accountability pages and monthly reports ------------------------------------------------


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
