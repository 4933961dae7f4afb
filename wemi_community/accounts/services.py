"""Writes on accounts and roles. Views, the admin, commands and tasks all come through here."""

import datetime

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wemi_community.core import outbox
from wemi_community.core.audit import audit_log, audited_save

from . import kinds
from .models import AccountEmail, OrganisationStaff, PrivacyConsent, User
from .nicknames import unique_nickname
from .permissions import can_make_administrators, can_manage_provider_staff, can_manage_roles
from .roles import Role

CONFIRMATION_TASK = "wemi_community.accounts.tasks.send_confirmation_email"
RESET_EMAIL_TASK = "wemi_community.accounts.tasks.send_password_reset_email"
# Pages that mail a link must not become a way to flood someone's inbox.
RESEND_COOLDOWN_SECONDS = 120

PROFILE_FIELDS = (
    "display_name",
    "nickname",
    "first_name",
    "last_name",
    "municipio",
    "nil",
    "household_size",
    "preferred_language",
    "notification_preference",
)


class AccountError(Exception):
    """A request the rules refuse. The message is written to be shown to the person."""


def normalise_email(email: str) -> str:
    return User.objects.normalize_email((email or "").strip()).lower()


def _duplicate_email_error() -> ValidationError:
    return ValidationError(
        {
            "email": ValidationError(
                _("An account with this e-mail address already exists."),
                code="duplicate_email",
            )
        }
    )


def _account_email(user: User, kind: str) -> int:
    """The identity of one e-mail request, in the caller's transaction: the task claims it
    before sending, so a retried task mails nothing twice. Requests older than any link they
    carried are of no more use, and go."""
    now = timezone.now()
    oldest = max(settings.ACCOUNT_CONFIRMATION_TIMEOUT, settings.PASSWORD_RESET_TIMEOUT)
    AccountEmail.objects.filter(
        user=user, created_at__lt=now - datetime.timedelta(seconds=oldest)
    ).delete()
    return AccountEmail.objects.create(user=user, kind=kind, created_at=now).pk


def _queue_confirmation(user: User, language: str) -> None:
    # Inside the caller's transaction: the task runs only once the account is committed.
    email_id = _account_email(user, AccountEmail.Kind.CONFIRMATION)
    outbox.enqueue(CONFIRMATION_TASK, user.pk, language, email_id)


def confirmation_send(*, user: User, language: str) -> None:
    """Mails the link that confirms ``user``'s address once the caller's transaction commits
    (an address given to an account that had none, e.g. one registered at a desk)."""
    _queue_confirmation(user, language)


def privacy_consent_record(
    *, user: User, channel: str = PrivacyConsent.Channel.ONLINE, recorded_by=None, now=None
) -> PrivacyConsent:
    """Records that ``user`` accepted the current version of the privacy notice (once per
    version); ``privacy_consent_at`` keeps the moment of the latest acceptance."""
    now = now or timezone.now()
    consent, created = PrivacyConsent.objects.get_or_create(
        user=user,
        version=settings.PRIVACY_NOTICE_VERSION,
        defaults={"accepted_at": now, "channel": channel, "recorded_by": recorded_by},
    )
    if created:
        User.objects.filter(pk=user.pk).update(privacy_consent_at=now)
        user.privacy_consent_at = now
    return consent


@transaction.atomic
def privacy_consent_accept(*, user: User) -> PrivacyConsent:
    """The person accepts, online, the version of the notice in force (once: a second click
    records nothing more)."""
    before = PrivacyConsent.objects.filter(user=user).count()
    consent = privacy_consent_record(user=user)
    if PrivacyConsent.objects.filter(user=user).count() > before:
        audit_log(
            actor=user,
            action=kinds.ACCOUNT_PRIVACY_ACCEPTED,
            target=user,
            data={"version": consent.version},
        )
    return consent


def privacy_consent_is_outdated(user: User) -> bool:
    """Whether ``user`` accepted an earlier version of the notice but not the one in force:
    then they are asked again. One query. Accounts that never accepted any (made in the
    admin, or at a desk whose paper consent is not signed yet) are not asked online."""
    versions = set(PrivacyConsent.objects.filter(user=user).values_list("version", flat=True))
    return bool(versions) and settings.PRIVACY_NOTICE_VERSION not in versions


def privacy_consent_is_current(user: User) -> bool:
    """Whether ``user`` accepted the version of the notice in force."""
    return PrivacyConsent.objects.filter(
        user=user, version=settings.PRIVACY_NOTICE_VERSION
    ).exists()


def user_register(
    *,
    email: str,
    password: str,
    display_name: str,
    preferred_language: str,
    privacy_consent: bool,
) -> User:
    """Creates an account that stays inactive until its e-mail address is confirmed."""
    if privacy_consent is not True:
        raise ValidationError(
            {
                "privacy_consent": ValidationError(
                    _("To create an account, please accept the privacy notice."),
                    code="required",
                )
            }
        )
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": error.error_list}) from error
    display_name = (display_name or "").strip()
    if not display_name:
        raise ValidationError(
            {"display_name": ValidationError(_("Tell us how to call you."), code="required")}
        )
    if preferred_language not in dict(settings.LANGUAGES):
        raise ValidationError(
            {"preferred_language": ValidationError(_("Unknown language."), code="invalid")}
        )
    if User.objects.filter(email__iexact=email).exists():
        raise _duplicate_email_error()

    user = User(
        email=email,
        display_name=display_name,
        nickname=unique_nickname(display_name),
        preferred_language=preferred_language,
        is_active=False,
        email_confirmed_at=None,
    )
    # Lengths and choices, so a caller without a form gets a ValidationError, not a DataError.
    user.clean_fields(exclude=["password"])
    try:
        # With the user's attributes, so a password too close to the e-mail is refused.
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from error
    user.set_password(password)

    try:
        with transaction.atomic():
            user.save()
            privacy_consent_record(user=user)
            audit_log(
                actor=user,
                action=kinds.ACCOUNT_REGISTERED,
                target=user,
                data={"language": preferred_language},
            )
            _queue_confirmation(user, preferred_language)
    except IntegrityError as error:
        # Two sign-ups with the same address at once: the unique index decides.
        raise _duplicate_email_error() from error
    return user


def user_confirm_email(*, user: User) -> User:
    """Marks the address as confirmed and opens the account. A second call changes nothing,
    so an old link can never reactivate an account that staff have since blocked."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.email_confirmed_at is not None:
            return locked
        locked.is_active = True
        locked.email_confirmed_at = timezone.now()
        locked.save(update_fields=["is_active", "email_confirmed_at"])
        audit_log(actor=locked, action=kinds.ACCOUNT_EMAIL_CONFIRMED, target=locked)
    return locked


def confirmation_resend(*, email: str) -> None:
    """Sends a new confirmation link if an account is waiting for one. It returns nothing
    either way, so the page cannot tell whether the address is registered."""
    user = User.objects.filter(
        email__iexact=normalise_email(email),
        email_confirmed_at__isnull=True,
        is_active=False,
    ).first()
    if user is None:
        return
    if not cache.add(f"accounts:confirmation-resend:{user.pk}", 1, RESEND_COOLDOWN_SECONDS):
        return
    with transaction.atomic():
        audit_log(actor=None, action=kinds.ACCOUNT_CONFIRMATION_RESENT, target=user)
        _queue_confirmation(user, user.preferred_language)


def password_reset_request(*, email: str, language: str) -> None:
    """Mails a password-reset link to the active account with this address, if any. Like the
    resend, it returns nothing either way. The e-mail goes to the address stored on the
    account, never to the one typed, so look-alike Unicode addresses cannot catch it."""
    users = User.objects.filter(email__iexact=normalise_email(email), is_active=True)
    for user in users:
        if not user.has_usable_password():
            continue
        if not cache.add(f"accounts:password-reset:{user.pk}", 1, RESEND_COOLDOWN_SECONDS):
            continue
        with transaction.atomic():
            audit_log(actor=None, action=kinds.ACCOUNT_PASSWORD_RESET_REQUESTED, target=user)
            email_id = _account_email(user, AccountEmail.Kind.PASSWORD_RESET)
            outbox.enqueue(RESET_EMAIL_TASK, user.pk, language, email_id)


def profile_update(*, user: User, data: dict) -> User:
    """Updates the profile fields present in ``data``; other keys are a programming error."""
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {', '.join(sorted(unknown))}")

    changed = []
    for field, value in data.items():
        if field in ("display_name", "first_name", "last_name") and isinstance(value, str):
            value = value.strip()
        if field == "nickname":
            value = (value or "").strip().lstrip("@").lower() or None
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)

    if user.nil is not None:
        if user.municipio is None:
            user.municipio = user.nil.municipio
            changed.append("municipio")
        elif user.nil.municipio_id != user.municipio_id:
            raise ValidationError(
                {
                    "nil": ValidationError(
                        _("This neighbourhood is not in the chosen Municipio."),
                        code="nil_outside_municipio",
                    )
                }
            )
    if not changed:
        return user

    if "nickname" in changed:
        _check_nickname(user)
    other_fields = [f.name for f in User._meta.fields if f.name not in PROFILE_FIELDS]
    user.clean_fields(exclude=other_fields)
    try:
        with transaction.atomic():
            user.save(update_fields=sorted(set(changed)))
            # Field names only: the audit trail is no place for personal data.
            audit_log(
                actor=user,
                action=kinds.ACCOUNT_PROFILE_UPDATED,
                target=user,
                data={"fields": sorted(set(changed))},
            )
    except IntegrityError as error:
        # Two people choosing the same nickname at the same moment.
        raise _nickname_taken_error() from error
    return user


def _nickname_taken_error() -> ValidationError:
    return ValidationError(
        {"nickname": ValidationError(_("Someone already uses this nickname."), code="taken")}
    )


def _check_nickname(user: User) -> None:
    if not user.nickname:
        raise ValidationError(
            {"nickname": ValidationError(_("Choose a nickname."), code="required")}
        )
    if User.objects.filter(nickname=user.nickname).exclude(pk=user.pk).exists():
        raise _nickname_taken_error()


def password_set(*, user: User, password: str, via: str) -> User:
    """Stores a new password (already validated by the form) after a change or a reset."""

    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_log(actor=user, action=kinds.ACCOUNT_PASSWORD_SET, target=user, data={"via": via})
        if user.email:
            # Whoever proved they own the mailbox should not stay locked out by old failures.
            axes_reset(username=user.email)
    return user


def _role_group(role: Role | str) -> tuple[Role, Group]:
    role = Role(role)
    if role == Role.RESIDENT:
        raise AccountError(_("Every account is a resident: this role is not granted or revoked."))
    group, _created = Group.objects.get_or_create(name=role.value)
    return role, group


def _forget_cached_roles(user: User) -> None:
    vars(user).pop("_wemi_roles", None)


def role_grant(*, user: User, role: Role | str, by: User) -> bool:
    """Gives ``user`` a platform role. Returns False if they already had it."""
    if not can_manage_roles(by):
        raise PermissionDenied
    with transaction.atomic():
        role, group = _role_group(role)
        if user.groups.filter(pk=group.pk).exists():
            return False
        user.groups.add(group)
        audit_log(
            actor=by, action=kinds.ACCOUNT_ROLE_GRANTED, target=user, data={"role": role.value}
        )
    _forget_cached_roles(user)
    return True


def role_revoke(*, user: User, role: Role | str, by: User) -> bool:
    """Takes a platform role away from ``user``. Returns False if they did not have it."""
    if not can_manage_roles(by):
        raise PermissionDenied
    with transaction.atomic():
        role, group = _role_group(role)
        if not user.groups.filter(pk=group.pk).exists():
            return False
        user.groups.remove(group)
        audit_log(
            actor=by, action=kinds.ACCOUNT_ROLE_REVOKED, target=user, data={"role": role.value}
        )
    _forget_cached_roles(user)
    return True


# --- Group memberships and provider staff, as the Wagtail admin changes them --------------------


def _role_of(group: Group) -> Role | None:
    """The platform role a group stands for; None for the others (a space's coordination
    and desk groups, any group city staff made). Every account is a resident, so that
    group is an ordinary one here."""
    if group.name in Role.values and group.name != Role.RESIDENT:
        return Role(group.name)
    return None


def group_join(*, user: User, group: Group, by: User) -> bool:
    """Puts ``user`` in ``group``: a role's group through ``role_grant``. Returns False if
    they were in it already."""
    role = _role_of(group)
    if role is not None:
        return role_grant(user=user, role=role, by=by)
    if not can_manage_roles(by):
        raise PermissionDenied
    with transaction.atomic():
        if user.groups.filter(pk=group.pk).exists():
            return False
        user.groups.add(group)
        audit_log(
            actor=by, action=kinds.ACCOUNT_GROUP_JOINED, target=user, data={"group": group.name}
        )
    _forget_cached_roles(user)
    return True


def group_leave(*, user: User, group: Group, by: User) -> bool:
    """Takes ``user`` out of ``group``: a role's group through ``role_revoke``. Returns False
    if they were not in it."""
    role = _role_of(group)
    if role is not None:
        return role_revoke(user=user, role=role, by=by)
    if not can_manage_roles(by):
        raise PermissionDenied
    with transaction.atomic():
        if not user.groups.filter(pk=group.pk).exists():
            return False
        user.groups.remove(group)
        audit_log(
            actor=by, action=kinds.ACCOUNT_GROUP_LEFT, target=user, data={"group": group.name}
        )
    _forget_cached_roles(user)
    return True


def user_groups_set(*, user: User, groups, by: User) -> None:
    """The groups ticked for ``user`` on their admin page: each one added or taken away is
    its own audited change; nothing changed, nothing written (nor any permission needed)."""
    wanted = {group.pk: group for group in groups}
    with transaction.atomic():
        current = {group.pk: group for group in user.groups.all()}
        for pk in sorted(current.keys() - wanted.keys()):
            group_leave(user=user, group=current[pk], by=by)
        for pk in sorted(wanted.keys() - current.keys()):
            group_join(user=user, group=wanted[pk], by=by)


def administrator_set(*, user: User, value: bool, by: User) -> bool:
    """Makes ``user`` an administrator of the admin (every permission), or no longer one.
    Returns False if nothing changed."""
    if not can_make_administrators(by):
        raise PermissionDenied
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_superuser == value:
            return False
        User.objects.filter(pk=user.pk).update(is_superuser=value)
        user.is_superuser = value
        audit_log(
            actor=by,
            action=kinds.ACCOUNT_ADMINISTRATOR_GRANTED
            if value
            else kinds.ACCOUNT_ADMINISTRATOR_REVOKED,
            target=user,
            data={"before": not value, "after": value},
        )
    return True


def _staff_facts(link: OrganisationStaff) -> dict:
    return {"organisation": link.organisation_id, "user": link.user_id, "role": link.role}


def organisation_staff_save(*, link: OrganisationStaff, by: User) -> OrganisationStaff:
    """Adds a provider's staff member, or changes an existing link (its organisation, person
    or role), with the facts before and after in the audit entry."""
    if not can_manage_provider_staff(by):
        raise PermissionDenied
    with transaction.atomic():
        return audited_save(
            link,
            facts=_staff_facts,
            actor=by,
            created=kinds.PROVIDER_STAFF_ADDED,
            changed=kinds.PROVIDER_STAFF_CHANGED,
            target=link.organisation,
        )


def organisation_staff_remove(*, link: OrganisationStaff, by: User) -> None:
    """Takes a person off a provider's staff."""
    if not can_manage_provider_staff(by):
        raise PermissionDenied
    with transaction.atomic():
        organisation = link.organisation
        before = _staff_facts(link)
        OrganisationStaff.objects.filter(pk=link.pk).delete()
        audit_log(
            actor=by,
            action=kinds.PROVIDER_STAFF_REMOVED,
            target=organisation,
            data={"before": before, "after": None},
        )
