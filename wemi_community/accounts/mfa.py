"""The second factor (two-step verification): a TOTP authenticator app, with ten one-time
recovery codes for when the phone is not at hand (django-otp's TOTP and static devices).

Who must use one is ``permissions.needs_second_factor``; anyone else may enable it. A person
with a confirmed app is asked a code after the password in every new session, whoever they
are; a person who needs one and has none is sent to set it up. ``pending_step`` says which,
and ``middleware.SecondFactorMiddleware`` sends them there before any other page.

What a session knows is kept in the session itself (``STATE_KEY``), computed at sign-in, so
an ordinary page costs no query for it: the services below update it when the person
enables or disables the factor; a role granted during a session is noticed within
``RECHECK_SECONDS``.

Wrong codes are counted per account through core/ratelimits (``"second_factor"``): when they
reach the limit, the account's second step is locked for the rest of the window, as
django-axes locks the password. django-otp's own throttling (growing delays) is off
(``OTP_*_THROTTLE_FACTOR = 0``): a right code refused for a delay reads as a wrong one.

Services own the writes; views and the demo call them."""

from __future__ import annotations

import re
import time
from base64 import b32decode, b32encode
from binascii import hexlify, unhexlify

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from wemi_community.core.audit import audit_log

from . import kinds
from .permissions import can_disable_second_factor, can_enable_second_factor, needs_second_factor

APP_DEVICE_NAME = "app"
RECOVERY_DEVICE_NAME = "recovery"
RECOVERY_CODE_COUNT = 10
ISSUER = "WeMi Community"

VERIFY = "verify"
ENROL = "enrol"

STATE_KEY = "accounts_second_factor"
# The secret of an app being set up, until its first code confirms it.
SETUP_KEY = "accounts_second_factor_setup"
# New recovery codes, shown once on the next page.
NEW_CODES_KEY = "accounts_recovery_codes"
RECHECK_SECONDS = 300

TOTP_CODE = re.compile(r"^[0-9]{6}$")
RECOVERY_CODE = re.compile(r"^[a-z2-7]{8}$")
# The longest thing worth reading as a code (spaces and dashes included).
CODE_MAX_LENGTH = 20


class SecondFactorError(ValidationError):
    pass


# --- Reads --------------------------------------------------------------------------------


def app_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def normalise_code(code: str) -> str:
    """What people type, as stored: no spaces or dashes, lower case."""
    return re.sub(r"[\s-]", "", code or "").lower()


def is_well_formed(code: str) -> bool:
    code = normalise_code(code)
    return bool(TOTP_CODE.match(code) or RECOVERY_CODE.match(code))


# --- The secret of a new app ----------------------------------------------------------------


def new_secret() -> str:
    """A new random key, in hex as django-otp stores it."""
    return default_key()


def secret_base32(key_hex: str) -> str:
    """The key as authenticator apps read it (RFC 4648 base32, no padding)."""
    return b32encode(unhexlify(key_hex)).decode("ascii").rstrip("=")


def key_from_base32(secret: str) -> str:
    padded = secret.upper() + "=" * (-len(secret) % 8)
    return hexlify(b32decode(padded)).decode("ascii")


def grouped(secret: str) -> str:
    """ "ABCDEFGH…" as "ABCD EFGH …", easier to type."""
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def otpauth_uri(user, key_hex: str) -> str:
    """The otpauth:// address an authenticator app reads (from the QR code)."""
    return TOTPDevice(user=user, key=key_hex).config_url


def qr_svg(uri: str) -> str:
    """The QR code of ``uri`` as inline SVG (no script, no external image: the CSP allows
    it). Made here from our own data, not from anything a person typed."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, border=2, title=str(_("QR code for your authenticator app"))
    )
    return mark_safe(svg)  # noqa: S308 - generated from the secret and the e-mail address


def _matches(key_hex: str, code: str) -> bool:
    code = normalise_code(code)
    if not TOTP_CODE.match(code):
        return False
    totp = TOTP(unhexlify(key_hex), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    return totp.verify(int(code), tolerance=1)


def current_code(key_hex: str, *, at: float | None = None) -> str:
    """The code an app shows now (the demo's instructions and the tests use it)."""
    totp = TOTP(unhexlify(key_hex), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


# --- Writes ---------------------------------------------------------------------------------


def _new_recovery_codes(user) -> list[str]:
    # The same device, new tokens: a session verified with a recovery code stays verified.
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def second_factor_enable(*, user, key_hex: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirms a new authenticator app with its first code; returns the app's device and
    ten new recovery codes (shown once)."""
    if not can_enable_second_factor(user):
        raise PermissionDenied
    if has_second_factor(user):
        raise SecondFactorError(
            _("Two-step verification is already on for this account."), code="already_on"
        )
    if not _matches(key_hex, code):
        raise SecondFactorError(
            {
                "code": ValidationError(
                    _(
                        "The code is not correct. Type the 6 digits your app shows now for "
                        "WeMi Community."
                    ),
                    code="wrong_code",
                )
            }
        )
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice(user=user, name=APP_DEVICE_NAME, key=key_hex, confirmed=True)
    # The code just typed cannot be typed again.
    device.last_t = int(time.time()) // device.step
    device.save()
    codes = _new_recovery_codes(user)
    audit_log(actor=user, action=kinds.SECOND_FACTOR_ENABLED, target=user)
    return device, codes


@transaction.atomic
def recovery_codes_regenerate(*, user) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    if not has_second_factor(user):
        raise SecondFactorError(_("Two-step verification is off for this account."))
    codes = _new_recovery_codes(user)
    audit_log(actor=user, action=kinds.RECOVERY_CODES_REGENERATED, target=user)
    return codes


@transaction.atomic
def second_factor_disable(*, actor, user) -> None:
    """Removes the app and the recovery codes. Only for those who may go without."""
    if actor.pk != user.pk or not can_disable_second_factor(user):
        raise PermissionDenied
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_log(actor=actor, action=kinds.SECOND_FACTOR_DISABLED, target=user)


@transaction.atomic
def second_factor_check(*, user, code: str):
    """The device that accepts ``code`` (the app's 6 digits, or a recovery code, which is
    then used up), else None. Malformed codes are simply wrong."""
    code = normalise_code(code)
    if TOTP_CODE.match(code):
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is not None and device.verify_token(code):
            return device
        return None
    if RECOVERY_CODE.match(code):
        device = StaticDevice.objects.select_for_update().filter(user=user).first()
        if device is not None and has_second_factor(user) and device.verify_token(code):
            audit_log(
                actor=user,
                action=kinds.RECOVERY_CODE_USED,
                target=user,
                data={"left": device.token_set.count()},
            )
            return device
    return None


def second_factor_locked(*, user) -> None:
    audit_log(actor=user, action=kinds.SECOND_FACTOR_LOCKED, target=user)


# --- What this session still has to do ------------------------------------------------------


def _state_for(user) -> dict:
    return {
        "user": user.pk,
        "device": has_second_factor(user),
        "needs": needs_second_factor(user),
        "required": bool(settings.STAFF_MFA_REQUIRED),
        "at": int(time.time()),
    }


def remember_state(request, user) -> dict:
    state = _state_for(user)
    request.session[STATE_KEY] = state
    return state


def is_verified(user) -> bool:
    return bool(getattr(user, "is_verified", None) and user.is_verified())


def _is_current(state, user) -> bool:
    if (
        not isinstance(state, dict)
        or state.get("user") != user.pk
        or state.get("required") != bool(settings.STAFF_MFA_REQUIRED)
    ):
        return False
    # A role granted since: noticed within minutes, not at the next sign-in.
    return not (
        settings.STAFF_MFA_REQUIRED
        and not state["device"]
        and not state["needs"]
        and time.time() - state.get("at", 0) > RECHECK_SECONDS
    )


def _step_of(state) -> str | None:
    if state["device"]:
        return VERIFY
    if state["needs"]:
        return ENROL
    return None


def pending_step(request) -> str | None:
    """VERIFY (a confirmed app, no code typed yet this session), ENROL (needs one, has
    none), or None. Read on every request: no query once the session knows."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if DEVICE_ID_SESSION_KEY in request.session and is_verified(user):
        return None
    state = request.session.get(STATE_KEY)
    if not _is_current(state, user):
        state = remember_state(request, user)
    return _step_of(state)


def pending_step_of_session(session, user) -> str | None:
    """The same for a websocket's scope (its session is read, not written)."""
    if user is None or not user.is_authenticated:
        return None
    persistent_id = session.get(DEVICE_ID_SESSION_KEY)
    if persistent_id:
        device = Device.from_persistent_id(persistent_id)
        if device is not None and device.user_id == user.pk and device.confirmed:
            return None
    state = session.get(STATE_KEY)
    if not _is_current(state, user):
        state = _state_for(user)
    return _step_of(state)


def verified(request, device) -> None:
    """This session has typed a right code (or just set the app up): a new session key for
    the session's new powers, as at the password."""
    request.session.cycle_key()
    otp_login(request, device)
    remember_state(request, request.user)


def on_sign_in(sender, request, user, **kwargs) -> None:
    """user_logged_in: a new session starts from what the account has now."""
    if request is not None and hasattr(request, "session"):
        remember_state(request, user)
