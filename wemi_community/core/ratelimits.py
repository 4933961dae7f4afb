"""How often one person may write: every limit of the platform, declared here, and the one
decorator that applies them (django-ratelimit, counted in Django's cache).

A signed-in person is counted by account, anyone else (a lab's guest too) by IP address. The
numbers are far above what a resident does, so only scripts meet them. Past a limit the view
never runs (nothing is written) and the answer, with Retry-After, is the 429 page; for a
script that asked for JSON, a JSON error with the same sentence; for htmx, a small fragment
that the page shows in its alert area (``HX-Retarget``), leaving the form as it was."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

# name → "count/period" (django-ratelimit's notation: s, m, h, d, with an optional number).
RATES = {
    "signup": "5/h",
    "login": "20/10m",
    # The Wagtail admin's sign-in, by address whoever is signed in on the site.
    "admin_login": "20/10m",
    "password_reset": "5/h",
    # Confirming an account's deletion with the password: guesses are counted by account.
    "account_delete": "10/h",
    "confirmation_resend": "5/h",
    # Signing in with SPID or CIE: going to the gateway and coming back, each counted.
    "oidc": "30/10m",
    # Asking for a copy of one's data (one is prepared at a time anyway).
    "data_export": "5/h",
    "comment": "30/h",
    "report": "20/h",
    # A lab's guest is counted as that guest (labs.viewer.rate_key), not by the address,
    # which a whole assembly room may share; joining is counted by address.
    "need": "20/h",
    "me_too": "60/h",
    "lab_vote": "30/h",
    "lab_join": "60/h",
    "certificate_check": "60/h",
    # Typing a desk's activation code: by address, as the person is not signed in yet.
    "desk_activation": "10/h",
    # Wrong second-factor codes, counted per account (whatever the address) and only when
    # wrong: reaching the limit locks the account's second-factor step for the window, as
    # django-axes locks the password (see accounts/mfa.py).
    "second_factor": "5/15m",
    # Confirming a new authenticator app (the secret is the person's own: only scripts meet it).
    "second_factor_setup": "20/h",
    # The public API (/api/v1/), read by scripts: every GET counted by address.
    "api": "600/h",
}


def rate_of(name: str) -> str:
    """``RATES[name]``, unless ``WEMI_RATE_LIMITS`` in the settings says otherwise (a busier
    deployment, or a test that needs to reach a limit quickly)."""
    if name not in RATES:
        raise KeyError(f"No rate limit named {name!r}")
    return getattr(settings, "WEMI_RATE_LIMITS", {}).get(name) or RATES[name]


class RateLimited(Ratelimited):
    def __init__(self, retry_after: int | None = None):
        super().__init__()
        self.retry_after = retry_after


def rate_limit(name: str, *, methods: tuple[str, ...] = ("POST",), key="user_or_ip"):
    """Limits the view's requests of these methods to ``RATES[name]``; every view limited by
    the same name shares one count. ``key`` is django-ratelimit's: a name or a function of
    (group, request) telling whose count it is."""
    rate_of(name)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            retry_after = count(request, name, methods=methods, key=key)
            if retry_after is not None:
                raise RateLimited(retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def count(request, name: str, *, methods: tuple[str, ...] = ("POST",), key="user_or_ip"):
    """Counts this request against ``name``'s limit (when its method is one of ``methods``).
    Returns None while within the limit, else the seconds until the count's window closes
    (the ``Retry-After``). Views use ``rate_limit``; the API's throttle calls this."""
    usage = get_usage(
        request,
        group=f"wemi.{name}",
        key=key,
        rate=rate_of(name),
        method=list(methods),
        increment=True,
    )
    if usage and usage["should_limit"]:
        # The count's window may close this very second: then the next one is free.
        return max(usage["time_left"], 1)
    return None


def reached(
    request, name: str, *, methods: tuple[str, ...] = ("POST",), key="user_or_ip"
) -> int | None:
    """Without counting: None while ``name``'s count is below its limit, else the seconds
    until the count's window closes. For limits counted only on failures (``count`` called
    after each one, with the same ``methods`` and ``key``), checked before the next attempt."""
    usage = get_usage(
        request,
        group=f"wemi.{name}",
        key=key,
        rate=rate_of(name),
        method=list(methods),
        increment=False,
    )
    if usage and usage["count"] >= usage["limit"]:
        return max(usage["time_left"], 1)
    return None


# Where base.html shows what an htmx request answers outside the form that sent it.
HTMX_ALERTS = "#wemi-htmx-alerts"


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def refusal_message(minutes: int | None) -> str:
    """The page's sentences in one, for the answers that are not a page."""
    if not minutes:
        return _("Too many requests: nothing was saved. Please try again later.")
    return ngettext(
        "Too many requests: nothing was saved. Please try again in a minute.",
        "Too many requests: nothing was saved. Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def rate_limited(request, exception):
    """RATELIMIT_VIEW: the answer past a limit."""
    retry_after = getattr(exception, "retry_after", None)
    minutes = -(-retry_after // 60) if retry_after else None
    if _wants_json(request):
        message = refusal_message(minutes)
        response = JsonResponse(
            {"ok": False, "error": message, "errors": {"__all__": [message]}}, status=429
        )
    elif getattr(request, "htmx", False) and not request.htmx.boosted:
        # A boosted link or form stands for a whole page: it gets the page below.
        response = render(
            request, "429_fragment.html", {"message": refusal_message(minutes)}, status=429
        )
        response["HX-Retarget"] = HTMX_ALERTS
        response["HX-Reswap"] = "innerHTML"
    else:
        response = render(request, "429.html", {"retry_minutes": minutes}, status=429)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response
