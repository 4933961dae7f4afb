"""The local mailbox pages. Their URLs exist only when DEBUG is on; the views check it too."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import mailbox

BACKEND = "wemi_community.devmail.backend.EmailBackend"


def _debug_only() -> None:
    if not settings.DEBUG:
        raise Http404


def is_active() -> bool:
    """Whether the site's e-mails land in this mailbox now."""
    return settings.DEBUG and settings.EMAIL_BACKEND == BACKEND


@require_GET
def mailbox_list(request):
    _debug_only()
    to = request.GET.get("to", "")[:254]
    found, total = mailbox.messages(to=to)
    return render(
        request,
        "devmail/mailbox.html",
        {
            "mail": found,
            "total": total,
            "to": to,
            "active": is_active(),
            "backend": settings.EMAIL_BACKEND,
        },
    )


@require_GET
def mailbox_message(request, message_id: str):
    _debug_only()
    message = mailbox.get(message_id)
    if message is None:
        raise Http404
    return render(request, "devmail/message.html", {"message": message})


@require_POST
def mailbox_clear(request):
    _debug_only()
    mailbox.clear()
    messages.success(request, _("The local mailbox is empty."))
    return redirect("devmail:list")
