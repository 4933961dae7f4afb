"""The desk's call list at /sportello/chiamate/: the calls to make at the current desk, most
urgent first, each with the person's phone and what to tell them, marked told, to call
again or unreachable; the calls closed in the last days below."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from wemi_community.core.errors import StateConflict
from wemi_community.core.forms import add_service_errors
from wemi_community.core.ids import parse_id

from . import calls, permissions
from .forms import CallMarkForm
from .identity import phone_display
from .models import CallEntry
from .views import CURRENT_DESK, current_desk, desk_page, operator_of

CALLS_PER_PAGE = 50
CLOSED_SHOWN = 50

OUTCOME_MESSAGES = {
    CallEntry.State.DONE: _("Call to %(name)s recorded: told."),
    CallEntry.State.RETRY: _("%(name)s stays on the list: call again later."),
    CallEntry.State.UNREACHABLE: _("%(name)s could not be reached: the call is closed."),
}


def _form_for(entry: CallEntry, data=None) -> CallMarkForm:
    return CallMarkForm(data, auto_id=f"call-{entry.pk}-%s")


def _row(entry: CallEntry, form: CallMarkForm | None = None) -> dict:
    record = getattr(entry.person, "desk_record", None)
    phone = record.phone if record is not None else ""
    return {
        "entry": entry,
        "phone": phone,
        "phone_shown": phone_display(phone) if phone else "",
        "form": form or _form_for(entry),
    }


def _calls_page(request, space, *, failed: CallEntry | None = None, form=None, status=200):
    operator = operator_of(request)
    if not permissions.can_see_calls(operator, space):
        raise PermissionDenied
    page_obj = Paginator(calls.calls_open(space), CALLS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        _row(entry, form if failed is not None and entry.pk == failed.pk else None)
        for entry in page_obj.object_list
    ]
    # A call that is not on this page (closed meanwhile) shows its errors at the top.
    failed_errors = []
    if failed is not None and not any(row["entry"].pk == failed.pk for row in rows):
        failed_errors = [message for errors in form.errors.values() for message in errors]
    closed = [_row(entry) for entry in calls.calls_closed_recently(space)[:CLOSED_SHOWN]]
    return desk_page(
        request,
        "desk/calls.html",
        {
            "space": space,
            "page_obj": page_obj,
            "rows": rows,
            "closed": closed,
            "closed_days": calls.CLOSED_SHOWN_DAYS,
            "max_attempts": calls.MAX_ATTEMPTS,
            "failed_errors": failed_errors,
        },
        status,
    )


@login_required
@require_GET
def call_list(request):
    wanted = parse_id(request.GET.get("spazio"))
    if wanted and not permissions.desks_of(operator_of(request)).filter(pk=wanted):
        # Asking for another desk's list by name is refused, not answered with one's own.
        raise PermissionDenied
    return _calls_page(request, current_desk(request))


@login_required
@require_POST
def call_mark(request, pk: int):
    operator = operator_of(request)
    entry = get_object_or_404(CallEntry.objects.select_related("space", "person"), pk=pk)
    if not permissions.can_handle_call(operator, entry):
        raise PermissionDenied
    form = _form_for(entry, request.POST)
    status = 422
    if form.is_valid():
        try:
            entry = calls.call_mark(
                actor=operator,
                entry=entry,
                outcome=request.POST.get("outcome", ""),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except StateConflict as error:
            form.add_error(None, str(error))
            status = 409
        else:
            messages.success(
                request, str(OUTCOME_MESSAGES[entry.state]) % {"name": entry.person.display_name}
            )
            return redirect(f"{reverse('desk:calls')}?spazio={entry.space_id}")
    # The page of the call's own desk, whatever desk was chosen before.
    request.session[CURRENT_DESK] = entry.space_id
    return _calls_page(request, entry.space, failed=entry, form=form, status=status)
