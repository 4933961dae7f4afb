"""Account pages: sign-up and confirmation, sign-in and out, profile, passwords."""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy, translate_url
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from cms_templates.navigation import content_page_url
from wemi_community.core.forms import add_service_errors

from . import done_for_you, mfa, redirects, services
from .forms import (
    ChangePasswordForm,
    LoginForm,
    ProfileForm,
    QueuedPasswordResetForm,
    ResendConfirmationForm,
    ResetSetPasswordForm,
    SignupForm,
)
from .middleware import STEP_URLS
from .models import User
from .oidc import oidc_enabled
from .tasks import validity_text
from .tokens import email_confirmation_token

SIGNUP_EMAIL_SESSION_KEY = "accounts_signup_email"
# The address a new link or a password reset was asked for: in development the "check your
# e-mail" page opens the local mailbox on it. Never shown otherwise (it reveals nothing more
# than what the person typed).
MAILED_TO_SESSION_KEY = "accounts_mailed_to"


class MailedToMixin:
    """A "check your e-mail" page that knows which address the person typed."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["email"] = self.request.session.get(MAILED_TO_SESSION_KEY, "")
        return context


def url_in_language(url: str, language: str) -> str:
    """The same page in another language: "/en/account/profilo/" → "/account/profilo/"."""
    path_language = translation.get_language_from_path(urlsplit(url).path)
    # Resolve in the language the URL is written in, then reverse in the one wanted.
    with translation.override(path_language or settings.LANGUAGE_CODE):
        return translate_url(url, language)


def remember_language(response: HttpResponse, language: str) -> HttpResponse:
    """Sets the language cookie the way django.views.i18n.set_language does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class AnonymousOnlyMixin:
    """Sign-in and sign-up make no sense once signed in: go where ``next`` says, else to the
    profile."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(redirects.next_from(request) or "accounts:profile")
        return super().dispatch(request, *args, **kwargs)


class SignupView(AnonymousOnlyMixin, FormView):
    template_name = "accounts/signup.html"
    form_class = SignupForm

    def get_initial(self):
        return {"preferred_language": translation.get_language()}

    def get_form_kwargs(self):
        privacy_url = content_page_url(self.request, "privacy")
        return {**super().get_form_kwargs(), "privacy_url": privacy_url}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "next": redirects.next_from(self.request),
            "oidc_enabled": oidc_enabled(),
        }

    def form_valid(self, form):
        try:
            user = services.user_register(**form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error, field_names=form.service_field_names)
            return self.form_invalid(form)
        self.request.session[SIGNUP_EMAIL_SESSION_KEY] = user.email
        # The first sign-in, after the confirmation, comes back to the page of before.
        redirects.remember(self.request, redirects.next_from(self.request))
        return redirect("accounts:signup_done")


class SignupDoneView(TemplateView):
    template_name = "accounts/signup_done.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["email"] = self.request.session.get(SIGNUP_EMAIL_SESSION_KEY)
        context["validity"] = validity_text(settings.ACCOUNT_CONFIRMATION_TIMEOUT)
        return context


def _user_from_uidb64(uidb64: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return User.objects.filter(pk=pk).first()


@never_cache
def confirm_email(request, uidb64: str, token: str):
    """Confirms on GET, the link being what the e-mail offers, then redirects at once so the
    token does not stay in the address bar or in a Referer header."""
    user = _user_from_uidb64(uidb64)
    if user is None or not email_confirmation_token.check_token(user, token):
        # Used, expired or mangled: one clear page for all, which reveals nothing.
        return render(request, "accounts/confirm_invalid.html", status=200)
    services.user_confirm_email(user=user)
    messages.success(request, _("Thank you: your e-mail address is confirmed. You can sign in."))
    return redirect("accounts:login")


class ConfirmationResendView(FormView):
    template_name = "accounts/confirmation_resend.html"
    form_class = ResendConfirmationForm

    def get_initial(self):
        return {"email": self.request.GET.get("email", "")}

    def form_valid(self, form):
        services.confirmation_resend(email=form.cleaned_data["email"])
        self.request.session[MAILED_TO_SESSION_KEY] = form.cleaned_data["email"]
        return redirect("accounts:confirmation_resend_done")


class ConfirmationResendDoneView(MailedToMixin, TemplateView):
    template_name = "accounts/confirmation_resend_done.html"


class LoginView(AnonymousOnlyMixin, auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Django puts the request's host here; the layout's site_name is the platform's name.
        context.pop("site_name", None)
        context["oidc_enabled"] = oidc_enabled()
        return context

    def form_valid(self, form):
        person = form.get_user()
        # A newcomer's first sign-in, with the profile still to fill in.
        first_time = person.last_login is None and person.municipio_id is None
        response = super().form_valid(form)
        language = self.request.user.preferred_language
        translation.activate(language)
        if first_time:
            # It may land on the page of before, not on the profile: say where that is.
            messages.info(
                self.request,
                _(
                    "Welcome to WeMi Community, %(name)s! When you have a moment, add your "
                    "Municipio, neighbourhood and household in your profile (menu at the top)."
                )
                % {"name": self.request.user.display_name},
            )
        return remember_language(response, language)

    def get_success_url(self):
        # Called after login, so the language is the person's, not the page's.
        language = self.request.user.preferred_language
        # "" unless safe for this host; else what the sign-up or password reset remembered.
        next_url = self.get_redirect_url() or redirects.remembered(self.request)
        redirects.forget(self.request)
        if next_url:
            next_url = url_in_language(next_url, language)
        step = mfa.pending_step(self.request)
        with translation.override(language):
            if step is not None:
                # The second step first; then where the person was going.
                url = reverse(STEP_URLS[step])
                return f"{url}?{urlencode({redirects.NEXT_FIELD: next_url})}" if next_url else url
            return next_url or resolve_url(settings.LOGIN_REDIRECT_URL)


class LogoutView(auth_views.LogoutView):
    """POST only (Django refuses GET): a link or an image cannot sign anyone out."""

    def get_default_redirect_url(self):
        return url_in_language(
            resolve_url(settings.LOGOUT_REDIRECT_URL), translation.get_language()
        )


class ProfileView(LoginRequiredMixin, FormView):
    template_name = "accounts/profile.html"
    form_class = ProfileForm

    def get_initial(self):
        return ProfileForm.initial_for(self.request.user)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "done_at_desks": done_for_you.done_at_desks(self.request.user),
        }

    def form_valid(self, form):
        previous_language = self.request.user.preferred_language
        try:
            user = services.profile_update(user=self.request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        language = user.preferred_language
        translation.activate(language)
        messages.success(self.request, _("Your profile has been saved."))
        response = HttpResponseRedirect(reverse("accounts:profile"))
        if language != previous_language:
            remember_language(response, language)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = QueuedPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": redirects.next_from(self.request)}

    def form_valid(self, form):
        # Asked from the sign-in (or its lockout) page: the sign-in after it goes back there.
        redirects.remember(self.request, redirects.next_from(self.request))
        self.request.session[MAILED_TO_SESSION_KEY] = form.cleaned_data["email"]
        return super().form_valid(form)


class PasswordResetDoneView(MailedToMixin, auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """An invalid or used link renders the same template with ``validlink`` false."""

    template_name = "accounts/password_reset_confirm.html"
    form_class = ResetSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
