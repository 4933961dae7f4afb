"""Deleting an account: by the person (online, after signing in again), by a desk for a
resident on a signed form, or by retention after a long inactivity.

One transaction: every app releases and erases what it holds (``personal_data``), then the
account's row is emptied and kept, so what the person wrote stays readable as "Partecipante
cancellato" and the records the law makes us keep (co-payments, consents, the audit trail)
still point at a row. The person is told by e-mail, at the address they had, what was
deleted and what was kept."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.models import UserObjectPermission

from wemi_community.core import outbox
from wemi_community.core.audit import audit_log
from wemi_community.core.errors import StateConflict
from wemi_community.core.models import AuditEntry

from . import kinds
from .models import AccountDeletion, AccountEmail, ExternalIdentity, User
from .personal_data import Erasure, erase_everywhere

logger = logging.getLogger(__name__)

# What a deleted account is called wherever its contributions are shown.
DELETED_NAME = gettext_lazy("Deleted participant")
FINAL_EMAIL_TASK = "wemi_community.accounts.deletion.send_final_email"


def deleted_display_name() -> str:
    """Stored in the platform's default language, as everything shown to all is."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(DELETED_NAME)


def _account_erasure(user: User) -> Erasure:
    """What this app does to the account itself."""
    erasure = Erasure(
        deleted=[
            _(
                "Your name, nickname, e-mail address, Municipio, neighbourhood, household "
                "and preferences."
            ),
            _("Your password, your linked digital identities (SPID, CIE) and second factors."),
        ],
        kept=[
            _(
                "Your acceptances of the privacy notice (version and date): they prove that "
                "we processed your data lawfully, and are kept as long as the rest."
            ),
            _(
                "The record of this deletion (when, by whom, on which form): it proves that "
                "we honoured your request."
            ),
        ],
    )
    # The core's audit trail: it imports nothing above it, so it is said here.
    if AuditEntry.objects.filter(Q(actor=user) | Q(on_behalf_of=user)).exists():
        erasure.kept.append(
            _(
                "The activity log of what was done on the platform, naming your account by "
                "its number only: public bodies must be able to show who did what."
            )
        )
    return erasure


def _delete_second_factors(user: User) -> int:
    """TOTP and static (recovery) devices, when their apps are installed."""
    from django.apps import apps

    count = 0
    for label in ("otp_totp.TOTPDevice", "otp_static.StaticDevice"):
        try:
            model = apps.get_model(label)
        except LookupError:  # pragma: no cover - the apps are installed
            continue
        count += model.objects.filter(user=user).delete()[0]
    return count


@transaction.atomic
def account_delete(
    *, user: User, actor, channel: str, signed_form_reference: str = ""
) -> AccountDeletion:
    """Deletes ``user``'s account. ``actor``: the person, the desk operator who filed the
    signed form, or None (retention). Raises StateConflict if it is already deleted."""
    if channel not in AccountDeletion.Channel.values:
        raise ValueError(f"unknown deletion channel {channel!r}")
    signed_form_reference = (signed_form_reference or "").strip()
    if channel == AccountDeletion.Channel.DESK and not signed_form_reference:
        raise ValidationError(
            {"signed_form_reference": _("Write the number of the signed request form.")}
        )
    if len(signed_form_reference) > 100:
        raise ValidationError(
            {"signed_form_reference": _("Write at most %(limit)d characters.") % {"limit": 100}}
        )
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.deleted_at is not None or AccountDeletion.objects.filter(user=user).exists():
        raise StateConflict(_("This account is already deleted."))
    now = timezone.now()
    address, language = user.email, user.preferred_language
    # The summary's sentences in the person's language: they read them in the final e-mail.
    with translation.override(
        language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    ):
        # The apps release the person's seats through their own services, as the person: a
        # blocked account may still give its seats back (in memory only; the row is locked).
        # Stored inactive first, so nothing told during the erasure reaches the account.
        User.objects.filter(pk=user.pk).update(is_active=False)
        was_active, user.is_active = user.is_active, True
        try:
            summary = erase_everywhere(user, actor=actor or user, now=now)
        finally:
            user.is_active = was_active
        summary.insert(0, _account_erasure(user).as_dict("accounts"))
    _delete_second_factors(user)
    ExternalIdentity.objects.filter(user=user).delete()
    AccountEmail.objects.filter(user=user).delete()
    # Links to download earlier copies: the files go with them.
    for export in user.data_exports.all():
        if export.file:
            export.file.delete(save=False)
        export.delete()
    user.groups.clear()
    user.user_permissions.clear()
    # Object permissions given to the person directly (django-guardian), if any.
    UserObjectPermission.objects.filter(user=user).delete()

    user.display_name = deleted_display_name()
    user.nickname = None
    user.email = None
    user.first_name = ""
    user.last_name = ""
    user.municipio = None
    user.nil = None
    user.household_size = 1
    user.notification_preference = "never"
    user.email_confirmed_at = None
    # A hash that matches no password: also ends every session (its hash changes).
    user.password = make_password(None)
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.deleted_at = now
    user.inactivity_warnings_sent = 0
    user.inactivity_warned_at = None
    user.save()

    deletion = AccountDeletion.objects.create(
        user=user,
        channel=channel,
        requested_at=now,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        signed_form_reference=signed_form_reference,
        completed_at=now,
        summary=summary,
    )
    audit_log(
        actor=actor,
        action=kinds.ACCOUNT_ERASED,
        target=user,
        target_repr=f"#{user.pk}",
        data={
            "channel": channel,
            "signed_form": bool(signed_form_reference),
            "apps": [part["app"] for part in summary],
        },
    )
    if address:
        outbox.enqueue(FINAL_EMAIL_TASK, deletion.pk, address, language)
    return deletion


def summary_lines(summary: list[dict]) -> dict[str, list[str]]:
    """The summary's sentences, by what happened to them."""
    lines: dict[str, list[str]] = {"deleted": [], "released": [], "kept": []}
    for part in summary or []:
        for key in lines:
            lines[key].extend(part.get(key) or [])
    return lines


def send_final_email(deletion_id: int, address: str, language: str) -> bool:
    """The last message to the address the account had: what was deleted, what was kept.
    Claimed first, so a retried task sends nothing twice. The address lives only in the
    task's arguments, never in the database."""
    from .tasks import _send

    claimed = AccountDeletion.objects.filter(
        pk=deletion_id, final_email_sent_at__isnull=True
    ).update(final_email_sent_at=timezone.now())
    if not claimed or not address:
        logger.info("No final e-mail for deletion %s: already sent", deletion_id)
        return False
    deletion = AccountDeletion.objects.get(pk=deletion_id)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        _send(
            template="account_deleted",
            context={"deletion": deletion, **summary_lines(deletion.summary)},
            to=address,
        )
    return True
