"""What the events hold about a person who deletes their account (``accounts.personal_data``):
future registrations and course places are cancelled through the events' own services, so
the waitlist moves up and whoever gets the seat is told; past attendance stays, attached to
the emptied account, for the spaces' statistics."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wemi_community.accounts.personal_data import Erasure
from wemi_community.core.errors import ParticipationError

from . import courses, services
from .models import ACTIVE_STATES, CalendarToken, Enrollment, Registration, Reminder


def erase(user, *, actor, now) -> Erasure:
    erasure = Erasure()
    released = 0
    future = Registration.objects.filter(
        user=user, state__in=ACTIVE_STATES, event__starts_at__gt=now
    ).order_by("pk")
    for registration in future:
        try:
            services.registration_cancel(actor=user, registration=registration, person=user)
        except (PermissionDenied, ParticipationError):
            continue
        released += 1
    if released:
        erasure.released.append(
            ngettext(
                "%(count)d registration for a future event cancelled: the seats went to "
                "the waitlist.",
                "%(count)d registrations for future events cancelled: the seats went to "
                "the waitlist.",
                released,
            )
            % {"count": released}
        )
    enrolled = 0
    ongoing = Enrollment.objects.filter(
        user=user, state__in=ACTIVE_STATES, course__sessions__starts_at__gt=now
    ).distinct()
    for enrollment in ongoing.order_by("pk"):
        try:
            courses.enrollment_cancel(actor=user, enrollment=enrollment, person=user)
        except (PermissionDenied, ParticipationError):
            continue
        enrolled += 1
    if enrolled:
        erasure.released.append(
            ngettext(
                "%(count)d place in a course cancelled.",
                "%(count)d places in courses cancelled.",
                enrolled,
            )
            % {"count": enrolled}
        )
    tokens = CalendarToken.objects.filter(user=user).delete()[0]
    Reminder.objects.filter(user=user).delete()
    if tokens:
        erasure.deleted.append(_("The address of your personal calendar."))
    if (
        Registration.objects.filter(user=user).exists()
        or Enrollment.objects.filter(user=user).exists()
    ):
        erasure.kept.append(
            _(
                "Past registrations and course attendance, without your name: they count "
                "in the spaces' statistics of participation."
            )
        )
    return erasure
