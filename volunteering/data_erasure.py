"""What volunteering holds about a person who deletes their account
(``accounts.personal_data``): future shifts are given up through the volunteering services
(the waitlist moves up), pending invitations declined, open offers of help withdrawn and
the volunteer profile deleted. Approved hours stay, attached to the emptied account: the
spaces account for the hours volunteers gave, and the certificates issued still verify."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wemi_community.accounts.personal_data import Erasure
from wemi_community.core.errors import ParticipationError

from . import offers, services
from .models import (
    ACTIVE,
    HourEntry,
    Invitation,
    ShiftReminder,
    Signup,
    VolunteerOffer,
    VolunteerProfile,
)


def erase(user, *, actor, now) -> Erasure:
    erasure = Erasure()
    released, kept_close = 0, 0
    future = Signup.objects.filter(
        volunteer=user, state__in=ACTIVE, shift__starts_at__gt=now
    ).order_by("pk")
    for signup in future:
        try:
            services.signup_cancel(actor=user, signup=signup, person=user)
        except (PermissionDenied, ParticipationError):
            # Too close to the shift to cancel online: the space sees the name gone.
            kept_close += 1
            continue
        released += 1
    if released:
        erasure.released.append(
            ngettext(
                "%(count)d future volunteer shift given up: the place went to the waitlist.",
                "%(count)d future volunteer shifts given up: the places went to the waitlist.",
                released,
            )
            % {"count": released}
        )
    if kept_close:
        erasure.kept.append(
            _(
                "Shifts starting too soon to be cancelled online stay booked without your "
                "name: the space can reassign them."
            )
        )
    for invitation in Invitation.objects.filter(
        volunteer=user, state=Invitation.State.PENDING
    ).order_by("pk"):
        try:
            services.invitation_answer(actor=user, invitation=invitation, accept=False)
        except (PermissionDenied, ParticipationError):
            continue
    for offer in VolunteerOffer.objects.filter(volunteer=user, state=VolunteerOffer.State.OPEN):
        try:
            offers.offer_withdraw(actor=user, offer=offer)
        except (PermissionDenied, ParticipationError):
            continue
    withdrawn_texts = VolunteerOffer.objects.filter(volunteer=user).exclude(
        state=VolunteerOffer.State.TAKEN
    )
    withdrawn_texts.delete()
    profile = VolunteerProfile.objects.filter(user=user).delete()[0]
    ShiftReminder.objects.filter(volunteer=user).delete()
    pending = HourEntry.objects.filter(volunteer=user, state=HourEntry.State.PENDING).delete()[0]
    if profile or pending:
        erasure.deleted.append(
            _("Your volunteer profile, your offers of help and hours not yet approved.")
        )
    if HourEntry.objects.filter(volunteer=user, state=HourEntry.State.APPROVED).exists():
        erasure.kept.append(
            _(
                "Approved volunteer hours, without your name: the spaces must account for "
                "the hours given."
            )
        )
    return erasure
