"""Assisted sessions: an operator acts for one person through the ordinary pages, for a
limited time (``DESK_SESSION_MINUTES``), one session per operator. Starting, ending, and
what the middleware asks on every request."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wemi_community.core.audit import audit_log
from wemi_community.core.errors import StateConflict

from . import kinds, permissions
from .models import AssistedSession, DeskResident

REASON_MIN_LENGTH = 10


def session_length() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.DESK_SESSION_MINUTES)


def reason_required(person) -> bool:
    """A person registered at a desk signed the paper consent that covers the desk acting
    for them; for anyone else (their own online account) the operator writes why."""
    record = DeskResident.objects.filter(user=person).first()
    return record is None or record.consent_signed_at is None or person.has_usable_password()


@transaction.atomic
def session_start(*, operator, person, space, reason: str = "", now=None) -> AssistedSession:
    now = now or timezone.now()
    if not permissions.can_assist(operator, person, space):
        raise PermissionDenied(_("You may not act for this person at this desk."))
    reason = " ".join((reason or "").split())
    if reason_required(person) and len(reason) < REASON_MIN_LENGTH:
        raise ValidationError(
            {
                "reason": _(
                    "Write why you act for this person (at least %(count)s characters): they "
                    "have not signed the desk's consent."
                )
                % {"count": REASON_MIN_LENGTH}
            }
        )
    open_session = (
        AssistedSession.objects.select_for_update()
        .filter(operator=operator, ended_at__isnull=True)
        .first()
    )
    if open_session is not None:
        if not open_session.has_expired(now):
            raise StateConflict(
                _("You are already acting for %(name)s: end that session first.")
                % {"name": open_session.person.display_name}
            )
        _end(open_session, AssistedSession.EndReason.TIMEOUT, open_session.expires_at)
    try:
        with transaction.atomic():
            session = AssistedSession.objects.create(
                operator=operator,
                person=person,
                space=space,
                reason=reason[:300],
                started_at=now,
                expires_at=now + session_length(),
            )
    except IntegrityError:
        raise StateConflict(_("You already have an assisted session open.")) from None
    audit_log(
        actor=operator,
        action=kinds.DESK_SESSION_STARTED,
        target=session,
        on_behalf_of=person,
        data={"space": space.pk, "desk": space.title, "reason": session.reason},
    )
    return session


def _end(session: AssistedSession, how: str, when) -> None:
    session.ended_at = when
    session.end_reason = how
    session.save(update_fields=["ended_at", "end_reason"])
    audit_log(
        actor=session.operator,
        action=kinds.DESK_SESSION_ENDED,
        target=session,
        on_behalf_of=session.person,
        data={"desk": session.space.title, "how": how},
    )


@transaction.atomic
def session_end(*, operator, session: AssistedSession, how: str = "ended", now=None):
    """Ends the session (idempotent: ending an ended session changes nothing). A session
    found past its time is recorded as timed out, at its expiry."""
    now = now or timezone.now()
    session = AssistedSession.objects.select_for_update().get(pk=session.pk)
    if session.operator_id != operator.pk:
        raise PermissionDenied
    if session.ended_at is not None:
        return session
    if session.has_expired(now):
        _end(session, AssistedSession.EndReason.TIMEOUT, session.expires_at)
    else:
        _end(session, how, now)
    return session


def session_open_for(operator, now=None) -> AssistedSession | None:
    """The operator's open session, ending it first if its time ran out (then None)."""
    if not getattr(operator, "is_authenticated", False):
        return None
    session = (
        AssistedSession.objects.filter(operator=operator, ended_at__isnull=True)
        .select_related("person", "space")
        .first()
    )
    if session is None:
        return None
    if session.has_expired(now):
        session_end(operator=operator, session=session, now=now)
        return None
    return session


def session_by_token(token: str) -> AssistedSession | None:
    if not token:
        return None
    return AssistedSession.objects.select_related("person").filter(token=token[:32]).first()
