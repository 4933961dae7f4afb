"""Asks a signed-in person to accept the privacy notice when they accepted an earlier
version but not the one in force (``PRIVACY_NOTICE_VERSION``): at their next page after the
sign-in, or at the next page of a session already open when the version changed. Accounts
that never accepted any version online (made in the admin; desk residents, whose consent
is signed on paper) are not stopped here.

Let through: the consent page itself, signing out, deleting the account (refusing the
notice leaves those two), the notice's own page, static and media files, the admin's
sign-in machinery and anything that is not a page (JSON, htmx fragments, websockets are not
seen here). An assisted session at a desk is let through too: there the consent is signed on
paper. One query a page for signed-in people, the same on every page (nothing is written to
the session, so a page costs what it cost before and after)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from .privacy_views import CONSENT_NEXT_SESSION_KEY
from .services import privacy_consent_is_outdated

LET_THROUGH = {
    "accounts:privacy_accept",
    "accounts:logout",
    "accounts:account_delete",
    "accounts:account_deleted",
    "set_language",
}
LET_THROUGH_PREFIXES = ("/static/", "/media/", "/admin/", "/django-admin/", "/api/", "/ws/")


class PrivacyConsentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect_to = self._check(request)
        if redirect_to is not None:
            return redirect_to
        return self.get_response(request)

    def _check(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if getattr(request, "desk_operator", None) is not None:
            return None
        path = request.path_info
        if path.startswith(LET_THROUGH_PREFIXES) or path.startswith(settings.STATIC_URL):
            return None
        if request.method not in ("GET", "HEAD") or getattr(request, "htmx", False):
            # A write in flight is not interrupted; the next page asks.
            return None
        try:
            name = resolve(path).view_name
        except Resolver404:
            name = ""
        if name in LET_THROUGH or not privacy_consent_is_outdated(user):
            return None
        if self._is_notice(request):
            return None
        request.session[CONSENT_NEXT_SESSION_KEY] = request.get_full_path()
        return redirect(reverse("accounts:privacy_accept"))

    @staticmethod
    def _is_notice(request) -> bool:
        from cms_templates.navigation import content_page_url

        url = content_page_url(request, "privacy")
        return bool(url) and request.path == url
