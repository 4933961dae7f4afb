"""Who may do what with events and courses. Coordinators of a space publish and run its
events; its desk operators check people in too; city staff may do everything; a course's
educator records its attendance. Views, services, templates and tests ask these functions."""

from __future__ import annotations

from spaces_pages.permissions import (
    can_act_for,
    can_coordinate_space,
    can_operate_desk,
    spaces_coordinated_by,
    spaces_served_by,
)
from wemi_community.accounts.permissions import is_active_user, is_city_staff

from .models import Course, Event


def can_publish_in(user, space) -> bool:
    """Create events and courses for this space (its coordinators; city staff anywhere)."""
    return can_coordinate_space(user, space)


def can_manage_event(user, event: Event) -> bool:
    """Edit, cancel, see the registrations and export them."""
    return can_publish_in(user, event.space)


def can_check_in(user, event: Event) -> bool:
    """The check-in page at the door: the space's coordinators and desk operators."""
    return can_operate_desk(user, event.space)


def can_register(user) -> bool:
    return is_active_user(user)


def can_register_for(actor, person, space) -> bool:
    """Register ``person`` (or cancel their registration or enrolment) at ``space``: the
    person, or the space's desk for them."""
    return can_register(person) and can_act_for(actor, person, space)


def can_manage_course(user, course: Course) -> bool:
    return can_publish_in(user, course.space)


def is_educator(user, course: Course) -> bool:
    return is_active_user(user) and course.educator_id == user.pk


def can_record_attendance(user, course: Course) -> bool:
    return is_educator(user, course) or can_manage_course(user, course)


def can_download_certificate(user, enrollment) -> bool:
    return is_active_user(user) and enrollment.user_id == user.pk


def can_get_certificate_for(actor, person, enrollment) -> bool:
    """The certificate of ``person``'s enrolment: the person, or the desk of the course's
    space for them."""
    return can_download_certificate(person, enrollment) and can_act_for(
        actor, person, enrollment.course.space
    )


def spaces_run_by(user) -> tuple[set[int], set[int]]:
    """(the spaces whose events this person manages, the ones where they check people in), for
    "my events". City staff may act everywhere but run no space's events: none."""
    if not is_active_user(user) or is_city_staff(user):
        return set(), set()
    coordinated = set(spaces_coordinated_by(user).values_list("pk", flat=True))
    served = set(spaces_served_by(user).values_list("pk", flat=True))
    return coordinated, served | coordinated
