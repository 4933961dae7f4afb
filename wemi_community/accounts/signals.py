"""Receivers of Django's sign-in signal: the moment of a sign-in is kept in the session (the
deletion page accepts a recent one as a fresh sign-in for accounts without a password), and
the inactivity warnings start again from zero."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

# The session key of the moment of the latest sign-in (an ISO timestamp).
SIGNED_IN_AT_SESSION_KEY = "accounts_signed_in_at"


@receiver(user_logged_in, dispatch_uid="accounts.signed_in")
def signed_in(sender, request, user, **kwargs):
    from .retention import inactivity_reset

    inactivity_reset(user)
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT_SESSION_KEY] = timezone.now().isoformat()
