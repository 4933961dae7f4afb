"""The pages of the SPID/CIE sign-in: the start (to the gateway), the callback (back from it),
the confirmation of a link to an existing account, the new account, and the error pages.
Nothing of them answers with a 500: a gateway that does not answer, an answer that does not
check out and an identity that cannot sign in each have their page."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import auth, messages
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from cms_templates.navigation import content_page_url
from wemi_community.core.forms import add_service_errors

from . import identities, redirects
from .forms import OidcRegisterForm
from .oidc import (
    METHOD_SESSION_KEY,
    METHODS,
    GatewayUnavailable,
    IdentityPending,
    IdentityRefused,
    oidc_enabled,
    oidc_setting,
)

logger = logging.getLogger(__name__)

BACKEND = "wemi_community.accounts.oidc.OidcBackend"

# Each refusal's page: its title and what to do.
REFUSALS = {
    "invalid": (
        gettext_lazy("The sign-in with SPID or CIE did not succeed"),
        gettext_lazy(
            "The answer of the SPID/CIE service could not be verified, or the sign-in had "
            "already been used or had expired. Nothing was changed. Start again from the "
            "sign-in page."
        ),
    ),
    "no_fiscal_code": (
        gettext_lazy("The codice fiscale is missing"),
        gettext_lazy(
            "The SPID/CIE service did not send your codice fiscale, which we need to know "
            "who you are. Try again, accepting to share it, or sign in with e-mail and "
            "password."
        ),
    ),
    "invalid_fiscal_code": (
        gettext_lazy("The codice fiscale is not valid"),
        gettext_lazy(
            "The codice fiscale sent by the SPID/CIE service is not valid. Sign in with "
            "e-mail and password, or ask a WeMi space for help."
        ),
    ),
    "fiscal_code_taken": (
        gettext_lazy("This codice fiscale belongs to another account"),
        gettext_lazy(
            "Your codice fiscale is already linked to another WeMi Community account, so we "
            "linked nothing. If that account is yours, sign in to it with e-mail and "
            "password; otherwise ask a WeMi space for help."
        ),
    ),
    "email_taken": (
        gettext_lazy("This e-mail address belongs to another account"),
        gettext_lazy(
            "The e-mail address of your digital identity is used by an account registered "
            "with another codice fiscale, so we linked nothing. Sign in with e-mail and "
            "password, or ask a WeMi space for help."
        ),
    ),
    "account_closed": (
        gettext_lazy("This account cannot sign in"),
        gettext_lazy(
            "The account of this identity has been deleted or blocked. Contact a WeMi "
            "space for help."
        ),
    ),
    "expired": (
        gettext_lazy("The sign-in with SPID or CIE has expired"),
        gettext_lazy("Too much time has passed. Start again from the sign-in page."),
    ),
}
STATUS = {"invalid": 400, "expired": 400, "account_closed": 403}


def refusal_page(request, reason: str):
    title, text = REFUSALS.get(reason, REFUSALS["invalid"])
    return render(
        request,
        "accounts/oidc_error.html",
        {"title": title, "text": text},
        status=STATUS.get(reason, 409),
    )


def unavailable_page(request):
    return render(request, "accounts/oidc_unavailable.html", status=503)


class OidcEnabledMixin:
    def dispatch(self, request, *args, **kwargs):
        if not oidc_enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class OidcStartView(OidcEnabledMixin, OIDCAuthenticationRequestView):
    """``/account/spid/entra/`` and ``/account/cie/entra/``: to the gateway, with the identity
    the person chose as ``OIDC_METHOD_PARAM``."""

    method = "spid"

    def __init__(self, *args, **kwargs):
        # The parent reads the endpoints here; they come from discovery, at the request.
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    @staticmethod
    def get_settings(attr, *args):
        return oidc_setting(attr, *args)

    OIDC_OP_AUTH_ENDPOINT = property(
        lambda self: self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
    )
    OIDC_RP_CLIENT_ID = property(lambda self: self.get_settings("OIDC_RP_CLIENT_ID"))

    def get(self, request):
        if request.user.is_authenticated:
            return redirect(redirects.next_from(request) or "accounts:profile")
        request.session[METHOD_SESSION_KEY] = self.method
        identities.pending_forget(request)
        params_language = translation.get_language()
        try:
            # The redirect URI registered at the gateway is the Italian (unprefixed) one.
            with translation.override(settings.LANGUAGE_CODE):
                self.language = params_language
                return super().get(request)
        except GatewayUnavailable:
            return unavailable_page(request)

    def get_extra_params(self, request):
        param = settings.OIDC_METHOD_PARAM
        value = settings.OIDC_METHOD_VALUES.get(self.method) if self.method in METHODS else ""
        params = {"ui_locales": getattr(self, "language", settings.LANGUAGE_CODE)}
        if param and value:
            params[param] = value
        return params


class OidcCallbackView(OidcEnabledMixin, OIDCAuthenticationCallbackView):
    """``/account/spid/ritorno/``: back from the gateway. mozilla-django-oidc checks the state
    (used once), exchanges the code with the PKCE verifier and verifies the id_token; the
    backend decides what the identity signs in to."""

    @staticmethod
    def get_settings(attr, *args):
        return oidc_setting(attr, *args)

    def get(self, request):
        if request.GET.get("error"):
            # The person cancelled at the gateway, or it refused: the library forgets the state.
            super().get(request)
            messages.warning(
                request,
                _("The sign-in with SPID or CIE was cancelled. You can try again."),
            )
            return redirect("accounts:login")
        try:
            return super().get(request)
        except GatewayUnavailable:
            return unavailable_page(request)
        except SuspiciousOperation as error:
            # A forged or expired id_token, a wrong nonce, a state used twice or unknown.
            logger.warning("SPID/CIE callback refused: %s", error)
            return refusal_page(request, "invalid")
        except IdentityRefused as refusal:
            return refusal_page(request, refusal.reason)
        except IdentityPending as pending:
            if str(pending) == identities.LINK:
                return redirect("accounts:oidc_link")
            return redirect("accounts:oidc_register")

    def login_failure(self):
        return refusal_page(self.request, "invalid")

    def login_success(self):
        response = super().login_success()
        translation.activate(self.user.preferred_language)
        return response


def _after_sign_in(request, user):
    """Signs ``user`` in (the session remembers the SPID/CIE backend) and forgets the
    pending identity."""
    next_url = redirects.safe_next(request, request.session.get("oidc_login_next"))
    identities.pending_forget(request)
    auth.login(request, user, backend=BACKEND)
    translation.activate(user.preferred_language)
    return next_url


class PendingMixin(OidcEnabledMixin):
    """A page that confirms what the callback left in the session (of ``kind``)."""

    kind = ""

    def dispatch(self, request, *args, **kwargs):
        if not oidc_enabled():
            raise Http404
        pending = identities.pending_of(request)
        if pending is None or pending[0] != self.kind:
            return refusal_page(request, "expired")
        self.pending_kind, self.identity, self.account = pending
        return super(OidcEnabledMixin, self).dispatch(request, *args, **kwargs)


class OidcLinkView(PendingMixin, TemplateView):
    """Rule (b): "We found an account of yours": linked only when the person confirms."""

    template_name = "accounts/oidc_link.html"
    kind = identities.LINK

    def get_context_data(self, **kwargs):
        account = self.account
        return {
            **super().get_context_data(**kwargs),
            "account": account,
            "identity": self.identity,
            "masked_email": mask_email(account.email) if account and account.email else "",
        }

    def post(self, request, *args, **kwargs):
        if self.account is None:
            return refusal_page(request, "expired")
        try:
            identities.identity_link(user=self.account, identity=self.identity)
        except IdentityRefused as refusal:
            identities.pending_forget(request)
            return refusal_page(request, refusal.reason)
        next_url = _after_sign_in(request, self.account)
        messages.success(
            request,
            _("Your digital identity is linked: next time, sign in with SPID or CIE."),
        )
        return redirect(next_url or "accounts:profile")


class OidcRegisterView(PendingMixin, FormView):
    """Rule (c): a new account, names and e-mail from the identity; the person chooses how to
    be called and accepts the privacy notice."""

    template_name = "accounts/oidc_register.html"
    form_class = OidcRegisterForm
    kind = identities.NEW

    def get_initial(self):
        return {"display_name": self.identity.given_name[:60]}

    def get_form_kwargs(self):
        privacy_url = content_page_url(self.request, "privacy")
        return {**super().get_form_kwargs(), "privacy_url": privacy_url}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "identity": self.identity}

    def form_valid(self, form):
        try:
            user = identities.identity_register(
                identity=self.identity,
                display_name=form.cleaned_data["display_name"],
                preferred_language=translation.get_language(),
                privacy_consent=form.cleaned_data["privacy_consent"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        except IdentityRefused as refusal:
            identities.pending_forget(self.request)
            return refusal_page(self.request, refusal.reason)
        _after_sign_in(self.request, user)
        messages.success(
            self.request,
            _(
                "Welcome to WeMi Community, %(name)s! Your account is ready: add your "
                "Municipio, neighbourhood and household below when you have a moment."
            )
            % {"name": user.display_name},
        )
        return redirect("accounts:profile")


def mask_email(email: str) -> str:
    """ "anna.rossi@esempio.it" → "a•••@esempio.it": enough to recognise one's own address."""
    local, _sep, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"
