"""Pages of the person's rights over their data: deleting the account (and what happened),
accepting a new version of the privacy notice."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from cms_templates.navigation import content_page_url
from wemi_community.core.errors import StateConflict
from wemi_community.core.forms import add_service_errors

from . import redirects, services
from .deletion import account_delete, summary_lines
from .models import AccountDeletion
from .privacy_forms import AccountDeleteForm, PrivacyAcceptForm, signed_in_recently

DELETED_SUMMARY_SESSION_KEY = "accounts_deleted_summary"
CONSENT_NEXT_SESSION_KEY = "accounts_consent_next"


class AccountDeleteView(LoginRequiredMixin, FormView):
    """/account/elimina/: what is deleted and what is kept, then the confirmation."""

    template_name = "accounts/account_delete.html"
    form_class = AccountDeleteForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "has_password": user.has_usable_password(),
            "signed_in_recently": signed_in_recently(self.request),
            "privacy_url": content_page_url(self.request, "privacy"),
        }

    def form_valid(self, form):
        request = self.request
        if not request.user.has_usable_password() and not signed_in_recently(request):
            form.add_error(
                None,
                _(
                    "Your account has no password: sign out and sign in again (with SPID or "
                    "CIE), then confirm within five minutes."
                ),
            )
            return self.form_invalid(form)
        try:
            deletion = account_delete(
                user=request.user, actor=request.user, channel=AccountDeletion.Channel.SELF
            )
        except StateConflict as error:
            return render(
                request,
                "accounts/account_delete_conflict.html",
                {"message": str(error)},
                status=409,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        logout(request)
        request.session[DELETED_SUMMARY_SESSION_KEY] = summary_lines(deletion.summary)
        return redirect("accounts:account_deleted")


class AccountDeletedView(TemplateView):
    """What was deleted and what was kept, shown once, after signing out."""

    template_name = "accounts/account_deleted.html"

    def get(self, request, *args, **kwargs):
        lines = request.session.pop(DELETED_SUMMARY_SESSION_KEY, None)
        if lines is None:
            return redirect("/")
        return self.render_to_response(self.get_context_data(**lines))


class PrivacyAcceptView(LoginRequiredMixin, FormView):
    """/account/privacy/: the notice changed since the person accepted it."""

    template_name = "accounts/privacy_accept.html"
    form_class = PrivacyAcceptForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and services.privacy_consent_is_current(request.user):
            return redirect(self._next() or "/")
        return super().dispatch(request, *args, **kwargs)

    def _next(self) -> str:
        candidate = self.request.GET.get("next") or self.request.session.get(
            CONSENT_NEXT_SESSION_KEY, ""
        )
        return redirects.safe_next(self.request, candidate)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "privacy_url": content_page_url(self.request, "privacy"),
            "version": settings.PRIVACY_NOTICE_VERSION,
            "next": self._next(),
        }

    def form_valid(self, form):
        services.privacy_consent_accept(user=self.request.user)
        self.request.session.pop(CONSENT_NEXT_SESSION_KEY, None)
        messages.success(self.request, _("Thank you: you accepted the privacy notice."))
        return redirect(self._next() or "accounts:profile")
