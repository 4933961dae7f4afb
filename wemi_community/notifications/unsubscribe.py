"""One-click unsubscribe: the signed token every notification e-mail carries, and the two
writes it allows without signing in (stop, and undo the stop).

The token names a person and a kind of notification, or ``ALL`` for every e-mail. It does not
expire: an unsubscribe link must keep working in an old e-mail (RFC 8058). Anyone holding it
can only switch that person's notification e-mails off and on again, nothing else."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.urls import reverse

from cms_templates.links import site_url
from wemi_community.core.audit import audit_log
from wemi_community.core.models import AuditEntry

from . import kinds, services
from .models import Channel, NotificationSetting

ALL = "*"
# Specific to this use: a token signed for anything else never unsubscribes anyone.
SALT = "wemi_community.notifications.unsubscribe"


class BadToken(Exception):
    """The link was altered, cut short, or names a person or kind that does not exist."""


@dataclass(frozen=True)
class Scope:
    user: object
    kind: str  # a registered kind's key, or ALL

    @property
    def is_all(self) -> bool:
        return self.kind == ALL

    @property
    def label(self):
        return None if self.is_all else kinds.get(self.kind).label


def make_token(user, kind: str) -> str:
    if kind != ALL:
        kinds.get(kind)
    payload = {"u": int(getattr(user, "pk", user)), "k": kind}
    return signing.Signer(salt=SALT).sign_object(payload)


def read_token(token: str) -> Scope:
    """The person and kind a token names; ``BadToken`` for anything else."""
    try:
        payload = signing.Signer(salt=SALT).unsign_object(token)
        user_id, kind = int(payload["u"]), str(payload["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise BadToken from error
    if kind != ALL:
        try:
            kinds.get(kind)
        except LookupError as error:
            raise BadToken from error
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise BadToken
    return Scope(user=user, kind=kind)


def unsubscribe_url(user, kind: str) -> str:
    """The absolute link, in the active language (SITE_URL, never a request's Host)."""
    token = make_token(user, kind)
    return site_url(reverse("notifications:unsubscribe", kwargs={"token": token}))


def _kind_keys(scope: Scope) -> list[str]:
    return [kind.key for kind in kinds.all_kinds()] if scope.is_all else [scope.kind]


def _snapshot(scope: Scope) -> dict:
    """What the person had chosen, so an undo can restore it exactly (None: no row, the
    general preference applies)."""
    keys = _kind_keys(scope)
    rows = dict(
        NotificationSetting.objects.filter(user=scope.user, kind__in=keys).values_list(
            "kind", "channel"
        )
    )
    return {
        "preference": scope.user.notification_preference,
        "kinds": {key: rows.get(key) for key in keys},
    }


def _effective(snapshot: dict, key: str) -> str:
    return snapshot["kinds"].get(key) or snapshot["preference"]


def _all_off(snapshot: dict, scope: Scope) -> bool:
    if scope.is_all:
        return snapshot["preference"] == Channel.NEVER and all(
            _effective(snapshot, key) == Channel.NEVER for key in snapshot["kinds"]
        )
    return _effective(snapshot, scope.kind) == Channel.NEVER


def is_stopped(scope: Scope) -> bool:
    """Whether the e-mails this token is about are already off."""
    return _all_off(_snapshot(scope), scope)


@transaction.atomic
def unsubscribe(*, scope: Scope) -> bool:
    """Stops the e-mails of one kind, or all of them. Returns whether anything changed.

    There is no signed-in actor: the audit entry has none, its target is the person, and it
    keeps the previous choices for ``resubscribe``."""
    user = get_user_model().objects.select_for_update().get(pk=scope.user.pk)
    scope = Scope(user=user, kind=scope.kind)
    before = _snapshot(scope)
    changed = not _all_off(before, scope)
    nobody = AnonymousUser()  # services record no actor for it
    for key, channel in before["kinds"].items():
        # "All": every kind gets its own "never", so none follows a general choice later.
        if channel != Channel.NEVER and (scope.is_all or changed):
            services.notification_setting_set(
                user=user, kind=key, channel=Channel.NEVER, actor=nobody
            )
    if scope.is_all and user.notification_preference != Channel.NEVER:
        user.notification_preference = Channel.NEVER
        user.save(update_fields=["notification_preference"])
    audit_log(
        actor=None,
        action=kinds.NOTIFICATIONS_UNSUBSCRIBED,
        target=user,
        data={"kind": scope.kind, "changed": changed, "previous": before},
    )
    return changed


def _last_change(scope: Scope) -> dict | None:
    """The choices before the latest unsubscribe of this scope that changed something."""
    entry = (
        AuditEntry.objects.filter(
            action=kinds.NOTIFICATIONS_UNSUBSCRIBED,
            target_type=ContentType.objects.get_for_model(scope.user),
            target_id=str(scope.user.pk),
            data__kind=scope.kind,
            data__changed=True,
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    return entry.data.get("previous") if entry is not None else None


@transaction.atomic
def resubscribe(*, scope: Scope) -> None:
    """Undoes ``unsubscribe``: the choices from before come back. When there is nothing to
    restore (the e-mails were already off), the kind follows the general preference, or
    arrives immediately if that is "never" too."""
    user = get_user_model().objects.select_for_update().get(pk=scope.user.pk)
    scope = Scope(user=user, kind=scope.kind)
    previous = _last_change(scope)
    if previous is None:
        preference = (
            user.notification_preference
            if user.notification_preference != Channel.NEVER
            else Channel.IMMEDIATE
        )
        previous = {"preference": preference, "kinds": dict.fromkeys(_kind_keys(scope))}
    valid = set(Channel.values)
    registered = {kind.key for kind in kinds.all_kinds()}
    nobody = AnonymousUser()
    if scope.is_all and previous.get("preference") in valid:
        user.notification_preference = previous["preference"]
        user.save(update_fields=["notification_preference"])
    inherit = []
    for key, channel in previous.get("kinds", {}).items():
        if key not in registered:
            continue
        if channel in valid:
            services.notification_setting_set(user=user, kind=key, channel=channel, actor=nobody)
        else:
            inherit.append(key)
    if not scope.is_all and inherit and user.notification_preference == Channel.NEVER:
        # Deleting the row would leave the kind on "never": say "immediately" explicitly.
        services.notification_setting_set(
            user=user, kind=scope.kind, channel=Channel.IMMEDIATE, actor=nobody
        )
        inherit = []
    # No row before: the general preference applied, and applies again.
    NotificationSetting.objects.filter(user=user, kind__in=inherit).delete()
    audit_log(
        actor=None,
        action=kinds.NOTIFICATIONS_RESUBSCRIBED,
        target=user,
        data={"kind": scope.kind, "restored": previous},
    )
