"""An assisted session ends when its operator signs out."""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from . import assisted
from .models import AssistedSession


@receiver(user_logged_out, dispatch_uid="desk_session_end_at_logout")
def end_session_at_logout(sender, request, user, **kwargs):
    session = getattr(request, "desk_session", None) if request is not None else None
    operator = getattr(request, "desk_operator", None) if request is not None else None
    if session is None or operator is None:
        if user is None:
            return
        session = AssistedSession.objects.filter(operator=user, ended_at__isnull=True).first()
        operator = user
        if session is None:
            return
    assisted.session_end(operator=operator, session=session, how=AssistedSession.EndReason.LOGOUT)
