"""The pages of the second factor: the code after the password, setting up an authenticator
app, the recovery codes, and the account's security page (see mfa.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render, resolve_url
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from django_otp.plugins.otp_static.models import StaticDevice

from wemi_community.core import ratelimits
from wemi_community.core.forms import add_service_errors

from . import mfa, redirects
from .forms import SecondFactorCodeForm
from .permissions import can_disable_second_factor, needs_second_factor

LIMIT = "second_factor"


def account_key(group, request) -> str:
    """Wrong codes count against the account, from whatever address they come."""
    return f"account:{request.user.pk}"


def next_or_home(request) -> str:
    return redirects.next_from(request) or resolve_url(settings.LOGIN_REDIRECT_URL)


def locked_page(request, retry_after: int):
    minutes = -(-retry_after // 60)
    response = render(
        request, "accounts/second_factor_locked.html", {"minutes": minutes}, status=429
    )
    response["Retry-After"] = str(retry_after)
    return response


@method_decorator(never_cache, name="dispatch")
class SecondFactorVerifyView(LoginRequiredMixin, FormView):
    """After the password: a code of the app, or a recovery code."""

    template_name = "accounts/second_factor_verify.html"
    form_class = SecondFactorCodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and mfa.pending_step(request) != mfa.VERIFY:
            return redirect(next_or_home(request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": redirects.next_from(self.request)}

    def post(self, request, *args, **kwargs):
        retry_after = ratelimits.reached(request, LIMIT, key=account_key)
        if retry_after is not None:
            return locked_page(request, retry_after)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if not form.has_error("code", "required"):
            ratelimits.count(self.request, LIMIT, key=account_key)
            retry_after = ratelimits.reached(self.request, LIMIT, key=account_key)
            if retry_after is not None:
                mfa.second_factor_locked(user=self.request.user)
                return locked_page(self.request, retry_after)
        return super().form_invalid(form)

    def form_valid(self, form):
        device = mfa.second_factor_check(user=self.request.user, code=form.cleaned_data["code"])
        if device is None:
            form.add_error(
                "code",
                _(
                    "The code is not correct. Type the 6 digits your app shows now, or one of "
                    "your recovery codes."
                ),
            )
            return self.form_invalid(form)
        mfa.verified(self.request, device)
        if isinstance(device, StaticDevice):
            left = mfa.recovery_codes_left(self.request.user)
            messages.warning(
                self.request,
                ngettext(
                    "You used a recovery code: %(left)d is left. Make new ones from the "
                    "security page of your account.",
                    "You used a recovery code: %(left)d are left. Make new ones from the "
                    "security page of your account.",
                    left,
                )
                % {"left": left},
            )
        return redirect(next_or_home(self.request))


@method_decorator(never_cache, name="dispatch")
class SecondFactorEnrolView(LoginRequiredMixin, FormView):
    """Set up an authenticator app: QR code and secret, then its first code."""

    template_name = "accounts/second_factor_enrol.html"
    form_class = SecondFactorCodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if mfa.pending_step(request) == mfa.VERIFY:
                return redirect("accounts:second_factor_verify")
            if mfa.has_second_factor(request.user):
                return redirect("accounts:security")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "recovery_allowed": False}

    def setup_key(self) -> str:
        key = self.request.session.get(mfa.SETUP_KEY)
        if not key:
            key = self.request.session[mfa.SETUP_KEY] = mfa.new_secret()
        return key

    def get_context_data(self, **kwargs):
        key = self.setup_key()
        uri = mfa.otpauth_uri(self.request.user, key)
        return {
            **super().get_context_data(**kwargs),
            "qr_svg": mfa.qr_svg(uri),
            "secret": mfa.grouped(mfa.secret_base32(key)),
            "required": needs_second_factor(self.request.user),
            "next": redirects.next_from(self.request),
        }

    def form_valid(self, form):
        try:
            device, codes = mfa.second_factor_enable(
                user=self.request.user, key_hex=self.setup_key(), code=form.cleaned_data["code"]
            )
        except mfa.SecondFactorError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        self.request.session.pop(mfa.SETUP_KEY, None)
        mfa.verified(self.request, device)
        self.request.session[mfa.NEW_CODES_KEY] = codes
        messages.success(self.request, _("Two-step verification is on."))
        next_url = redirects.next_from(self.request)
        url = resolve_url("accounts:recovery_codes")
        return redirect(f"{url}?{urlencode({redirects.NEXT_FIELD: next_url})}" if next_url else url)


@method_decorator(never_cache, name="dispatch")
class RecoveryCodesView(LoginRequiredMixin, TemplateView):
    """The new recovery codes, once: they are not shown again."""

    template_name = "accounts/recovery_codes.html"

    def get(self, request, *args, **kwargs):
        codes = request.session.pop(mfa.NEW_CODES_KEY, None)
        if not codes:
            return redirect("accounts:security")
        return self.render_to_response(
            self.get_context_data(codes=codes, next=redirects.next_from(request))
        )


class RecoveryCodesRegenerateView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            codes = mfa.recovery_codes_regenerate(user=request.user)
        except mfa.SecondFactorError:
            return redirect("accounts:security")
        request.session[mfa.NEW_CODES_KEY] = codes
        return redirect("accounts:recovery_codes")


@method_decorator(never_cache, name="dispatch")
class SecurityView(LoginRequiredMixin, TemplateView):
    """Sicurezza dell'account: whether two-step verification is on, and what to do."""

    template_name = "accounts/security.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        device = mfa.app_device(user)
        return {
            **super().get_context_data(**kwargs),
            "device": device,
            "codes_left": mfa.recovery_codes_left(user) if device else 0,
            "required": needs_second_factor(user),
            "can_disable": device is not None and can_disable_second_factor(user),
        }


class SecondFactorDisableView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        # Refused (403) for whoever needs it: the page offers no such button to them.
        mfa.second_factor_disable(actor=request.user, user=request.user)
        mfa.remember_state(request, request.user)
        messages.success(request, _("Two-step verification is off."))
        return redirect("accounts:security")
