"""The printable receipt of an assisted session, on A4 or on an 80 mm ticket
(``?formato=ticket``): reprinted from the person's desk page whenever they ask."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import permissions, receipts
from .models import AssistedSession
from .views import operator_of

TICKET = "ticket"


@login_required
@require_GET
def receipt(request, pk: int):
    operator = operator_of(request)
    # Asked before the lookup: someone who works at no desk learns nothing about sessions.
    if not permissions.works_at_any_desk(operator):
        raise PermissionDenied
    session = get_object_or_404(
        AssistedSession.objects.select_related("operator", "person", "space"), pk=pk
    )
    if not permissions.can_see_receipt(operator, session):
        raise PermissionDenied
    ticket = request.GET.get("formato") == TICKET
    return render(
        request,
        "desk/receipt_print.html",
        {
            "receipt": receipts.session_receipt(session),
            "session": session,
            "person": session.person,
            "space": session.space,
            "ticket": ticket,
            "now_printed": timezone.now(),
        },
    )
