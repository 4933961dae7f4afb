"""Small helpers for the account templates."""

import math
from datetime import timedelta

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from wemi_community.accounts import redirects

register = template.Library()


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
