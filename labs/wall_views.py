"""The wall: posting a need and "me too" (as forms, or as JSON for the wall's script), the
full-screen projector mode for the assembly room and the printable A4 poster with the QR
code."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from wemi_community.core.errors import ObjectHidden, StateConflict
from wemi_community.core.forms import add_service_errors, service_error_messages
from wemi_community.core.ratelimits import rate_limit

from . import live, needs, permissions, qr, selectors
from .forms import NeedForm
from .models import Need
from .view_helpers import form_errors, json_error, wants_json
from .viewer import lab_viewer, rate_key
from .views import detail_again

PROJECTOR_NEEDS = 60
# A need's id, as the wall's script sends it: ASCII digits, within the database's integers.
AFTER = re.compile(r"[0-9]{1,18}")


def _member_or_403(viewer) -> None:
    if not viewer.is_member:
        raise PermissionDenied


@require_POST
@rate_limit("need", key=rate_key)
def need_post(request, pk: int):
    viewer = lab_viewer(request, pk)
    _member_or_403(viewer)
    as_json = wants_json(request)
    form = NeedForm(request.POST)
    if not form.is_valid():
        if as_json:
            return json_error(form_errors(form), status=422)
        return detail_again(request, viewer, status=422, need_form=form)
    try:
        need = needs.need_post(
            actor=request.user,
            participant=viewer.participant,
            category=form.cleaned_data["category"],
            text=form.cleaned_data["text"],
            anonymous=form.cleaned_data["anonymous"],
        )
    except ValidationError as error:
        if as_json:
            return json_error(service_error_messages(error), status=422)
        add_service_errors(form, error)
        return detail_again(request, viewer, status=422, need_form=form)
    except StateConflict as error:
        if as_json:
            return json_error(str(error), status=409)
        return detail_again(request, viewer, status=409, error=str(error))
    if as_json:
        return JsonResponse({"ok": True, "need": live.need_event(need, viewer.participant)})
    messages.success(request, _("Your need is on the wall."))
    return redirect(f"{viewer.lab.get_absolute_url()}#need-{need.pk}")


@require_POST
@rate_limit("me_too", key=rate_key)
def need_me_too(request, pk: int, need_pk: int):
    """Adds this participant's "me too" to a need, or (``action=remove``) takes it back."""
    viewer = lab_viewer(request, pk)
    need = Need.objects.filter(lab=viewer.lab, pk=need_pk, hidden_at__isnull=True).first()
    if need is None:
        raise Http404
    _member_or_403(viewer)
    removing = request.POST.get("action") == "remove"
    try:
        if not removing and need.participant_id in viewer.own_ids:
            # Posted from this browser as a guest not attached yet: still one's own.
            raise StateConflict(_("It is your own need: others add their “me too”."))
        if removing:
            need = needs.me_too_remove(
                actor=request.user, participant=viewer.participant, need=need
            )
        else:
            need = needs.me_too_add(actor=request.user, participant=viewer.participant, need=need)
    except ObjectHidden as error:
        raise Http404 from error
    except StateConflict as error:
        if wants_json(request):
            # For one's own need the wall's script swaps the button for "your need".
            own = need.participant_id in viewer.own_ids
            return json_error(str(error), status=409, id=need.pk, own=own)
        return detail_again(request, viewer, status=409, error=str(error))
    if wants_json(request):
        return JsonResponse(
            {"ok": True, "id": need.pk, "me_too": need.me_too_count, "mine": not removing}
        )
    return redirect(f"{viewer.lab.get_absolute_url()}#need-{need.pk}")


@never_cache
@require_GET
def need_since(request, pk: int):
    """What the wall's websocket would have sent since the need ``after``, for a page whose
    live updates are paused: the same messages as the answer to a "since", as JSON."""
    viewer = lab_viewer(request, pk)
    after = request.GET.get("after", "0")
    # The script sends the highest id it shows: anything else is refused, as the websocket
    # refuses a malformed "since" (int() alone would take "-1", " 7", "١٢" or 30 digits).
    if not AFTER.fullmatch(after):
        return JsonResponse({"type": "error", "error": "malformed"}, status=400)
    own_ids = frozenset(p.pk for p in (viewer.participant, viewer.claimable) if p is not None)
    return JsonResponse({"messages": live.catch_up(viewer.lab.pk, int(after), own_ids)})


@require_GET
def lab_projector(request, pk: int):
    """Full screen for the assembly room: large type, high contrast, the join QR code in a
    corner for who runs the lab; the needs arrive live."""
    viewer = lab_viewer(request, pk)
    lab = viewer.lab
    invite = None
    if permissions.can_see_invite(request.user, lab):
        url = qr.invite_url(request, lab)
        invite = {"url": url, "qr": qr.qr_svg(url, label=_("QR code to join the lab"), scale=5)}
    return render(
        request,
        "labs/projector.html",
        {
            "lab": lab,
            "needs": selectors.wall_needs(lab, PROJECTOR_NEEDS),
            "needs_total": lab.needs.filter(hidden_at__isnull=True).count(),
            "participants_total": selectors.participant_count(lab),
            "invite": invite,
            "ws_path": f"/ws/laboratori/{lab.pk}/",
            "projector_limit": PROJECTOR_NEEDS,
        },
    )


@require_GET
def lab_poster(request, pk: int):
    """An A4 poster to print and hang in the hall: the lab's name, the QR code, how to join."""
    viewer = lab_viewer(request, pk)
    lab = viewer.lab
    if not permissions.can_see_invite(request.user, lab):
        raise PermissionDenied
    url = qr.invite_url(request, lab)
    return render(
        request,
        "labs/poster.html",
        {
            "lab": lab,
            "invite_url": url,
            "qr": qr.qr_svg(url, label=_("QR code to join the lab"), scale=10),
            "dates": selectors.phase_dates(lab),
        },
    )
