"""Running a lab: editing it and its dates, moving it to the next phase, deciding a request,
regenerating the invitation link, appointing and removing facilitators. Who runs the lab
(its facilitators, the space's coordinators) sees these; anyone else gets 403 (or 404 when
they may not even see the lab)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wemi_community.core.errors import StateConflict
from wemi_community.core.forms import add_service_errors
from wemi_community.core.ids import parse_id

from . import permissions, selectors, services
from .forms import FacilitatorForm, LabFieldsForm
from .viewer import lab_viewer
from .views import detail_again


@login_required
@require_http_methods(["GET", "POST"])
def lab_edit(request, pk: int):
    viewer = lab_viewer(request, pk)
    lab = viewer.lab
    if not permissions.can_edit_lab(request.user, lab):
        raise PermissionDenied
    initial = LabFieldsForm.initial_from(lab, selectors.phase_dates(lab))
    form = LabFieldsForm(request.POST or None, initial=initial)
    context = {
        "form": form,
        "lab": lab,
        "title": _("Edit the lab"),
        "intro": _("The title, the place, who can see it and the dates of its phases."),
        "submit": _("Save"),
    }
    if request.method == "GET":
        return render(request, "labs/lab_form.html", context)
    if not form.is_valid():
        return render(request, "labs/lab_form.html", context, status=422)
    try:
        services.lab_update(actor=request.user, lab=lab, data=form.lab_data(), dates=form.dates())
    except ValidationError as error:
        add_service_errors(form, error)
        return render(request, "labs/lab_form.html", context, status=422)
    messages.success(request, _("The lab is saved."))
    return redirect(lab)


@login_required
@require_POST
def lab_advance(request, pk: int):
    viewer = lab_viewer(request, pk)
    if not viewer.can_run:
        raise PermissionDenied
    # The page's button says which phase it moves from: a second click, or a click on a page
    # left open while someone else moved the lab on, must not skip a phase.
    if request.POST.get("from") != viewer.lab.phase:
        return detail_again(
            request,
            viewer,
            status=409,
            error=_("The lab has already moved on: here is where it is now."),
        )
    try:
        lab = services.lab_advance(actor=request.user, lab=viewer.lab)
    except StateConflict as error:
        return detail_again(request, viewer, status=409, error=str(error))
    messages.success(
        request, _("The lab is now in “%(phase)s”.") % {"phase": lab.get_phase_display()}
    )
    return redirect(lab)


@login_required
@require_POST
def lab_decide(request, pk: int):
    viewer = lab_viewer(request, pk)
    if not permissions.is_space_coordinator(request.user, viewer.lab):
        raise PermissionDenied
    approve = request.POST.get("decision") == "approve"
    try:
        lab = services.lab_request_decide(coordinator=request.user, lab=viewer.lab, approve=approve)
    except StateConflict as error:
        return detail_again(request, viewer, status=409, error=str(error))
    if approve:
        messages.success(request, _("The lab is open, in listening; who asked facilitates it."))
    else:
        messages.info(request, _("The request is declined; who asked is told."))
    return redirect(lab)


@login_required
@require_POST
def invite_regenerate(request, pk: int):
    viewer = lab_viewer(request, pk)
    if not viewer.can_run:
        raise PermissionDenied
    services.invite_regenerate(actor=request.user, lab=viewer.lab)
    messages.success(
        request,
        _("There is a new invitation link and QR code: the old ones no longer work."),
    )
    return redirect(f"{viewer.lab.get_absolute_url()}#invito")


def _facilitators_page(request, viewer, form, *, status=200, error=""):
    facilitators = selectors.facilitators(viewer.lab)
    # The members who may be appointed: read against the list above, not one query each.
    facilitating = {facilitator.user_id for facilitator in facilitators}
    return render(
        request,
        "labs/facilitators.html",
        {
            "lab": viewer.lab,
            "form": form,
            "facilitators": facilitators,
            "members": [
                member
                for member in selectors.members(viewer.lab)
                if member.user_id and member.user_id not in facilitating
            ],
            "error_message": error,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def lab_facilitators(request, pk: int):
    """The space's coordinators appoint facilitators: by e-mail, or among the members."""
    viewer = lab_viewer(request, pk)
    if not permissions.can_appoint_facilitators(request.user, viewer.lab):
        raise PermissionDenied
    if request.method == "GET":
        return _facilitators_page(request, viewer, FacilitatorForm())
    member_id = request.POST.get("member", "")
    form = FacilitatorForm(None if member_id else request.POST)
    if member_id:
        member = viewer.lab.participants.filter(pk=parse_id(member_id) or 0)
        person = getattr(member.select_related("user").first(), "user", None)
        if person is None:
            return _facilitators_page(
                request,
                viewer,
                form,
                status=422,
                error=_("Choose a member of the lab with an account."),
            )
    elif not form.is_valid():
        return _facilitators_page(request, viewer, form, status=422)
    else:
        person = form.person
    try:
        services.facilitator_appoint(coordinator=request.user, lab=viewer.lab, user=person)
    except StateConflict as error:
        return _facilitators_page(request, viewer, form, status=409, error=str(error))
    except ValidationError as error:
        add_service_errors(form, error)
        return _facilitators_page(request, viewer, form, status=422)
    messages.success(
        request,
        _("%(person)s now facilitates the lab.") % {"person": person.display_name or person},
    )
    return redirect("labs:facilitators", pk=viewer.lab.pk)


@login_required
@require_POST
def facilitator_remove(request, pk: int, user_pk: int):
    viewer = lab_viewer(request, pk)
    if not permissions.can_appoint_facilitators(request.user, viewer.lab):
        raise PermissionDenied
    person = get_object_or_404(get_user_model(), pk=user_pk)
    try:
        services.facilitator_remove(coordinator=request.user, lab=viewer.lab, user=person)
    except StateConflict as error:
        return _facilitators_page(request, viewer, FacilitatorForm(), status=409, error=str(error))
    messages.success(
        request,
        _("%(person)s no longer facilitates the lab.") % {"person": person.display_name or person},
    )
    return redirect("labs:facilitators", pk=viewer.lab.pk)
