"""E-mails about the account. Tasks take primary keys and re-read the state, so a task that
runs late, twice or after the account is gone does the right thing (usually: nothing). The
confirmation and reset e-mails claim their ``AccountEmail`` request before sending
(``core.claims``): a retried or duplicated task mails nothing twice."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.timesince import timeuntil

from cms_templates.links import site_url
from wemi_community.core import claims, schedules

from . import data_rights
from .models import AccountEmail, User
from .tokens import email_confirmation_token

logger = logging.getLogger(__name__)

SCHEDULES = (
    schedules.Periodic(
        name="accounts.expire_data_exports",
        func="wemi_community.accounts.tasks.expire_data_exports",
        schedule_type=schedules.HOURLY,
        first_run=schedules.hourly_at(45),
    ),
    schedules.Periodic(
        name="accounts.retention",
        func="wemi_community.accounts.tasks.retention",
        schedule_type=schedules.DAILY,
        first_run=schedules.daily_at(lambda: 2),
    ),
    schedules.Periodic(
        name="accounts.clear_expired_sessions",
        func="wemi_community.accounts.tasks.clear_expired_sessions",
        schedule_type=schedules.DAILY,
        first_run=schedules.daily_at(lambda: 5),
    ),
)


def expire_data_exports() -> int:
    """Deletes the copies of personal data past their expiry (``data_rights``)."""
    return data_rights.data_exports_expire()


def _language(language: str | None, user: User) -> str:
    available = dict(settings.LANGUAGES)
    for candidate in (language, user.preferred_language, settings.LANGUAGE_CODE):
        if candidate in available:
            return candidate
    return settings.LANGUAGE_CODE


def _absolute(url_name: str, **kwargs) -> str:
    # SITE_URL, not the request's Host header: tasks have no request, and a forged Host
    # must never end up in a link we mail.
    return site_url(reverse(url_name, kwargs=kwargs))


def validity_text(seconds: int) -> str:
    """A duration in words, in the active language: "3 days", "3 giorni"."""
    now = timezone.now()
    return timeuntil(now + timedelta(seconds=seconds), now)


def _message(*, template: str, context: dict, to: str) -> EmailMultiAlternatives:
    context = {"site_name": settings.WAGTAIL_SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
    # A header must be one line, whatever the template looks like.
    subject = " ".join(subject.split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"accounts/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    message.attach_alternative(
        render_to_string(f"accounts/email/{template}.html", context), "text/html"
    )
    return message


def _send(*, template: str, context: dict, to: str) -> None:
    _message(template=template, context=context, to=to).send()


def _request(email_id: int | None, user_id: int, kind: str) -> AccountEmail | None:
    """The request this task answers, unless it is already sent, or gone with its account."""
    if email_id is None:
        return None
    request = AccountEmail.objects.filter(pk=email_id, user_id=user_id, kind=kind).first()
    if request is None or request.sent_at is not None:
        logger.info("No %s e-mail for request %s: sent already, or gone", kind, email_id)
        return None
    return request


def _deliver(email_id: int | None, message: EmailMultiAlternatives) -> bool:
    """Claims the request, sends, marks it sent. Returns whether this run sent it."""
    if email_id is None:
        # Queued before requests had an identity (an upgrade with tasks waiting): nothing to
        # claim, so it goes as it always did.
        message.send()
        return True
    now = timezone.now()
    if not claims.claim(AccountEmail.objects.filter(pk=email_id), now=now):
        logger.info("Account e-mail %s: another run has it", email_id)
        return False
    try:
        message.send()
    except Exception:
        # Not sent: the claim goes back, so the queue's retry sends it.
        AccountEmail.objects.filter(pk=email_id, claimed_at=now, sent_at__isnull=True).update(
            claimed_at=None
        )
        raise
    AccountEmail.objects.filter(pk=email_id).update(sent_at=timezone.now())
    return True


def send_confirmation_email(user_id: int, language: str, email_id: int | None = None) -> bool:
    """Mails the link that confirms the address, once per request ``email_id`` (an
    ``AccountEmail``). Returns whether this run sent an e-mail."""
    if email_id is not None and not _request(email_id, user_id, AccountEmail.Kind.CONFIRMATION):
        return False
    user = User.objects.filter(pk=user_id).first()
    if user is None or user.email_confirmed_at is not None or not user.email:
        logger.info("No confirmation e-mail for user %s: gone or already confirmed", user_id)
        return False
    with translation.override(_language(language, user)):
        link = _absolute(
            "accounts:confirm_email",
            uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
            token=email_confirmation_token.make_token(user),
        )
        # Built before the claim: a broken template leaves the request unclaimed, not lost.
        message = _message(
            template="confirmation",
            context={
                "user": user,
                "link": link,
                "validity": validity_text(settings.ACCOUNT_CONFIRMATION_TIMEOUT),
                "resend_url": _absolute("accounts:confirmation_resend"),
            },
            to=user.email,
        )
    return _deliver(email_id, message)


def send_password_reset_email(user_id: int, language: str, email_id: int | None = None) -> bool:
    """Mails a password-reset link to an active account, once per request ``email_id`` (an
    ``AccountEmail``). Returns whether this run sent an e-mail."""
    if email_id is not None and not _request(email_id, user_id, AccountEmail.Kind.PASSWORD_RESET):
        return False
    user = User.objects.filter(pk=user_id).first()
    if user is None or not user.is_active or not user.email or not user.has_usable_password():
        logger.info("No password-reset e-mail for user %s: gone or inactive", user_id)
        return False
    with translation.override(_language(language, user)):
        link = _absolute(
            "accounts:password_reset_confirm",
            uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
            token=default_token_generator.make_token(user),
        )
        message = _message(
            template="password_reset",
            context={
                "user": user,
                "link": link,
                "validity": validity_text(settings.PASSWORD_RESET_TIMEOUT),
                "reset_url": _absolute("accounts:password_reset"),
            },
            to=user.email,
        )
    return _deliver(email_id, message)


# --- Retention ---------------------------------------------------------------------------------


def retention() -> dict:
    """Daily: warns the accounts whose inactivity nears its limit, deletes those past it."""
    from . import retention as rules

    now = timezone.now()
    done = {"warned": rules.warnings_send(now=now), "deleted": rules.inactive_delete(now=now)}
    logger.info("accounts.retention: %s", done)
    return done


def clear_expired_sessions() -> None:
    """Daily: what ``manage.py clearsessions`` does, for the configured session store."""
    from importlib import import_module

    engine = import_module(settings.SESSION_ENGINE)
    try:
        engine.SessionStore.clear_expired()
    except NotImplementedError:  # a store that expires its sessions itself (cache)
        logger.info("accounts.clear_expired_sessions: the store expires sessions itself")
