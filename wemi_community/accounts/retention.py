"""Retention: an account nobody signed in to for ``RETENTION_INACTIVE_DAYS`` (since the last
sign-in, else since it was created) is deleted, after a warning ``RETENTION_WARNING_DAYS``
before (30 days, then 7). A sign-in sets the count of warnings back to 0.

Days are real days (24 hours, in UTC), so the nights the clocks change, New Year's Eve and
29 February move nothing. Each warning is claimed on the account (a conditional UPDATE of
``inactivity_warnings_sent``) before it is mailed, so a run repeated or retried sends
nothing twice; a late run never sends two warnings together, and the deletion always waits
the last warning's days after it went out.

Left out, on purpose: staff (``is_staff``, administrators, anyone in a group other than the
volunteers', anyone working for a provider: the City manages those accounts), blocked
accounts (a moderation record; they could not sign in to keep the account), accounts
already deleted, and accounts without an e-mail address (residents registered at a desk,
who could not be warned: their desk files the deletion on a signed form)."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, translation

from cms_templates.links import site_url
from wemi_community.core.audit import audit_log
from wemi_community.core.errors import StateConflict
from wemi_community.core.milan import ROME

from . import kinds
from .deletion import account_delete
from .models import AccountDeletion, User
from .roles import Role

logger = logging.getLogger(__name__)

# Groups that do not make an account staff: anyone in another group (a role, a space's
# coordination or desk) is staff and left out.
NOT_STAFF_ROLES = (Role.RESIDENT.value, Role.VOLUNTEER.value)


def warning_days() -> list[int]:
    """The warnings' days before the deletion, farthest first: [30, 7]."""
    return sorted({int(days) for days in settings.RETENTION_WARNING_DAYS if int(days) > 0})[::-1]


def candidates():
    """Accounts retention may delete: see the module's docstring for those left out."""
    return (
        User.objects.filter(
            deleted_at__isnull=True,
            blocked_at__isnull=True,
            is_staff=False,
            is_superuser=False,
            email__isnull=False,
        )
        .exclude(email="")
        .exclude(groups__in=Group.objects.exclude(name__in=NOT_STAFF_ROLES))
        .filter(organisation_links__isnull=True)
        .annotate(last_active=Coalesce(F("last_login"), F("date_joined")))
    )


def deadline_of(user: User, now: datetime.datetime) -> datetime.datetime:
    """When the account will be deleted if nobody signs in."""
    last_active = user.last_login or user.date_joined
    deadline = last_active + datetime.timedelta(days=settings.RETENTION_INACTIVE_DAYS)
    days = warning_days()
    if days and user.inactivity_warnings_sent < len(days):
        # The warning going out now announces at least its own number of days.
        deadline = max(deadline, now + datetime.timedelta(days=days[user.inactivity_warnings_sent]))
    return deadline


def _send_warning(user: User, deadline: datetime.datetime) -> None:
    from .tasks import _language, _send

    with translation.override(_language(None, user)):
        _send(
            template="inactivity_warning",
            context={
                "user": user,
                "deadline": formats.date_format(deadline.astimezone(ROME).date(), "DATE_FORMAT"),
                "inactive_days": settings.RETENTION_INACTIVE_DAYS,
                "login_url": site_url(reverse("accounts:login")),
            },
            to=user.email,
        )


def warnings_send(*, now: datetime.datetime) -> int:
    """Sends the warnings due. Returns how many went out."""
    days = warning_days()
    inactive = datetime.timedelta(days=settings.RETENTION_INACTIVE_DAYS)
    sent = 0
    for index, before in enumerate(days):
        due = candidates().filter(
            inactivity_warnings_sent=index,
            last_active__lte=now - inactive + datetime.timedelta(days=before),
        )
        if index:
            # Not two warnings in one run: the next waits the days between the two.
            gap = datetime.timedelta(days=days[index - 1] - before)
            due = due.filter(inactivity_warned_at__lte=now - gap)
        for user in due.order_by("pk").iterator():
            deadline = deadline_of(user, now)
            with transaction.atomic():
                claimed = User.objects.filter(
                    pk=user.pk, inactivity_warnings_sent=index, deleted_at__isnull=True
                ).update(inactivity_warnings_sent=index + 1, inactivity_warned_at=now)
                if not claimed:
                    continue
                audit_log(
                    actor=None,
                    action=kinds.ACCOUNT_INACTIVITY_WARNED,
                    target=user,
                    data={"warning": index + 1, "days_before": before},
                )
            try:
                _send_warning(user, deadline)
            except Exception:  # the claim stays: better one warning lost than mailed twice
                logger.exception("Inactivity warning to account %s not sent", user.pk)
                continue
            sent += 1
    return sent


def due_for_deletion(now: datetime.datetime):
    days = warning_days()
    inactive = datetime.timedelta(days=settings.RETENTION_INACTIVE_DAYS)
    due = candidates().filter(last_active__lte=now - inactive)
    if days:
        due = due.filter(
            inactivity_warnings_sent__gte=len(days),
            inactivity_warned_at__lte=now - datetime.timedelta(days=days[-1]),
        )
    return due


def inactive_delete(*, now: datetime.datetime) -> int:
    """Deletes the accounts whose time ran out, each in its own transaction. Returns how
    many."""
    deleted = 0
    for pk in list(due_for_deletion(now).order_by("pk").values_list("pk", flat=True)):
        user = User.objects.get(pk=pk)
        # Read again: a sign-in since the query above keeps the account.
        if not due_for_deletion(now).filter(pk=pk).exists():
            continue
        try:
            account_delete(user=user, actor=None, channel=AccountDeletion.Channel.RETENTION)
        except StateConflict:
            continue
        deleted += 1
    return deleted


def inactivity_reset(user: User) -> None:
    """A sign-in: the warnings start again from zero."""
    User.objects.filter(pk=user.pk).filter(
        Q(inactivity_warnings_sent__gt=0) | Q(inactivity_warned_at__isnull=False)
    ).update(inactivity_warnings_sent=0, inactivity_warned_at=None)
    user.inactivity_warnings_sent = 0
    user.inactivity_warned_at = None
