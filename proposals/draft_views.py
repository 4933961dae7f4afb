"""The wizard that writes a proposal, one step at a time, saving the draft at every step:
servizio → descrizione → dettagli → simili (similar proposals, summary, publish)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from spaces_pages.selectors import live_spaces
from wemi_community.core.errors import StateConflict
from wemi_community.core.forms import add_service_errors
from wemi_community.core.ids import parse_id

from . import selectors, services, thresholds
from .forms import WIZARD_FORMS, WizardStepForm
from .models import Proposal, TimeSlot, Weekday
from .view_helpers import render_with_status

STEPS = (
    ("servizio", gettext_lazy("Service and space")),
    ("descrizione", gettext_lazy("Description")),
    ("dettagli", gettext_lazy("Who, when and how")),
    ("simili", gettext_lazy("Similar proposals and publishing")),
)
STEP_SLUGS = [slug for slug, _label in STEPS]
# The step where each field a proposal needs to be published is filled in.
STEP_OF_FIELD = {
    "category": "servizio",
    "space": "servizio",
    "title": "descrizione",
    "description": "descrizione",
    "audience": "dettagli",
    "pricing_mode": "dettagli",
    "deadline": "dettagli",
}
FIELD_LABELS = {
    "category": gettext_lazy("the service"),
    "space": gettext_lazy("the Spazio WeMi"),
    "title": gettext_lazy("the title"),
    "description": gettext_lazy("the description"),
    "audience": gettext_lazy("who it is for"),
    "pricing_mode": gettext_lazy("how it would be paid"),
}
TEMPLATE = "proposals/wizard_step.html"


# --- Helpers -----------------------------------------------------------------------------------


def _own_draft_or_404(request, pk: int) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related("space", "space__municipio", "category"),
        pk=pk,
    )
    # A lab's draft is written on the lab's pages, by the lab.
    if proposal.author_id != request.user.pk or proposal.lab_id is not None:
        raise Http404
    return proposal


def _step_url(proposal: Proposal, step: str) -> str:
    return reverse("proposals:draft_step", args=[proposal.pk, step])


def _steps(proposal: Proposal | None, current: str) -> list[dict]:
    return [
        {
            "slug": slug,
            "label": label,
            "number": number,
            "current": slug == current,
            "url": _step_url(proposal, slug) if proposal else "",
        }
        for number, (slug, label) in enumerate(STEPS, start=1)
    ]


def _initial(request, proposal: Proposal) -> dict:
    initial = WizardStepForm.initial_from(proposal)
    initial["deadline"] = proposal.deadline or services.default_deadline()
    return initial


def _as_data(initial: dict) -> MultiValueDict:
    data = MultiValueDict()
    for key, value in initial.items():
        if isinstance(value, list):
            data.setlist(key, [str(item) for item in value])
        elif value is not None:
            data[key] = value.isoformat() if isinstance(value, datetime.date) else str(value)
    return data


def _preselected_space(request) -> int | None:
    pk = parse_id(request.GET.get("spazio"))
    return pk if pk and live_spaces().filter(pk=pk).exists() else None


def _render_step(request, step: str, form, proposal: Proposal | None, *, status=200, error=""):
    number = STEP_SLUGS.index(step) + 1
    context = {
        "step": step,
        "step_number": number,
        "step_count": len(STEPS),
        "step_label": dict(STEPS)[step],
        "steps": _steps(proposal, step),
        "form": form,
        "proposal": proposal,
        "is_first": number == 1,
        "action": _step_url(proposal, step) if proposal else reverse("proposals:new"),
    }
    if step == "simili":
        context.update(_summary_context(request, proposal))
    return render_with_status(request, TEMPLATE, context, status=status, error=error)


def _summary_context(request, proposal: Proposal) -> dict:
    missing = services.missing_to_publish(proposal)
    threshold = (
        thresholds.threshold_for(proposal.category, proposal.space) if proposal.category else None
    )
    return {
        "similar": selectors.similar_proposals(proposal),
        "missing": [
            {"label": FIELD_LABELS[field], "url": _step_url(proposal, STEP_OF_FIELD[field])}
            for field in missing
        ],
        "threshold": threshold,
        "deadline": proposal.deadline or services.default_deadline(),
        "days_labels": [label for value, label in Weekday.choices if value in proposal.days],
        "slot_labels": [label for value, label in TimeSlot.choices if value in proposal.time_slots],
    }


def _saved_redirect(request, proposal: Proposal, action: str, step: str):
    """Where each button leads once the step is saved."""
    index = STEP_SLUGS.index(step)
    if action == "back" and index > 0:
        return redirect(_step_url(proposal, STEP_SLUGS[index - 1]))
    if action == "save":
        messages.success(
            request, _("Your draft is saved: you can go on with it from “My proposals”.")
        )
        return redirect("proposals:mine")
    return redirect(_step_url(proposal, STEP_SLUGS[min(index + 1, len(STEPS) - 1)]))


def _save_step(request, step: str, proposal: Proposal | None):
    """Validates and saves one step: the new step or the page again with the errors (422)."""
    action = request.POST.get("action", "next")
    form = WIZARD_FORMS[step](request.POST, strict=action == "next")
    if not form.is_valid():
        return _render_step(request, step, form, proposal, status=422)
    try:
        proposal = services.proposal_draft_save(
            actor=request.user, data=form.draft_data(), proposal=proposal
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _render_step(request, step, form, proposal, status=422)
    return _saved_redirect(request, proposal, action, step)


# --- Views -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def proposal_new(request):
    """Step 1 of a new proposal; posting it creates the draft."""
    if request.method == "POST":
        return _save_step(request, "servizio", None)
    form = WIZARD_FORMS["servizio"](initial={"space": _preselected_space(request)})
    return _render_step(request, "servizio", form, None)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_draft_step(request, pk: int, step: str):
    proposal = _own_draft_or_404(request, pk)
    if step not in STEP_SLUGS:
        raise Http404
    if proposal.state != Proposal.State.DRAFT:
        return redirect(proposal)
    if step == "simili":
        if request.method == "POST":
            return _publish(request, proposal)
        return _render_step(request, step, None, proposal)
    if request.method == "POST":
        return _save_step(request, step, proposal)
    initial = _initial(request, proposal)
    if request.GET.get("completa"):
        # Sent back from publishing: the fields still empty show their message.
        form = WIZARD_FORMS[step](_as_data(initial), strict=True)
        form.is_valid()
    else:
        form = WIZARD_FORMS[step](initial=initial)
    return _render_step(request, step, form, proposal)


def _publish(request, proposal: Proposal):
    if request.POST.get("action") == "back":
        return redirect(_step_url(proposal, "dettagli"))
    try:
        proposal = services.proposal_publish(actor=request.user, proposal=proposal)
    except ValidationError as error:
        fields = list(getattr(error, "error_dict", {}))
        steps = [STEP_OF_FIELD[field] for field in fields if field in STEP_OF_FIELD]
        if "deadline" in fields:
            messages.error(request, " ".join(error.message_dict["deadline"]))
            return redirect(_step_url(proposal, "dettagli"))
        if steps:
            first = min(steps, key=STEP_SLUGS.index)
            messages.error(request, _("Some information is missing: fill it in to publish."))
            return redirect(_step_url(proposal, first) + "?completa=1")
        return _render_step(
            request, "simili", None, proposal, status=422, error=" ".join(error.messages)
        )
    except StateConflict as error:
        return _render_step(request, "simili", None, proposal, status=409, error=str(error))
    messages.success(
        request,
        _("Your proposal is published. Share it: the more households join, the sooner it starts."),
    )
    return redirect(proposal)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_draft_delete(request, pk: int):
    proposal = _own_draft_or_404(request, pk)
    if proposal.state != Proposal.State.DRAFT:
        raise Http404
    if request.method == "POST":
        services.proposal_delete_draft(actor=request.user, proposal=proposal)
        messages.success(request, _("The draft is deleted."))
        return redirect("proposals:mine")
    return render(request, "proposals/draft_delete.html", {"proposal": proposal})
