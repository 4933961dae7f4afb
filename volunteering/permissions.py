"""Who may do what in volunteering. A volunteer: their own profile, sign-ups, hours and
offers. A coordinator of a space: its opportunities, shifts, rosters and hours to approve,
not another space's. City staff: everything. Everyone: opportunities and offers, with no
personal data. Views, services, templates and tests ask these functions."""

from __future__ import annotations

from spaces_pages.permissions import (
    can_act_for,
    can_coordinate_space,
    coordinates_a_space,
    spaces_coordinated_by,
    spaces_served_by,
)
from wemi_community.accounts.permissions import is_active_user, is_city_staff

from .models import HourEntry, Invitation, Opportunity, Signup, VolunteerOffer, VolunteerProfile


def profile_of(user) -> VolunteerProfile | None:
    """The person's volunteer profile (read once per user object)."""
    if not is_active_user(user):
        return None
    if not hasattr(user, "_wemi_volunteer_profile"):
        user._wemi_volunteer_profile = VolunteerProfile.objects.filter(user=user).first()
    return user._wemi_volunteer_profile


def is_volunteer(user) -> bool:
    return profile_of(user) is not None


def can_sign_up_for(actor, person, shift) -> bool:
    """Sign ``person`` up for a shift, or cancel their sign-up: the volunteer, or the desk of
    the shift's space for them."""
    return can_act_for(actor, person, shift.opportunity.space)


def can_answer_invitation_for(actor, person, invitation: Invitation) -> bool:
    """Accept or decline an invitation to a shift: the volunteer invited, or the desk of the
    shift's space for them."""
    return invitation.volunteer_id == getattr(person, "pk", None) and can_act_for(
        actor, person, invitation.shift.opportunity.space
    )


def can_get_hours_certificate_for(actor, person, space=None) -> bool:
    """The certificate of a volunteer's approved hours: the volunteer, or the desk of that
    space for them (of any space, for a certificate of every space)."""
    if space is None:
        return can_keep_profile_for(actor, person)
    return can_act_for(actor, person, space)


def can_log_hours_for(actor, person, space) -> bool:
    """Log hours given at ``space``: the volunteer, or that space's desk for them."""
    return can_act_for(actor, person, space)


def can_keep_profile_for(actor, person) -> bool:
    """Write a volunteer profile (skills, availability...): the person, or the desk of any
    space for them (a profile belongs to no space)."""
    if not is_active_user(actor) or not is_active_user(person):
        return False
    return actor.pk == person.pk or spaces_served_by(actor).exists()


def can_publish_in(user, space) -> bool:
    return can_coordinate_space(user, space)


def can_coordinate_somewhere(user) -> bool:
    return coordinates_a_space(user)


def can_manage_opportunity(user, opportunity: Opportunity) -> bool:
    """Its shifts, roster, attendance and invitations: the space's coordinators."""
    return can_coordinate_space(user, opportunity.space)


def can_see_profile(user, profile: VolunteerProfile) -> bool:
    """The volunteer, city staff, and the coordinators of a space where they volunteer (or
    were invited to)."""
    if not is_active_user(user):
        return False
    if profile.user_id == user.pk or is_city_staff(user):
        return True
    spaces = spaces_coordinated_by(user).values("pk")
    return (
        Signup.objects.filter(
            volunteer_id=profile.user_id, shift__opportunity__space__in=spaces
        ).exists()
        or Invitation.objects.filter(
            volunteer_id=profile.user_id, shift__opportunity__space__in=spaces
        ).exists()
        or HourEntry.objects.filter(volunteer_id=profile.user_id, space__in=spaces).exists()
    )


def _not_own(user, volunteer_id: int) -> bool:
    """Nobody vouches for their own hours, but city staff (who answer for the whole City)."""
    return volunteer_id != user.pk or is_city_staff(user)


def can_review_hours(user, entry: HourEntry) -> bool:
    return can_coordinate_space(user, entry.space) and _not_own(user, entry.volunteer_id)


def can_confirm_attendance(user, signup) -> bool:
    """Confirming attendance logs approved hours: the same rule as approving them."""
    return can_manage_opportunity(user, signup.shift.opportunity) and _not_own(
        user, signup.volunteer_id
    )


def can_edit_offer(user, offer: VolunteerOffer) -> bool:
    return is_active_user(user) and offer.volunteer_id == user.pk


def can_edit_offer_for(actor, offer: VolunteerOffer) -> bool:
    """Edit or withdraw an offer of help: its volunteer, or a desk for them (an offer, like
    the profile, belongs to no space)."""
    return can_keep_profile_for(actor, offer.volunteer)


def can_take_up_offer(user, offer: VolunteerOffer) -> bool:
    return offer.state == VolunteerOffer.State.OPEN and can_coordinate_somewhere(user)


def can_see_reports(user) -> bool:
    """Hours per space, for the City's reports."""
    return is_active_user(user) and is_city_staff(user)
