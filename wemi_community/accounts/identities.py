"""Digital identities (SPID, CIE) and accounts: which account an identity signs in to, and
the writes that link one or open a new account. ``oidc`` asks; the pages in ``oidc_views``
let the person confirm before anything is linked or created.

The rules, at an identity's first sign-in:
(a) an identity already linked (same issuer and subject) signs in to its account;
(b) an account that holds the same codice fiscale (a linked identity, or what a module
    answers through its AppConfig's ``account_for_fiscal_code(code)``: the desk's residents),
    else one with the same *confirmed* e-mail address, is offered: the person confirms, then
    the link is made;
(c) otherwise a new account is offered, its names and e-mail pre-filled.
A codice fiscale that two accounts hold, or that another account than the e-mail's holds,
links nothing. Deleted and blocked accounts never sign in this way."""

from __future__ import annotations

import time

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wemi_community.core.audit import audit_log

from . import kinds
from .models import ExternalIdentity, User
from .nicknames import unique_nickname
from .oidc import Identity, IdentityPending, IdentityRefused
from .services import normalise_email, privacy_consent_record

# What the gateway said, waiting for the person to confirm a link or a new account.
PENDING_SESSION_KEY = "accounts_oidc_pending"
PENDING_SECONDS = 15 * 60

LINK = "link"
NEW = "new"


def accounts_for_fiscal_code(code: str) -> set[User]:
    """Every account that holds ``code``: a linked identity, and each project app's answer to
    ``account_for_fiscal_code(code)`` on its AppConfig, in the order of PROJECT_APPS (the
    core imports no module)."""
    found = {
        identity.user
        for identity in ExternalIdentity.objects.filter(fiscal_code=code).select_related("user")
    }
    by_name = {config.name: config for config in apps.get_app_configs()}
    for name in settings.PROJECT_APPS:
        config = by_name.get(name)
        if config is not None and hasattr(config, "account_for_fiscal_code"):
            user = config.account_for_fiscal_code(code)
            if user is not None:
                found.add(user)
    return found


def fiscal_codes_of(user: User) -> set[str]:
    """The codici fiscali ``user`` holds through linked identities and the modules' records."""
    codes = set(
        ExternalIdentity.objects.filter(user=user, fiscal_code__isnull=False).values_list(
            "fiscal_code", flat=True
        )
    )
    by_name = {config.name: config for config in apps.get_app_configs()}
    for name in settings.PROJECT_APPS:
        config = by_name.get(name)
        if config is not None and hasattr(config, "fiscal_code_of_account"):
            code = config.fiscal_code_of_account(user)
            if code:
                codes.add(code)
    return codes


def account_can_sign_in(user: User) -> bool:
    return user.deleted_at is None and user.blocked_at is None and user.is_active


def identity_match(identity: Identity) -> tuple[str, User | None]:
    """(``"known"``, account) for rule (a), (``LINK``, account) for (b), (``NEW``, None) for
    (c); refusals raise ``IdentityRefused``."""
    known = (
        ExternalIdentity.objects.filter(issuer=identity.issuer, subject=identity.subject)
        .select_related("user")
        .first()
    )
    if known is not None:
        if not account_can_sign_in(known.user):
            raise IdentityRefused("account_closed")
        return "known", known.user

    holders = accounts_for_fiscal_code(identity.fiscal_code)
    by_email = None
    if identity.email:
        by_email = User.objects.filter(
            email__iexact=normalise_email(identity.email), email_confirmed_at__isnull=False
        ).first()
    if len(holders) > 1:
        raise IdentityRefused("fiscal_code_taken")
    if holders:
        (holder,) = holders
        if by_email is not None and by_email.pk != holder.pk:
            # The code is another account's than the one of this e-mail address.
            raise IdentityRefused("fiscal_code_taken")
        if not account_can_sign_in(holder):
            raise IdentityRefused("account_closed")
        return LINK, holder
    if by_email is not None:
        if fiscal_codes_of(by_email) - {identity.fiscal_code}:
            # The account of this address belongs to someone with another codice fiscale.
            raise IdentityRefused("email_taken")
        if not account_can_sign_in(by_email):
            raise IdentityRefused("account_closed")
        return LINK, by_email
    return NEW, None


def identity_sign_in(*, request, identity: Identity) -> User:
    """The callback's decision: the account to sign in to (rule a), else what the person is
    to confirm, kept in the session (``IdentityPending``)."""
    kind, user = identity_match(identity)
    if kind == "known":
        ExternalIdentity.objects.filter(issuer=identity.issuer, subject=identity.subject).update(
            last_used_at=timezone.now()
        )
        return user
    request.session[PENDING_SESSION_KEY] = {
        "identity": identity.as_session(),
        "kind": kind,
        "user": user.pk if user is not None else None,
        "at": time.time(),
    }
    raise IdentityPending(kind)


def pending_of(request) -> tuple[str, Identity, User | None] | None:
    """What waits for the person's confirmation in this session, still fresh, or None."""
    data = request.session.get(PENDING_SESSION_KEY)
    if not isinstance(data, dict) or time.time() - float(data.get("at", 0)) > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=data.get("user")).first() if data.get("user") else None
    return data.get("kind"), Identity.from_session(data.get("identity") or {}), user


def pending_forget(request) -> None:
    request.session.pop(PENDING_SESSION_KEY, None)


def _identity_create(*, user: User, identity: Identity) -> ExternalIdentity:
    """The link itself. The codice fiscale is unique over the identities: a second identity
    of the same account (CIE after SPID, when the gateway gives each its own subject) stores
    none, the account holding it already."""
    already = ExternalIdentity.objects.filter(fiscal_code=identity.fiscal_code).first()
    if already is not None and already.user_id != user.pk:
        raise IdentityRefused("fiscal_code_taken")
    try:
        with transaction.atomic():
            return ExternalIdentity.objects.create(
                user=user,
                issuer=identity.issuer,
                subject=identity.subject,
                fiscal_code=None if already is not None else identity.fiscal_code,
                method=identity.method,
                linked_at=timezone.now(),
                last_used_at=timezone.now(),
            )
    except IntegrityError as error:
        # The same identity or code linked by a request running alongside this one.
        raise IdentityRefused("fiscal_code_taken") from error


def identity_link(*, user: User, identity: Identity) -> ExternalIdentity:
    """Links ``identity`` to ``user`` once the person confirmed that it is their account
    (rule b). The match is made again, so what the page showed is still true."""
    with transaction.atomic():
        kind, matched = identity_match(identity)
        if kind != LINK or matched is None or matched.pk != user.pk:
            raise IdentityRefused("fiscal_code_taken")
        link = _identity_create(user=user, identity=identity)
        audit_log(
            actor=user,
            action=kinds.ACCOUNT_IDENTITY_LINKED,
            target=user,
            data={"method": identity.method, "issuer": identity.issuer, "via": "confirmation"},
        )
    return link


def identity_register(
    *, identity: Identity, display_name: str, preferred_language: str, privacy_consent: bool
) -> User:
    """Opens an account for ``identity`` (rule c) once the person chose how to be called and
    accepted the privacy notice. It is active at once and has no password: the person signs
    in with SPID or CIE (or asks for a password with the reset link)."""
    if privacy_consent is not True:
        raise ValidationError(
            {
                "privacy_consent": ValidationError(
                    _("To create an account, please accept the privacy notice."),
                    code="required",
                )
            }
        )
    display_name = (display_name or "").strip()
    if not display_name:
        raise ValidationError(
            {"display_name": ValidationError(_("Tell us how to call you."), code="required")}
        )
    if preferred_language not in dict(settings.LANGUAGES):
        preferred_language = settings.LANGUAGE_CODE
    email = normalise_email(identity.email) if identity.email else None
    if email and User.objects.filter(email__iexact=email).exists():
        # Another account (one never confirmed: a confirmed one would have been offered for
        # a link) has the address; the new account goes without it rather than take it over.
        email = None
    now = timezone.now()
    with transaction.atomic():
        kind, _matched = identity_match(identity)
        if kind != NEW:
            raise IdentityRefused("fiscal_code_taken")
        user = User(
            email=email,
            display_name=display_name[:60],
            nickname=unique_nickname(display_name),
            first_name=identity.given_name,
            last_name=identity.family_name,
            preferred_language=preferred_language,
            is_active=True,
            # The gateway verified the address (SPID and CIE identity providers deliver only
            # verified contacts), so it counts as confirmed, with no link to open.
            email_confirmed_at=now if email else None,
        )
        user.set_unusable_password()
        user.clean_fields(exclude=["password"])
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as error:
            raise IdentityRefused("email_taken") from error
        privacy_consent_record(user=user, now=now)
        _identity_create(user=user, identity=identity)
        audit_log(
            actor=user,
            action=kinds.ACCOUNT_REGISTERED,
            target=user,
            data={"language": preferred_language, "via": identity.method or "oidc"},
        )
        audit_log(
            actor=user,
            action=kinds.ACCOUNT_IDENTITY_LINKED,
            target=user,
            data={"method": identity.method, "issuer": identity.issuer, "via": "registration"},
        )
    return user
