"""Small helpers for the account templates."""

import math
from datetime import timedelta

from django import template
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.admin.templatetags.wagtailuserbar import get_page_instance
from wagtail.admin.userbar import Userbar

from wemi_community.accounts import permissions, redirects

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_userbar(context, position: str = "bottom-right") -> str:
    """Wagtail's user bar (``{% wagtailuserbar %}``) for whoever may open the admin, decided
    by ``permissions.can_reach_admin``: Wagtail's tag loads every permission of every
    signed-in person to ask the same."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not permissions.can_reach_admin(user):
        return ""
    return Userbar(object=get_page_instance(context), position=position).render_html(context)


@register.filter
def minutes(value) -> int:
    """Whole minutes in a timedelta (or seconds), rounded up: "locked for 15 minutes"."""
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
    else:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            return 0
    return max(0, math.ceil(seconds / 60))


@register.simple_tag(takes_context=True)
def safe_next(context) -> str:
    """This request's ``next``, if it stays on this site (pages rendered outside the account
    views, such as the lockout page, have it only in the request)."""
    request = context.get("request")
    return redirects.next_from(request) if request is not None else ""


@register.simple_tag(takes_context=True)
def with_next(context, url_name: str) -> str:
    """The address of ``url_name`` (sign-in, sign-up) that brings the person back here: on an
    account page, the ``next`` it already carries; elsewhere, this page."""
    url = reverse(url_name)
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None:
        return url
    if match.namespace == "accounts":
        target = redirects.next_from(request)
    else:
        target = redirects.safe_next(request, request.get_full_path())
    return f"{url}?{urlencode({redirects.NEXT_FIELD: target})}" if target else url


@register.inclusion_tag("accounts/includes/privacy_retention.html", takes_context=True)
def privacy_retention(context):
    """The privacy notice's part that the settings decide: how long each kind of data is kept,
    how to exercise each right, and the notice's version. Read from the settings, so the
    page says what the platform really does."""
    from django.conf import settings
    from django.urls import NoReverseMatch

    def url_or_empty(name: str) -> str:
        try:
            return reverse(name)
        except NoReverseMatch:
            return ""

    return {
        "request": context.get("request"),
        "version": settings.PRIVACY_NOTICE_VERSION,
        "inactive_days": settings.RETENTION_INACTIVE_DAYS,
        "warning_days": sorted(settings.RETENTION_WARNING_DAYS, reverse=True),
        "export_days": settings.DATA_EXPORT_DAYS,
        "lab_guest_days": settings.LAB_GUEST_RETENTION_DAYS,
        "activation_days": settings.DESK_ACTIVATION_DAYS,
        "session_days": math.ceil(settings.SESSION_COOKIE_AGE / 86400),
        "export_url": url_or_empty("accounts:data_export"),
        "delete_url": url_or_empty("accounts:account_delete"),
        "profile_url": url_or_empty("accounts:profile"),
        "spaces_url": "/spazi/",
    }
