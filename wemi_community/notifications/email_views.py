"""E-mail pages: the one-click unsubscribe link (no sign-in needed), its undo, and the
settings page where a signed-in person chooses, kind by kind, how e-mails reach them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .forms import NotificationSettingsForm
from .unsubscribe import BadToken, Scope, is_stopped, read_token, resubscribe, unsubscribe


def _private(response):
    # The token in the address must not leak to the sites this page links to.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def _invalid(request):
    return _private(render(request, "notifications/unsubscribe_invalid.html", status=400))


def _scope_context(scope: Scope, token: str) -> dict:
    return {"scope": scope, "kind_label": scope.label, "token": token}


@csrf_exempt  # RFC 8058: a mail client posts "List-Unsubscribe=One-Click" with no cookie
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token: str):
    """Stops at once what the link names: opening it is the click (GET), and so is the
    mail client's one-click POST. Nothing else on the site is exempt from CSRF."""
    try:
        scope = read_token(token)
    except BadToken:
        return _invalid(request)
    changed = unsubscribe(scope=scope)
    context = {**_scope_context(scope, token), "changed": changed}
    return _private(render(request, "notifications/unsubscribe.html", context))


@never_cache
@require_POST
def resubscribe_view(request, token: str):
    """The undo button of the unsubscribe page: the previous choices come back."""
    try:
        scope = read_token(token)
    except BadToken:
        return _invalid(request)
    resubscribe(scope=scope)
    context = {**_scope_context(scope, token), "still_stopped": is_stopped(scope)}
    return _private(render(request, "notifications/unsubscribe_undone.html", context))


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request):
    user = request.user
    form = NotificationSettingsForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        # All or nothing: a page saved halfway would show choices that are not the ones kept.
        with transaction.atomic():
            for kind, channel in changes.items():
                services.notification_setting_set(user=user, kind=kind, channel=channel)
        if changes:
            messages.success(request, _("Your e-mail settings are saved."))
        else:
            messages.info(request, _("Nothing changed: your e-mail settings are as before."))
        return redirect("notifications:settings")
    context = {
        "form": form,
        "has_email": bool(user.email),
        "general_preference": user.get_notification_preference_display(),
    }
    return render(request, "notifications/settings.html", context)
