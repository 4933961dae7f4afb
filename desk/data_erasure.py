"""What the desk holds about a person who deletes their account (``accounts.personal_data``),
online or on a form signed at the desk: the resident's record loses its personal fields
(phone, codice fiscale, date of birth); the signed consent (when, which version of the
notice, recorded by whom) is KEPT, as the proof the law asks of a lawful processing (GDPR
art. 7(1) and 5(2)). Future appointments are cancelled through the desk's service (the
place is free again), activation codes and calls still to make go, the contacts log keeps
its counts with the contact made anonymous, and an assisted session still open ends."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wemi_community.accounts.personal_data import Erasure
from wemi_community.core.errors import ParticipationError

from . import appointments
from .assisted import _end
from .models import (
    ActivationCode,
    Appointment,
    AssistedSession,
    CallEntry,
    DeskContact,
    DeskResident,
)


def erase(user, *, actor, now) -> Erasure:
    erasure = Erasure()
    for session in AssistedSession.objects.filter(person=user, ended_at__isnull=True):
        _end(session, AssistedSession.EndReason.ENDED, now)
    cancelled = 0
    for appointment in Appointment.objects.filter(
        person=user, state=Appointment.State.CONFIRMED, slot__starts_at__gt=now
    ).order_by("pk"):
        try:
            appointments.appointment_cancel(
                actor=user, appointment=appointment, person=user, now=now
            )
        except (PermissionDenied, ParticipationError):
            continue
        cancelled += 1
    if cancelled:
        erasure.released.append(
            ngettext(
                "%(count)d appointment at a desk cancelled.",
                "%(count)d appointments at desks cancelled.",
                cancelled,
            )
            % {"count": cancelled}
        )
    Appointment.objects.filter(person=user).update(note="")
    ActivationCode.objects.filter(user=user).delete()
    CallEntry.objects.filter(person=user).delete()
    DeskContact.objects.filter(person=user).update(person=None, anonymous=True, note="")
    record = DeskResident.objects.filter(user=user).first()
    if record is not None:
        record.phone = ""
        record.fiscal_code = None
        record.birth_date = None
        record.save(update_fields=["phone", "fiscal_code", "birth_date"])
        erasure.deleted.append(
            _("What the desk recorded about you: phone, codice fiscale, date of birth.")
        )
        if record.consent_signed_at is not None:
            erasure.kept.append(
                _(
                    "The privacy consent you signed at the desk (date and version of the "
                    "notice): it proves that your data was processed lawfully."
                )
            )
    return erasure
