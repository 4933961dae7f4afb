"""Getting online later and joining two records of one person: the printed activation code,
the public activation page, an operator's report that a resident has an online account,
and the City's list of reports with the preview and the merge.

Every write calls a service (``activation``, ``merge``): bad input comes back next to the
fields (422), a report already closed is 409, anyone but city staff on the reports is 403."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms_templates.links import site_url
from cms_templates.navigation import content_page_url
from cms_templates.qr import qr_svg
from wemi_community.accounts import done_for_you
from wemi_community.core.errors import StateConflict
from wemi_community.core.forms import add_service_errors
from wemi_community.core.ratelimits import rate_limit

from . import activation, merge, permissions
from .forms import ActivationForm, ReportOnlineForm, ResolveForm
from .identity import phone_display
from .models import DeskConflict, DeskResident
from .views import (
    _person_or_404,
    _resident_context,
    current_desk,
    desk_page,
    operator_of,
)

CONFLICTS_PER_PAGE = 25
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


# --- The desk prints a code -----------------------------------------------------------------


@login_required
@require_POST
def activation_print(request, pk: int):
    """Issues a new code (the previous ones stop working) and shows the page to print: the
    code exists in clear only in this answer."""
    person = _person_or_404(request, pk)
    record = get_object_or_404(DeskResident.objects.select_related("space"), user=person)
    space = current_desk(request)
    issued = activation.activation_issue(actor=operator_of(request), resident=record, space=space)
    url = site_url(reverse("desk:activate"))
    response = render(
        request,
        "desk/activation_print.html",
        {
            "person": person,
            "record": record,
            "space": space,
            "space_phone": space.phone,
            "issued": issued,
            "url": url,
            "qr": qr_svg(url, label=_("QR code of the activation page")),
        },
    )
    # The code in clear must not stay in a cache.
    response["Cache-Control"] = "no-store"
    return response


# --- The person activates their account -----------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit("desk_activation")
def activate(request):
    if request.user.is_authenticated:
        return render(request, "desk/activate.html", {"signed_in": True})
    form = ActivationForm(
        request.POST or None,
        initial={"code": request.GET.get("codice", "")[:20]},
        privacy_url=content_page_url(request, "privacy"),
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = activation.account_activate(
                    code=data["code"],
                    email=data["email"],
                    password=data["password1"],
                    privacy_consent=data["privacy_consent"],
                    language=translation.get_language(),
                )
            except ValidationError as error:
                add_service_errors(form, error, field_names=form.service_field_names)
            else:
                if not result.completed:
                    return render(
                        request,
                        "desk/activate_conflict.html",
                        {"person": result.user},
                        status=409,
                    )
                login(request, result.user, backend=MODEL_BACKEND)
                messages.success(
                    request,
                    _(
                        "Your account is active and you are signed in. We sent a link to "
                        "%(email)s: open it to confirm your address."
                    )
                    % {"email": result.user.email},
                )
                return redirect("desk:activated")
    return render(request, "desk/activate.html", {"form": form}, status=status)


@login_required
@require_GET
def activated(request):
    """What the desk did for the person, now in their own pages."""
    return render(
        request, "desk/activated.html", {"done_at_desks": done_for_you.done_at_desks(request.user)}
    )


# --- An operator reports an online account ------------------------------------------------


@login_required
@require_POST
def report_online(request, pk: int):
    person = _person_or_404(request, pk)
    operator = operator_of(request)
    form = ReportOnlineForm(request.POST)
    if form.is_valid():
        try:
            merge.conflict_report(actor=operator, person=person, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Reported: the City will check and join the desk record to the online account."),
            )
            return redirect("desk:resident", pk=person.pk)
    record = DeskResident.objects.filter(user=person).select_related("space").first()
    space = current_desk(request)
    return desk_page(
        request,
        "desk/resident.html",
        _resident_context(request, person, record, space, report_form=form),
        422,
    )


# --- The City joins two records -------------------------------------------------------------


def _staff_or_403(request):
    actor = operator_of(request)
    if not permissions.can_resolve_conflicts(actor):
        raise PermissionDenied
    return actor


@login_required
@require_GET
def conflicts(request):
    _staff_or_403(request)
    rows = DeskConflict.objects.filter(state=DeskConflict.State.OPEN).select_related(
        "desk_user", "online_user", "desk_user__desk_record__space", "reported_by"
    )
    page = Paginator(rows, CONFLICTS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "desk/conflicts.html", {"rows": page})


def _conflict_page(request, conflict, *, form=None, status=200, error: str = ""):
    actor = operator_of(request)
    preview = merge.merge_preview(actor=actor, conflict=conflict) if conflict.is_open else None
    record = DeskResident.objects.filter(user=conflict.desk_user).select_related("space").first()
    return render(
        request,
        "desk/conflict.html",
        {
            "conflict": conflict,
            "record": record,
            "phone": phone_display(record.phone) if record else "",
            "preview": preview,
            "moved": _moved_names(preview) if preview else [],
            "clashes": list(preview.clashes.values()) if preview else [],
            "form": form or ResolveForm(),
            "error": error,
        },
        status=status,
    )


def _moved_names(moves) -> list[tuple[str, int]]:
    return sorted(
        (str(apps.get_model(label)._meta.verbose_name_plural), count)
        for label, count in moves.moved.items()
    )


def _conflict_or_404(pk: int) -> DeskConflict:
    return get_object_or_404(
        DeskConflict.objects.select_related("desk_user", "online_user", "resolved_by"), pk=pk
    )


@login_required
@require_GET
def conflict(request, pk: int):
    _staff_or_403(request)
    return _conflict_page(request, _conflict_or_404(pk))


def _resolve(request, pk: int, service, done: str):
    actor = _staff_or_403(request)
    conflict = _conflict_or_404(pk)
    form = ResolveForm(request.POST)
    form.is_valid()
    try:
        service(actor=actor, conflict=conflict, reason=form.cleaned_data.get("reason", ""))
    except StateConflict as error:
        return _conflict_page(request, conflict, form=form, status=409, error=str(error))
    except ValidationError as error:
        add_service_errors(form, error)
        return _conflict_page(request, conflict, form=form, status=422)
    messages.success(request, done)
    return redirect("desk:conflicts")


@login_required
@require_POST
def conflict_merge(request, pk: int):
    return _resolve(
        request, pk, merge.records_merge, _("The two records are now one: the online account.")
    )


@login_required
@require_POST
def conflict_dismiss(request, pk: int):
    return _resolve(request, pk, merge.conflict_dismiss, _("The report is dismissed."))
