"""Sign-in with SPID and CIE through the City's OpenID Connect gateway, with
mozilla-django-oidc doing the protocol (state, nonce, PKCE, the code exchange, RS256 through
the gateway's keys). What is ours: the endpoints come from the gateway's discovery document
(fetched at first use, then cached), the backend does nothing while ``OIDC_ISSUER`` is unset,
and the claims become an ``Identity`` that ``identities`` matches to an account.

Nothing here runs for a password sign-in: Django builds every backend for each
``authenticate`` call, so this backend reads its settings only when a callback asks it to."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict, dataclass

import requests
from codicefiscale import codicefiscale
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.utils import translation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

logger = logging.getLogger(__name__)

# The claim of the codice fiscale in the SPID/CIE OpenID Connect profiles, and the short name
# some gateways use.
FISCAL_NUMBER_CLAIMS = ("https://attributes.eid.gov.it/fiscal_number", "fiscal_number")
METHODS = ("spid", "cie")

# mozilla-django-oidc's settings that come from the discovery document.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
REQUIRED_DISCOVERED = ("authorization_endpoint", "token_endpoint", "jwks_uri")
# mozilla-django-oidc's names for our settings.
RENAMED = {
    "OIDC_RP_CLIENT_ID": "OIDC_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET": "OIDC_CLIENT_SECRET",
    "OIDC_RP_SCOPES": "OIDC_SCOPES",
}
# Fixed choices: the gateways sign with RS256, the callback has our name, and no account is
# ever made by the library (``identities`` decides, after the person confirms).
FIXED = {
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_AUTHENTICATION_CALLBACK_URL": "accounts:oidc_callback",
    "OIDC_CREATE_USER": False,
    "OIDC_STORE_ACCESS_TOKEN": False,
    "OIDC_STORE_ID_TOKEN": False,
    "OIDC_USE_NONCE": True,
    "OIDC_VERIFY_KID": True,
    "OIDC_ALLOW_UNSECURED_JWT": False,
}


class GatewayUnavailable(Exception):
    """The gateway did not answer (refused, timed out, a server error or no JSON)."""


class IdentityRefused(Exception):
    """The gateway answered, but this identity cannot sign in here. ``reason`` picks the page:
    ``no_fiscal_code``, ``invalid_fiscal_code``, ``fiscal_code_taken``, ``email_taken``,
    ``account_closed``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class IdentityPending(Exception):
    """The identity matched no linked account: ``identities`` stored what the gateway said in
    the session, and the person is to confirm a link or the new account."""


def oidc_enabled() -> bool:
    return bool(settings.OIDC_ISSUER)


def _issuer() -> str:
    return settings.OIDC_ISSUER.rstrip("/")


def discovery() -> dict:
    """The gateway's ``/.well-known/openid-configuration``, fetched once and kept in the cache
    for ``OIDC_DISCOVERY_CACHE_SECONDS``. A gateway that does not answer raises
    ``GatewayUnavailable`` (and nothing is cached, so the next click tries again)."""
    if not oidc_enabled():
        raise ImproperlyConfigured("OIDC_ISSUER is not set.")
    issuer = _issuer()
    key = "accounts:oidc:discovery:" + hashlib.sha256(issuer.encode()).hexdigest()[:32]
    document = cache.get(key)
    if document is not None:
        return document
    url = issuer + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        logger.warning("OpenID Connect discovery at %s failed: %s", url, error)
        raise GatewayUnavailable(str(error)) from error
    if not isinstance(document, dict) or any(not document.get(k) for k in REQUIRED_DISCOVERED):
        logger.warning("OpenID Connect discovery at %s lacks the endpoints", url)
        raise GatewayUnavailable("incomplete discovery document")
    if str(document.get("issuer", "")).rstrip("/") != issuer:
        # OpenID Connect Discovery 1.0, 4.3: the document must name the issuer it was asked of.
        logger.warning("OpenID Connect discovery at %s names another issuer", url)
        raise GatewayUnavailable("issuer mismatch")
    cache.set(key, document, settings.OIDC_DISCOVERY_CACHE_SECONDS)
    return document


def oidc_setting(attr: str, *default):
    """What mozilla-django-oidc asks for, from the discovery document, our settings or the
    fixed choices above; anything else from Django's settings as the library would."""
    if attr in DISCOVERED:
        value = discovery().get(DISCOVERED[attr])
        if value is None and default:
            return default[0]
        return value
    if attr in FIXED:
        return FIXED[attr]
    if attr in RENAMED:
        return getattr(settings, RENAMED[attr])
    if attr == "OIDC_USE_PKCE":
        methods = discovery().get("code_challenge_methods_supported")
        return settings.OIDC_USE_PKCE and (methods is None or "S256" in methods)
    if attr == "OIDC_PKCE_CODE_CHALLENGE_METHOD":
        return "S256"
    if attr == "OIDC_TIMEOUT":
        return settings.OIDC_TIMEOUT
    return import_from_settings(attr, *default)


@dataclass(frozen=True)
class Identity:
    """What the gateway asserted about the person, checked."""

    issuer: str
    subject: str
    fiscal_code: str
    given_name: str
    family_name: str
    email: str
    method: str

    def as_session(self) -> dict:
        return asdict(self)

    @classmethod
    def from_session(cls, data: dict) -> Identity:
        return cls(**{name: str(data.get(name) or "") for name in cls.__dataclass_fields__})


def fiscal_code_from_claims(claims: dict) -> str:
    """The codice fiscale of the claims, as the SPID/CIE profiles write it ("TINIT-…") or bare;
    in capitals, its check character verified."""
    raw = next((claims[name] for name in FISCAL_NUMBER_CLAIMS if claims.get(name)), "")
    code = "".join(str(raw).split()).upper()
    code = code.removeprefix("TINIT-")
    if not code:
        raise IdentityRefused("no_fiscal_code")
    if len(code) != 16 or not codicefiscale.is_valid(code):
        raise IdentityRefused("invalid_fiscal_code")
    return code


def identity_from_claims(claims: dict, *, method: str) -> Identity:
    email = str(claims.get("email") or "").strip().lower()
    return Identity(
        issuer=_issuer(),
        subject=str(claims.get("sub") or ""),
        fiscal_code=fiscal_code_from_claims(claims),
        given_name=str(claims.get("given_name") or "").strip()[:150],
        family_name=str(claims.get("family_name") or "").strip()[:150],
        email=email if len(email) <= 254 else "",
        method=method if method in METHODS else "",
    )


# Where the start view leaves the method the person chose, for the callback.
METHOD_SESSION_KEY = "accounts_oidc_method"


class OidcBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with its settings read lazily (from discovery), inert
    while OIDC is off or for any ``authenticate`` call that is not the callback's."""

    def __init__(self, *args, **kwargs):
        # The parent reads every setting here; ours are read when a callback needs them.
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()

    @staticmethod
    def get_settings(attr, *args):
        return oidc_setting(attr, *args)

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: self.get_settings("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: self.get_settings("OIDC_OP_USER_ENDPOINT", None))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: self.get_settings("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: self.get_settings("OIDC_RP_CLIENT_ID"))
    OIDC_RP_CLIENT_SECRET = property(lambda self: self.get_settings("OIDC_RP_CLIENT_SECRET"))
    OIDC_RP_SIGN_ALGO = property(lambda self: self.get_settings("OIDC_RP_SIGN_ALGO"))
    OIDC_RP_IDP_SIGN_KEY = None

    def get_user(self, user_id):
        # As Django's backend: an account blocked or deleted since is signed out.
        user = ModelBackend.get_user(self, user_id)
        if user is None or user.deleted_at is not None:
            return None
        return user

    def authenticate(self, request, **kwargs):
        # Only the callback passes a nonce; a password sign-in never reaches the gateway.
        if not oidc_enabled() or request is None or "nonce" not in kwargs:
            return None
        if "username" in kwargs or "password" in kwargs:
            return None
        # The redirect URI registered at the gateway is the Italian (unprefixed) one.
        with translation.override(settings.LANGUAGE_CODE):
            return super().authenticate(request, **kwargs)

    def get_token(self, payload):
        try:
            return super().get_token(payload)
        except requests.HTTPError as error:
            status = error.response.status_code if error.response is not None else 500
            if status >= 500:
                raise GatewayUnavailable(str(error)) from error
            # A code used twice, expired or not ours: the gateway refused the exchange.
            raise SuspiciousOperation(f"Token request refused ({status})") from error
        except (requests.RequestException, ValueError) as error:
            raise GatewayUnavailable(str(error)) from error

    def retrieve_matching_jwk(self, token):
        try:
            return super().retrieve_matching_jwk(token)
        except (requests.RequestException, ValueError) as error:
            raise GatewayUnavailable(str(error)) from error

    def verify_token(self, token, **kwargs):
        """The library checks the signature against the gateway's keys, the algorithm, the
        expiry and the nonce; this adds the issuer and the audience, which it leaves out."""
        import jwt

        if not token:
            raise SuspiciousOperation("No id_token in the token response.")
        try:
            payload = super().verify_token(token, **kwargs)
        except (jwt.PyJWTError, KeyError, TypeError) as error:
            raise SuspiciousOperation(f"Invalid id_token: {error}") from error
        if str(payload.get("iss", "")).rstrip("/") != _issuer():
            raise SuspiciousOperation("The id_token names another issuer.")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The id_token is not for this client.")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The id_token's claims, completed by the userinfo endpoint's when there is one."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT and access_token:
            try:
                info = super().get_userinfo(access_token, id_token, payload)
            except requests.HTTPError as error:
                raise GatewayUnavailable(str(error)) from error
            except (requests.RequestException, ValueError) as error:
                raise GatewayUnavailable(str(error)) from error
            if str(info.get("sub", "")) != str(payload.get("sub", "")):
                raise SuspiciousOperation("The userinfo is of another subject.")
            claims.update(info)
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        # Imported here: identities loads models.
        from . import identities

        claims = self.get_userinfo(access_token, id_token, payload)
        if not claims.get("sub"):
            raise SuspiciousOperation("No subject in the claims.")
        method = self.request.session.get(METHOD_SESSION_KEY, "")
        identity = identity_from_claims(claims, method=method)
        return identities.identity_sign_in(request=self.request, identity=identity)
