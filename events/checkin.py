"""Check-in at the door: the space's desk records that the person holding a registration's
code came, or undoes it. The operator acts; the person checked in is the registration's,
and the audit trail names both."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wemi_community.core.audit import audit_log
from wemi_community.core.errors import StateConflict
from wemi_community.participation.seats import behalf

from . import evidence, kinds, permissions
from .models import Event, Registration, RegistrationState
from .services import CODE_LENGTH

R = RegistrationState


def normalise_code(raw: str) -> str:
    """What people type or scan: lower case, spaces and dashes are forgiven."""
    return "".join(ch for ch in str(raw or "").upper() if ch.isalnum())[: CODE_LENGTH + 4]


@transaction.atomic
def check_in(*, actor, event: Event, code: str) -> Registration:
    """Records that the person with this code came: the operator (``actor``) acts, for the
    registration's person. A code of another event, of a waiting or cancelled registration,
    or already used, is refused with what it is."""
    if not permissions.can_check_in(actor, event):
        raise PermissionDenied
    code = normalise_code(code)
    if not code:
        raise ValidationError({"code": _("Type the registration code.")})
    registration = (
        Registration.objects.select_for_update()
        .select_related("event", "user")
        .filter(code=code)
        .first()
    )
    if registration is None:
        raise ValidationError({"code": _("No registration has this code.")})
    if registration.event_id != event.pk:
        other = registration.event
        raise ValidationError(
            {
                "code": _("This code is for another event: “%(title)s” on %(date)s.")
                % {
                    "title": other.title,
                    "date": timezone.localtime(other.starts_at).strftime("%d/%m/%Y"),
                }
            }
        )
    if registration.state != R.CONFIRMED:
        raise StateConflict(
            _("This registration is “%(state)s”: it has no seat.")
            % {"state": R(registration.state).label}
        )
    if registration.checked_in_at is not None:
        raise StateConflict(
            _("Already checked in at %(time)s.")
            % {"time": timezone.localtime(registration.checked_in_at).strftime("%H:%M")}
        )
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = actor
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    evidence.checked_in(registration, event)
    audit_log(
        actor=actor,
        on_behalf_of=behalf(actor, registration.user),
        action=kinds.EVENT_CHECKED_IN,
        target=event,
    )
    return registration


@transaction.atomic
def check_in_undo(*, actor, registration: Registration) -> Registration:
    """The operator takes back a check-in made by mistake, for the registration's person."""
    registration = (
        Registration.objects.select_for_update()
        .select_related("event", "user")
        .get(pk=registration.pk)
    )
    if not permissions.can_check_in(actor, registration.event):
        raise PermissionDenied
    if registration.checked_in_at is None:
        raise StateConflict(_("This person was not checked in."))
    registration.checked_in_at = None
    registration.checked_in_by = None
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    audit_log(
        actor=actor,
        on_behalf_of=behalf(actor, registration.user),
        action=kinds.EVENT_CHECK_IN_UNDONE,
        target=registration.event,
    )
    return registration
