"""After listening: the themes workspace (aggregation), the drafts with their polls and
discussion (co-design), publishing them (action) and the participants' evaluation.

The themes page works with plain forms and the keyboard (tick needs, choose a theme, move);
dragging a need onto a theme is a shortcut its script adds on top."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from proposals import services as proposal_services
from proposals.forms import PRICING_EXPLANATIONS
from proposals.models import Proposal, TimeSlot, Weekday
from wemi_community.core.errors import ObjectHidden, StateConflict
from wemi_community.core.forms import add_service_errors
from wemi_community.core.ids import parse_id
from wemi_community.core.ratelimits import rate_limit

from . import codesign, permissions, selectors
from .forms import DraftForm, EvaluationForm, PollForm, ThemeChoiceForm, ThemeForm
from .models import Lab, Need, Poll, PollVote, Theme
from .viewer import LabViewer, lab_viewer, rate_key
from .views import detail_again

Phase = Lab.Phase
NEEDS_PER_PAGE = 30
THEMES_TEMPLATE = "labs/themes.html"
DRAFT_TEMPLATE = "labs/draft.html"


def _runner_or_403(viewer: LabViewer) -> None:
    if not viewer.can_run:
        raise PermissionDenied


# --- Themes --------------------------------------------------------------------------------------


def _filters(request) -> dict:
    source = request.POST if request.method == "POST" else request.GET
    theme = source.get("tema", "")
    category = source.get("categoria", "")
    return {
        "theme": theme if theme == "none" or parse_id(theme) else "",
        "category": parse_id(category),
        "page": source.get("page", ""),
    }


def _themes_url(lab: Lab, filters: dict) -> str:
    query = {
        key: value
        for key, value in (
            ("tema", filters["theme"]),
            ("categoria", filters["category"] or ""),
            ("page", filters["page"]),
        )
        if value
    }
    url = reverse("labs:themes", args=[lab.pk])
    return f"{url}?{urlencode(query)}" if query else url


def _themes_page(request, viewer: LabViewer, *, status=200, error="", **forms):
    lab = viewer.lab
    filters = _filters(request)
    themes = selectors.theme_rows(lab)
    page_obj = Paginator(
        selectors.needs_for_themes(lab, theme=filters["theme"], category=filters["category"]),
        NEEDS_PER_PAGE,
    ).get_page(filters["page"])
    can_organise = permissions.can_organise_themes(request.user, lab)
    categories = selectors.category_rows(lab)
    return render(
        request,
        THEMES_TEMPLATE,
        {
            "lab": lab,
            "viewer": viewer,
            "filters": filters,
            "themes": themes,
            "unthemed": selectors.unthemed_count(lab),
            "categories": categories,
            "page_obj": page_obj,
            "needs": page_obj.object_list,
            "can_organise": can_organise,
            "can_draft": permissions.can_write_drafts(request.user, lab),
            "create_form": forms.get("create_form") or ThemeForm(auto_id="id_new_theme_%s"),
            "move_form": forms.get("move_form")
            or ThemeChoiceForm(
                themes=themes,
                allow_none=True,
                label=_("Move the ticked needs to"),
                auto_id="id_move_%s",
            ),
            "form_errors": forms.get("form_errors", {}),
            "error_message": error,
            "back": _themes_url(lab, filters),
        },
        status=status,
    )


def _theme_of(lab: Lab, value) -> Theme | None:
    if not (pk := parse_id(value)):
        return None
    return Theme.objects.filter(lab=lab, pk=pk).first()


def _theme_action(request, viewer: LabViewer):
    """Runs one of the page's forms; returns None on success or the page with the refusal."""
    lab, user, action = viewer.lab, request.user, request.POST.get("action", "")
    if action == "create":
        form = ThemeForm(request.POST, auto_id="id_new_theme_%s")
        if not form.is_valid():
            return _themes_page(request, viewer, status=422, create_form=form)
        try:
            codesign.theme_create(actor=user, lab=lab, title=form.cleaned_data["title"])
        except ValidationError as error:
            add_service_errors(form, error)
            return _themes_page(request, viewer, status=422, create_form=form)
        return None
    if action == "move":
        themes = list(lab.themes.all())
        form = ThemeChoiceForm(request.POST, themes=themes, allow_none=True, auto_id="id_move_%s")
        ids = [pk for pk in map(parse_id, request.POST.getlist("needs")) if pk]
        if not ids:
            form.is_valid()
            form.add_error(None, _("Tick at least one need to move."))
        if not form.is_valid():
            return _themes_page(request, viewer, status=422, move_form=form)
        theme = _theme_of(lab, form.cleaned_data["theme"])
        for need in Need.objects.filter(lab=lab, pk__in=ids):
            codesign.need_move(actor=user, need=need, theme=theme)
        return None
    theme = _theme_of(lab, request.POST.get("theme_id"))
    if theme is None:
        raise Http404
    if action == "rename":
        codesign.theme_rename(actor=user, theme=theme, title=request.POST.get("title", ""))
    elif action == "merge":
        into = _theme_of(lab, request.POST.get("into"))
        codesign.theme_merge(actor=user, source=theme, into=into)
    elif action == "delete":
        codesign.theme_delete(actor=user, theme=theme)
    else:
        raise Http404
    return None


@require_http_methods(["GET", "POST"])
def lab_themes(request, pk: int):
    viewer = lab_viewer(request, pk)
    _runner_or_403(viewer)
    if viewer.lab.phase in (Phase.REQUESTED, Phase.DECLINED, Phase.LISTENING):
        return detail_again(
            request,
            viewer,
            status=409,
            error=_("Needs are grouped into themes after listening, during aggregation."),
        )
    if request.method == "GET":
        return _themes_page(request, viewer)
    try:
        refused = _theme_action(request, viewer)
    except ValidationError as error:
        messages_by_field = getattr(error, "message_dict", {"__all__": error.messages})
        text = " ".join(message for values in messages_by_field.values() for message in values)
        return _themes_page(request, viewer, status=422, error=text)
    except StateConflict as error:
        return _themes_page(request, viewer, status=409, error=str(error))
    except ObjectHidden as error:
        raise Http404 from error
    if refused is not None:
        return refused
    messages.success(request, _("Themes saved."))
    return redirect(_themes_url(viewer.lab, _filters(request)))


# --- Drafts --------------------------------------------------------------------------------------


@require_POST
def draft_create(request, pk: int, theme_pk: int):
    viewer = lab_viewer(request, pk)
    _runner_or_403(viewer)
    theme = get_object_or_404(Theme, lab=viewer.lab, pk=theme_pk)
    try:
        proposal = codesign.draft_create(actor=request.user, theme=theme)
    except StateConflict as error:
        return _themes_page(request, viewer, status=409, error=str(error))
    messages.success(
        request,
        _("The theme is now a draft proposal: complete it and discuss it with the lab."),
    )
    return redirect("labs:draft", pk=viewer.lab.pk, proposal_pk=proposal.pk)


def _draft_or_404(viewer: LabViewer, proposal_pk: int) -> Proposal:
    proposal = (
        Proposal.objects.select_related("category", "category__parent", "space", "author")
        .filter(lab=viewer.lab, pk=proposal_pk)
        .first()
    )
    if proposal is None or (proposal.is_hidden and not viewer.can_run):
        raise Http404
    return proposal


def _draft_page(request, viewer: LabViewer, proposal: Proposal, *, status=200, error="", **forms):
    lab, user = viewer.lab, request.user
    polls = list(Poll.objects.filter(proposal=proposal).prefetch_related("options"))
    voted = {}
    if viewer.participant is not None:
        voted = dict(
            PollVote.objects.filter(participant=viewer.participant, poll__in=polls).values_list(
                "poll_id", "option_id"
            )
        )
    can_write = permissions.can_write_drafts(user, lab)
    missing = proposal_services.missing_to_publish(proposal)
    return render(
        request,
        DRAFT_TEMPLATE,
        {
            "lab": lab,
            "viewer": viewer,
            "proposal": proposal,
            "theme": Theme.objects.filter(proposal=proposal).first(),
            "polls": [
                {
                    "poll": poll,
                    "voted_option": voted.get(poll.pk),
                    "show_results": poll.is_closed or poll.pk in voted or viewer.can_run,
                }
                for poll in polls
            ],
            "can_write": can_write,
            "can_vote": permissions.can_vote(viewer.participant, lab),
            "can_poll": viewer.can_run and lab.phase == Phase.CO_DESIGN,
            "can_publish": permissions.can_publish_drafts(user, lab),
            "missing": missing,
            "form": forms.get("form")
            or (DraftForm(initial=DraftForm.initial_from(proposal)) if can_write else None),
            "poll_form": forms.get("poll_form") or PollForm(),
            "days_labels": [label for value, label in Weekday.choices if value in proposal.days],
            "slot_labels": [
                label for value, label in TimeSlot.choices if value in proposal.time_slots
            ],
            "pricing_explanation": PRICING_EXPLANATIONS.get(proposal.pricing_mode, ""),
            "error_message": error,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def lab_draft(request, pk: int, proposal_pk: int):
    """A draft of the lab: its text, its polls and its discussion; who runs the lab edits it."""
    viewer = lab_viewer(request, pk)
    proposal = _draft_or_404(viewer, proposal_pk)
    if proposal.state != Proposal.State.DRAFT:
        return redirect(proposal)
    if request.method == "GET":
        return _draft_page(request, viewer, proposal)
    if not permissions.can_write_drafts(request.user, viewer.lab):
        if viewer.can_run:
            return _draft_page(
                request,
                viewer,
                proposal,
                status=409,
                error=_("Drafts are written during co-design."),
            )
        raise PermissionDenied
    form = DraftForm(request.POST)
    if not form.is_valid():
        return _draft_page(request, viewer, proposal, status=422, form=form)
    try:
        codesign.draft_update(actor=request.user, proposal=proposal, data=form.draft_data())
    except ValidationError as error:
        add_service_errors(form, error)
        return _draft_page(request, viewer, proposal, status=422, form=form)
    messages.success(request, _("The draft is saved."))
    return redirect("labs:draft", pk=viewer.lab.pk, proposal_pk=proposal.pk)


@require_POST
def draft_publish(request, pk: int, proposal_pk: int):
    viewer = lab_viewer(request, pk)
    _runner_or_403(viewer)
    proposal = _draft_or_404(viewer, proposal_pk)
    if proposal.state != Proposal.State.DRAFT:
        return redirect(proposal)
    try:
        proposal = codesign.draft_publish(actor=request.user, proposal=proposal)
    except ValidationError:
        # The page lists what is missing, next to the publish button.
        return _draft_page(
            request,
            viewer,
            proposal,
            status=422,
            error=_("Complete the draft before publishing it."),
        )
    except StateConflict as error:
        return _draft_page(request, viewer, proposal, status=409, error=str(error))
    messages.success(
        request,
        _("The proposal is published in the space: the lab's members are told and can join it."),
    )
    return redirect(proposal)


@require_POST
def draft_discard(request, pk: int, proposal_pk: int):
    viewer = lab_viewer(request, pk)
    _runner_or_403(viewer)
    proposal = _draft_or_404(viewer, proposal_pk)
    if proposal.state != Proposal.State.DRAFT:
        return redirect(proposal)
    try:
        codesign.draft_discard(actor=request.user, proposal=proposal)
    except PermissionDenied:
        return _draft_page(
            request,
            viewer,
            proposal,
            status=409,
            error=_("Drafts can be discarded during co-design and action."),
        )
    messages.success(request, _("The draft is discarded; its theme stays."))
    return redirect(viewer.lab)


# --- Polls ---------------------------------------------------------------------------------------


@require_POST
def poll_create(request, pk: int, proposal_pk: int):
    viewer = lab_viewer(request, pk)
    _runner_or_403(viewer)
    proposal = _draft_or_404(viewer, proposal_pk)
    form = PollForm(request.POST)
    if not form.is_valid():
        return _draft_page(request, viewer, proposal, status=422, poll_form=form)
    try:
        codesign.poll_create(
            actor=request.user,
            proposal=proposal,
            question=form.cleaned_data["question"],
            options=form.option_lines(),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _draft_page(request, viewer, proposal, status=422, poll_form=form)
    except (StateConflict, ObjectHidden) as error:
        return _draft_page(request, viewer, proposal, status=409, error=str(error))
    messages.success(request, _("The poll is open: the lab's members can vote."))
    return redirect("labs:draft", pk=viewer.lab.pk, proposal_pk=proposal.pk)


def _poll_or_404(viewer: LabViewer, poll_pk: int) -> Poll:
    poll = Poll.objects.select_related("proposal").filter(lab=viewer.lab, pk=poll_pk).first()
    if poll is None:
        raise Http404
    return poll


@require_POST
@rate_limit("lab_vote", key=rate_key)
def poll_vote(request, pk: int, poll_pk: int):
    viewer = lab_viewer(request, pk)
    poll = _poll_or_404(viewer, poll_pk)
    if not viewer.is_member:
        raise PermissionDenied
    try:
        codesign.poll_vote(
            actor=request.user,
            participant=viewer.participant,
            poll=poll,
            option_id=request.POST.get("option"),
        )
    except ValidationError:
        return _draft_page(
            request, viewer, poll.proposal, status=422, error=_("Choose one of the options.")
        )
    except StateConflict as error:
        return _draft_page(request, viewer, poll.proposal, status=409, error=str(error))
    messages.success(request, _("Thank you: your vote is counted."))
    return redirect(
        f"{reverse('labs:draft', args=[viewer.lab.pk, poll.proposal_id])}#poll-{poll.pk}"
    )


@require_POST
def poll_close(request, pk: int, poll_pk: int):
    viewer = lab_viewer(request, pk)
    _runner_or_403(viewer)
    poll = _poll_or_404(viewer, poll_pk)
    try:
        codesign.poll_close(actor=request.user, poll=poll)
    except StateConflict as error:
        return _draft_page(request, viewer, poll.proposal, status=409, error=str(error))
    messages.success(request, _("The poll is closed: everyone sees its results."))
    return redirect(
        f"{reverse('labs:draft', args=[viewer.lab.pk, poll.proposal_id])}#poll-{poll.pk}"
    )


# --- Evaluation ----------------------------------------------------------------------------------


@require_POST
@rate_limit("lab_vote", key=rate_key)
def lab_evaluate(request, pk: int):
    viewer = lab_viewer(request, pk)
    if not viewer.is_member:
        raise PermissionDenied
    form = EvaluationForm(request.POST)
    if not form.is_valid():
        return detail_again(request, viewer, status=422, evaluation_form=form)
    try:
        codesign.evaluation_submit(
            actor=request.user,
            participant=viewer.participant,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return detail_again(request, viewer, status=422, evaluation_form=form)
    except StateConflict as error:
        return detail_again(request, viewer, status=409, error=str(error))
    messages.success(request, _("Thank you for your evaluation."))
    return redirect(f"{viewer.lab.get_absolute_url()}#valutazione")
