"""Proposal pages at /proposte/: the list, the detail with "Ci sto", answers and withdrawal,
the author's edit page and "My proposals". The wizard that writes a draft is in
``draft_views.py``; offers and shared services are the ``shared_services`` app's.

Every write calls ``services.py``: bad input comes back as the form with its errors (422), a
state conflict as the page with the message (409), a refusal as 403, a hidden proposal as 404."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms_templates.list_filters import applied
from wemi_community.core.counts import CachedCountPaginator
from wemi_community.core.errors import StateConflict
from wemi_community.core.forms import add_service_errors

from . import extensions, joins, permissions, selectors, services
from .draft_views import proposal_draft_delete, proposal_draft_step, proposal_new
from .filters import ProposalFilter
from .forms import (
    PRICING_EXPLANATIONS,
    AnswerForm,
    JoinForm,
    ProposalEditForm,
    WithdrawForm,
)
from .models import Answer, Proposal, Support, TimeSlot, Weekday
from .states import GATHERING_STATES, coordinator_targets
from .view_helpers import render_with_status

__all__ = [
    "my_proposals",
    "proposal_answer",
    "proposal_detail",
    "proposal_draft_delete",
    "proposal_draft_step",
    "proposal_edit",
    "proposal_join",
    "proposal_leave",
    "proposal_list",
    "proposal_new",
    "proposal_withdraw",
]

DETAIL_TEMPLATE = "proposals/proposal_detail.html"


# --- Reading one proposal ---------------------------------------------------------------------


def _proposal_or_404(request, pk: int) -> Proposal:
    """The proposal if this person may see it; 404 for a draft or a hidden proposal that is
    not theirs to see."""
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "space", "space__municipio", "category", "category__parent", "author", "lab"
        ),
        pk=pk,
    )
    if not permissions.can_view_proposal(request.user, proposal):
        raise Http404
    return proposal


def _detail_context(
    request, proposal: Proposal, *, join_form=None, change_form=None, answer_form=None
) -> dict:
    user = request.user
    signed_in = user.is_authenticated
    support = Support.objects.filter(proposal=proposal, user=user).first() if signed_in else None
    default_size = getattr(user, "household_size", None) or 1
    can_answer = permissions.can_answer_proposal(user, proposal)
    targets = coordinator_targets(proposal.state) if can_answer else []
    extension_templates, extension_context = extensions.detail_blocks(request, proposal)
    days_left = None
    if proposal.deadline and proposal.state in GATHERING_STATES:
        days_left = max((proposal.deadline - timezone.localdate()).days, 0)
    return {
        "proposal": proposal,
        "support": support,
        "is_author": signed_in and proposal.author_id == user.pk,
        "can_join": permissions.can_join_proposal(user, proposal) and support is None,
        "can_change": permissions.can_join_proposal(user, proposal) and support is not None,
        "can_edit": permissions.can_edit_proposal(user, proposal),
        "can_withdraw": permissions.can_withdraw_proposal(user, proposal),
        "can_answer": can_answer and bool(targets),
        "is_gathering": proposal.state in GATHERING_STATES,
        "join_form": join_form or JoinForm(initial={"household_size": default_size}),
        "change_form": change_form
        or JoinForm(
            initial={"household_size": support.household_size if support else default_size},
            prefix_id="change",
        ),
        "answer_form": answer_form or AnswerForm(targets=targets),
        "answers": list(
            Answer.objects.filter(proposal=proposal)
            .select_related("author")
            .order_by("created_at", "pk")
        ),
        "extension_templates": extension_templates,
        "days_left": days_left,
        "days_labels": [label for value, label in Weekday.choices if value in proposal.days],
        "slot_labels": [label for value, label in TimeSlot.choices if value in proposal.time_slots],
        "pricing_explanation": PRICING_EXPLANATIONS.get(proposal.pricing_mode, ""),
        "login_url": redirect_to_login(f"{proposal.get_absolute_url()}#ci-sto").url,
        **extension_context,
    }


def _detail_again(request, proposal: Proposal, *, status: int, error: str = "", **forms):
    """The detail page with a refusal: the forms with their errors (422) or a message (409)."""
    proposal.refresh_from_db()
    return render_with_status(
        request,
        DETAIL_TEMPLATE,
        _detail_context(request, proposal, **forms),
        status=status,
        error=error,
    )


@require_GET
def proposal_detail(request, pk: int):
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "space", "space__municipio", "category", "category__parent", "author", "lab"
        ),
        pk=pk,
    )
    if not permissions.can_view_proposal(request.user, proposal):
        if proposal.is_hidden and proposal.state != Proposal.State.DRAFT:
            # Everyone else sees that something was here, and nothing of it.
            return render(
                request, "proposals/proposal_hidden.html", {"content": proposal}, status=404
            )
        raise Http404
    if proposal.state == Proposal.State.DRAFT and proposal.lab_id is not None:
        return redirect("labs:draft", pk=proposal.lab_id, proposal_pk=proposal.pk)
    if proposal.state == Proposal.State.DRAFT:
        return redirect("proposals:draft_step", pk=proposal.pk, step="simili")
    return render(request, DETAIL_TEMPLATE, _detail_context(request, proposal))


# --- Joining, leaving, withdrawing, answering ----------------------------------------------------


def _signed_in_or_login(request, pk: int):
    if request.user.is_authenticated:
        return None
    return redirect_to_login(reverse("proposals:detail", args=[pk]))


@require_POST
def proposal_join(request, pk: int):
    """ "Ci sto", or (``action=change``) a new household size for a household that joined."""
    if response := _signed_in_or_login(request, pk):
        return response
    proposal = _proposal_or_404(request, pk)
    changing = request.POST.get("action") == "change"
    form = JoinForm(request.POST, prefix_id="change" if changing else "join")
    form_key = "change_form" if changing else "join_form"
    if not form.is_valid():
        return _detail_again(request, proposal, status=422, **{form_key: form})
    size = form.cleaned_data["household_size"]
    try:
        if changing:
            joins.proposal_support_change(
                actor=request.user, proposal=proposal, household_size=size
            )
        else:
            joins.proposal_join(actor=request.user, proposal=proposal, household_size=size)
    except ValidationError as error:
        add_service_errors(form, error)
        return _detail_again(request, proposal, status=422, **{form_key: form})
    except StateConflict as error:
        return _detail_again(request, proposal, status=409, error=str(error))
    if changing:
        messages.success(request, _("Done: your household now counts %(n)s.") % {"n": size})
    else:
        messages.success(
            request,
            _("You joined the proposal. We will tell you when the coordinator answers."),
        )
    return redirect(proposal)


@require_POST
def proposal_leave(request, pk: int):
    if response := _signed_in_or_login(request, pk):
        return response
    proposal = _proposal_or_404(request, pk)
    try:
        joins.proposal_leave(actor=request.user, proposal=proposal)
    except StateConflict as error:
        return _detail_again(request, proposal, status=409, error=str(error))
    messages.success(request, _("Your household left the proposal."))
    return redirect(proposal)


@require_http_methods(["GET", "POST"])
def proposal_withdraw(request, pk: int):
    """The author withdraws the proposal, after a confirmation, with an optional reason."""
    if response := _signed_in_or_login(request, pk):
        return response
    proposal = _proposal_or_404(request, pk)
    if proposal.author_id != request.user.pk:
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    context = {"proposal": proposal, "form": form}
    template = "proposals/withdraw.html"
    if request.method == "GET" or not form.is_valid():
        if not permissions.can_withdraw_proposal(request.user, proposal):
            return render_with_status(
                request,
                template,
                {**context, "cannot": True},
                status=409,
                error=_("This proposal can no longer be withdrawn."),
            )
        return render(request, template, context, status=200 if request.method == "GET" else 422)
    try:
        services.proposal_withdraw(
            actor=request.user, proposal=proposal, text=form.cleaned_data["text"]
        )
    except StateConflict as error:
        return render_with_status(
            request, template, {**context, "cannot": True}, status=409, error=str(error)
        )
    messages.success(request, _("The proposal is withdrawn. The households that joined are told."))
    return redirect(proposal)


@require_POST
def proposal_answer(request, pk: int):
    """A coordinator of the space moves the proposal on, with a public answer."""
    if response := _signed_in_or_login(request, pk):
        return response
    proposal = _proposal_or_404(request, pk)
    if not permissions.can_answer_proposal(request.user, proposal):
        raise PermissionDenied
    form = AnswerForm(request.POST, targets=coordinator_targets(proposal.state))
    if not form.is_valid():
        return _detail_again(request, proposal, status=422, answer_form=form)
    try:
        services.proposal_answer(
            coordinator=request.user,
            proposal=proposal,
            to_state=form.cleaned_data["to_state"],
            text=form.cleaned_data["text"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _detail_again(request, proposal, status=422, answer_form=form)
    except StateConflict as error:
        return _detail_again(request, proposal, status=409, error=str(error))
    messages.success(request, _("Your answer is published and the participants are told."))
    return redirect(proposal)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk: int):
    """The author edits a proposal still gathering; a draft goes back to its wizard."""
    proposal = _proposal_or_404(request, pk)
    if proposal.author_id != request.user.pk:
        raise PermissionDenied
    if proposal.state == Proposal.State.DRAFT:
        return redirect("proposals:draft_step", pk=proposal.pk, step="servizio")
    if not permissions.can_edit_proposal(request.user, proposal):
        return _detail_again(
            request,
            proposal,
            status=409,
            error=_("Households are no longer joining this proposal: it cannot be edited."),
        )
    template = "proposals/proposal_edit.html"
    if request.method == "GET":
        form = ProposalEditForm(initial=ProposalEditForm.initial_from(proposal))
        return render(request, template, {"proposal": proposal, "form": form})
    form = ProposalEditForm(request.POST)
    context = {"proposal": proposal, "form": form}
    if not form.is_valid():
        return render(request, template, context, status=422)
    try:
        services.proposal_update(actor=request.user, proposal=proposal, data=form.draft_data())
    except ValidationError as error:
        add_service_errors(form, error)
        return render(request, template, context, status=422)
    except StateConflict as error:
        return render_with_status(request, template, context, status=409, error=str(error))
    messages.success(request, _("Your changes are saved."))
    return redirect(proposal)


# --- Lists --------------------------------------------------------------------------------------


@require_GET
def proposal_list(request):
    # Bound even with no query string: the list starts from the open proposals.
    filterset = ProposalFilter(request.GET, queryset=selectors.published_proposals())
    proposals = filterset.qs
    cleaned = applied(filterset)
    page_obj = CachedCountPaginator(proposals, settings.WEMI_PROPOSALS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "proposals/proposal_list.html",
        {
            "filter_form": filterset.form,
            "page_obj": page_obj,
            "proposals": page_obj.object_list,
            "result_count": page_obj.paginator.count,
            # The open proposals are where the list starts: not a filter unless asked for.
            "is_filtered": any(key != "ordina" and key in request.GET for key in cleaned),
            "space_filter": cleaned.get("spazio"),
        },
    )


@login_required
@require_GET
def my_proposals(request):
    mine = selectors.my_proposals(request.user)
    drafts = list(mine.filter(state=Proposal.State.DRAFT, author=request.user, lab__isnull=True))
    page_obj = Paginator(
        mine.exclude(state=Proposal.State.DRAFT), settings.WEMI_PROPOSALS_PER_PAGE
    ).get_page(request.GET.get("page"))
    extension_templates, extension_context = extensions.mine_blocks(request)
    return render(
        request,
        "proposals/my_proposals.html",
        {
            "drafts": drafts,
            "page_obj": page_obj,
            "proposals": page_obj.object_list,
            "extension_templates": extension_templates,
            **extension_context,
        },
    )
