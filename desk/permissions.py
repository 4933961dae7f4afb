"""Who may do what at the desk. Operators (and coordinators) of a space work at that space's
desk; any desk may find a person by an exact match; coordinators see their space's log and
call list; city staff see everything, every assisted session included."""

from __future__ import annotations

from spaces_pages.permissions import (
    can_act_for,
    can_coordinate_space,
    can_operate_desk,
    spaces_coordinated_by,
    spaces_served_by,
)
from wemi_community.accounts.permissions import is_active_user, is_city_staff
from wemi_community.accounts.roles import Role

# People who hold any of these never receive an assisted session: no staff action is ever
# done on someone's behalf.
STAFF_ROLES = {
    Role.SPACE_COORDINATOR,
    Role.DESK_OPERATOR,
    Role.LAB_FACILITATOR,
    Role.PROVIDER_STAFF,
    Role.CITY_STAFF,
}


def works_at_desk(user, space) -> bool:
    return can_operate_desk(user, space)


def works_at_any_desk(user) -> bool:
    if not is_active_user(user):
        return False
    return is_city_staff(user) or spaces_served_by(user).exists()


def desks_of(user):
    """The spaces whose desk this person works at."""
    return spaces_served_by(user)


def can_find_residents(user) -> bool:
    return works_at_any_desk(user)


def can_register_resident(user, space) -> bool:
    return works_at_desk(user, space)


def can_see_resident(user, resident) -> bool:
    """The resident's desk page: any desk worker (they reached it by an exact match, or
    registered them); never a resident."""
    return works_at_any_desk(user)


def can_edit_resident(user, resident) -> bool:
    """Change what the desk recorded: the registering desk, or city staff."""
    return works_at_desk(user, resident.space)


def is_staff_account(person) -> bool:
    if getattr(person, "is_staff", False) or getattr(person, "is_superuser", False):
        return True
    names = set(person.groups.values_list("name", flat=True))
    if names & {str(role) for role in STAFF_ROLES}:
        return True
    if person.organisation_links.exists():
        return True
    # A member of a space's coordination or desk group.
    return person.groups.filter(space_staff__isnull=False).exists()


def can_assist(operator, person, space) -> bool:
    """Start an assisted session for ``person`` at ``space``'s desk: the operator works
    there, the person is an active account that is not staff, and is not the operator."""
    if not works_at_desk(operator, space) or not is_active_user(person):
        return False
    if operator.pk == person.pk:
        return False
    return not is_staff_account(person)


def can_see_desk_log(user, space) -> bool:
    """The space's contacts log, its totals and its call list: its desk and coordinators."""
    return works_at_desk(user, space) or can_coordinate_space(user, space)


def can_see_receipt(user, session) -> bool:
    """A session's receipt names the person and what was done for them: the desk of the
    session's space (its operators and coordinators) and city staff, never the person
    themselves (they take it home on paper)."""
    return works_at_desk(user, session.space)


def can_see_all_sessions(user) -> bool:
    return is_active_user(user) and is_city_staff(user)


def coordinated_spaces(user):
    return spaces_coordinated_by(user)


def can_see_calls(user, space) -> bool:
    """The space's call list: its desk and its coordinators."""
    return can_see_desk_log(user, space)


def can_handle_call(user, entry) -> bool:
    """Mark a call's outcome: whoever works at the desk the call belongs to."""
    return can_see_desk_log(user, entry.space)


def can_issue_activation(user, resident) -> bool:
    """Print an activation code for a resident registered at a desk who is not online yet:
    any desk (the person may come back to another one)."""
    return works_at_any_desk(user) and not resident.user.has_usable_password()


def can_report_conflict(user) -> bool:
    """Say that a desk's resident also has an online account."""
    return works_at_any_desk(user)


def can_resolve_conflicts(user) -> bool:
    """See the reports of two records and join or dismiss them: city staff only."""
    return is_active_user(user) and is_city_staff(user)


# --- Appointments ------------------------------------------------------------------------------


def can_publish_slots(user, space) -> bool:
    """Publish the appointment slots of the space's desk and stations: its desk (which
    includes its coordinators and city staff)."""
    return works_at_desk(user, space)


def can_see_appointments_of(user, space) -> bool:
    """The day's appointments of a desk, with who booked them."""
    return works_at_desk(user, space)


def can_book_for(actor, person, space) -> bool:
    """Book or cancel an appointment at ``space`` for ``person``: themselves, or the space's
    desk acting for them."""
    return can_act_for(actor, person, space)


def can_file_deletion(user, person) -> bool:
    """File a resident's signed request to delete their account: an operator (or
    coordinator) of the desk that registered them; for a person registered online, any desk
    worker (the person came to the desk with the signed form). Never a staff account's, nor
    one's own (that is the person's own page)."""
    if not is_active_user(user) or person is None or person.pk == user.pk:
        return False
    if is_staff_account(person):
        return False
    record = getattr(person, "desk_record", None)
    if record is not None:
        return works_at_desk(user, record.space)
    return works_at_any_desk(user)
