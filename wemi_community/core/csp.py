"""The Content Security Policy (django-csp): the strict policy of settings everywhere, and a
looser one for the Wagtail admin, whose pages carry inline scripts and styles of their own."""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class SitePolicyMiddleware(CSPMiddleware):
    """Under ``CSP_ADMIN_PREFIXES`` the policy is ``CONTENT_SECURITY_POLICY_ADMIN``; a view's
    own decorator (csp_update, csp_replace, csp_exempt) still wins."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        prefixes = tuple(getattr(settings, "CSP_ADMIN_PREFIXES", ()))
        if (
            not report_only
            and parts.config is None
            and prefixes
            and request.path_info.startswith(prefixes)
        ):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN
        return parts
