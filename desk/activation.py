"""Getting online later: the desk prints a one-time code for a resident it registered, and
the person, on the activation page, gives their account an e-mail address and a password.
If the address is already another account's, nothing is changed: the two records are
reported to the City (``merge.conflict_record``), which joins them."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from wemi_community.accounts import services as accounts
from wemi_community.core.audit import audit_log

from . import kinds, merge, permissions
from .models import ActivationCode, DeskConflict, DeskResident

User = get_user_model()

# No look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G), so it reads aloud and types back.
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
CODE_LENGTH = 10
CODE_GROUP = 5
HASH_SALT = "desk.activation.code"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def code_display(code: str) -> str:
    """``ACDEF-HJKMN``: in groups, as printed."""
    code = code_normalise(code)
    return "-".join(code[i : i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


def code_normalise(raw: str) -> str:
    """What people type: case, spaces and dashes forgiven."""
    return "".join(ch for ch in str(raw or "").upper() if ch.isalnum())[: CODE_LENGTH + 6]


def _hash(code: str, secret=None) -> str:
    return salted_hmac(HASH_SALT, code, secret=secret, algorithm="sha256").hexdigest()


def _hashes(code: str) -> list[str]:
    # Codes printed before a change of SECRET_KEY still work while the old key is a fallback.
    secrets_ = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [_hash(code, secret) for secret in secrets_]


def validity() -> datetime.timedelta:
    return datetime.timedelta(days=settings.DESK_ACTIVATION_DAYS)


@dataclass
class IssuedCode:
    """The code in clear exists only here, for the printed page."""

    code: str
    record: ActivationCode

    @property
    def display(self) -> str:
        return code_display(self.code)


@transaction.atomic
def activation_issue(*, actor, resident: DeskResident, space, now=None) -> IssuedCode:
    """A new code for ``resident``, printed at ``space``'s desk; the ones printed before stop
    working."""
    now = now or timezone.now()
    resident = DeskResident.objects.select_for_update().select_related("user").get(pk=resident.pk)
    if not permissions.can_issue_activation(actor, resident) or not resident.user.is_active:
        raise PermissionDenied
    voided = ActivationCode.objects.filter(
        user=resident.user, used_at__isnull=True, voided_at__isnull=True
    ).update(voided_at=now)
    code = new_code()
    record = ActivationCode.objects.create(
        user=resident.user,
        code_hash=_hash(code),
        space=space,
        issued_by=actor,
        created_at=now,
        expires_at=now + validity(),
    )
    audit_log(
        actor=actor,
        action=kinds.DESK_ACTIVATION_ISSUED,
        target=resident,
        on_behalf_of=resident.user,
        data={
            "desk": space.title,
            "code": record.pk,
            "expires_at": record.expires_at.isoformat(),
            "voided": voided,
        },
    )
    return IssuedCode(code=code, record=record)


def _invalid_code() -> ValidationError:
    # One sentence for a code mistyped, unknown, expired or used: it tells nothing more.
    return ValidationError(
        {
            "code": _(
                "This code does not work: it may be mistyped, expired or already used. Check "
                "it, or ask the desk for a new one."
            )
        }
    )


@dataclass
class Activation:
    """The activated account, or the report of the two records when the e-mail address is
    another account's (then nothing else changed)."""

    user: User
    conflict: DeskConflict | None = None

    @property
    def completed(self) -> bool:
        return self.conflict is None


def _usable_code(code: str, now) -> ActivationCode:
    normalised = code_normalise(code)
    if len(normalised) != CODE_LENGTH:
        raise _invalid_code()
    record = (
        ActivationCode.objects.select_for_update()
        .select_related("user")
        .filter(code_hash__in=_hashes(normalised))
        .first()
    )
    if record is None or not record.is_usable(now):
        raise _invalid_code()
    user = record.user
    if not user.is_active or user.has_usable_password():
        raise _invalid_code()
    return record


def _check(email: str, password: str, privacy_consent: bool, user) -> str:
    errors = {}
    email = accounts.normalise_email(email)
    try:
        validate_email(email)
    except ValidationError as error:
        errors["email"] = error.error_list
    if privacy_consent is not True:
        errors["privacy_consent"] = [
            ValidationError(_("To activate your account, please accept the privacy notice."))
        ]
    if "email" not in errors:
        # With the account's own facts, so a password too close to the name is refused.
        candidate = User(
            email=email,
            display_name=user.display_name,
            first_name=user.first_name,
            last_name=user.last_name,
        )
        try:
            validate_password(password, user=candidate)
        except ValidationError as error:
            errors["password"] = error.error_list
    if errors:
        raise ValidationError(errors)
    return email


def account_activate(
    *, code: str, email: str, password: str, privacy_consent: bool, language: str, now=None
) -> Activation:
    """The person's account gets ``email`` (to confirm, by the usual link) and ``password``;
    the code is spent and every other code of theirs voided. If the address is another
    account's, the two records are reported to the City instead and the code stays valid."""
    now = now or timezone.now()
    with transaction.atomic():
        record = _usable_code(code, now)
        user = record.user
        email = _check(email, password, privacy_consent, user)
        other = User.objects.filter(email__iexact=email).exclude(pk=user.pk).first()
        if other is None:
            try:
                with transaction.atomic():
                    return Activation(user=_activate(record, user, email, password, language, now))
            except IntegrityError:
                # The address was taken a moment ago.
                other = User.objects.filter(email__iexact=email).exclude(pk=user.pk).first()
                if other is None:
                    raise
        conflict = merge.conflict_record(
            desk_user=user,
            online_user=other,
            why=DeskConflict.Why.EMAIL,
            note=_("The person tried to activate their desk account with this e-mail address."),
        )
        return Activation(user=user, conflict=conflict)


def _activate(record: ActivationCode, user, email: str, password: str, language: str, now):
    user.email = email
    user.set_password(password)
    user.email_confirmed_at = None
    if language in dict(settings.LANGUAGES):
        user.preferred_language = language
    user.save(
        update_fields=[
            "email",
            "password",
            "email_confirmed_at",
            "preferred_language",
        ]
    )
    accounts.privacy_consent_record(user=user, now=now)
    record.used_at = now
    record.save(update_fields=["used_at"])
    ActivationCode.objects.filter(user=user, used_at__isnull=True, voided_at__isnull=True).update(
        voided_at=now
    )
    audit_log(
        actor=user,
        action=kinds.DESK_ACCOUNT_ACTIVATED,
        target=user,
        data={"code": record.pk, "desk": record.space.title},
    )
    accounts.confirmation_send(user=user, language=user.preferred_language)
    return user
