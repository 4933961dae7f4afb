"""Lab pages at /laboratori/: the list, opening or requesting a lab, its page (what happens now
and next, the wall, themes, drafts, evaluation), joining by invitation (with an account or as
a guest), attaching a guest's participation to an account, and the list of members.

Running a lab (phases, link, facilitators, editing) is in ``run_views.py``; the wall's
writes, the projector and the poster in ``wall_views.py``; themes, drafts, polls and the
evaluation in ``codesign_views.py``; the summary in ``summary_views.py``. Every write calls
a service: bad input comes back as the form with its errors (422), a state conflict as the
page with the message (409), a refusal as 403, a lab one may not see as 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms_templates.list_filters import applied
from proposals.models import Proposal
from spaces_pages.permissions import coordinates_a_space
from wemi_community.core.errors import ObjectHidden, StateConflict
from wemi_community.core.forms import add_service_errors
from wemi_community.core.ids import parse_id
from wemi_community.core.ratelimits import rate_limit

from . import permissions, qr, selectors, services
from .filters import LabFilter
from .forms import (
    EvaluationForm,
    GuestJoinForm,
    LabCreateForm,
    LabRequestForm,
    NeedForm,
)
from .models import Evaluation, Lab, Poll, PollVote
from .states import SEQUENCE, WHAT_HAPPENS, next_phase
from .viewer import (
    LabViewer,
    forget_guest,
    guest_lab_ids,
    lab_viewer,
    participation,
    remember_guest,
)

Phase = Lab.Phase
DETAIL_TEMPLATE = "labs/lab_detail.html"
LABS_PER_PAGE = 12
MEMBERS_PER_PAGE = 50
# Phases in which the page shows the themes, the drafts and the evaluation.
AFTER_LISTENING = frozenset(SEQUENCE[1:])
DRAFTING = frozenset({Phase.CO_DESIGN, Phase.ACTION, Phase.EVALUATION, Phase.CLOSED})


# --- The list, opening and requesting -----------------------------------------------------------


@require_GET
def lab_list(request):
    filterset = LabFilter(
        request.GET or None,
        queryset=selectors.lab_list(request.user, guest_lab_ids(request.session)),
    )
    labs = filterset.qs
    page_obj = Paginator(labs, LABS_PER_PAGE).get_page(request.GET.get("page"))
    user = request.user
    return render(
        request,
        "labs/lab_list.html",
        {
            "filter_form": filterset.form,
            "is_filtered": bool(applied(filterset)),
            "page_obj": page_obj,
            "labs": page_obj.object_list,
            "requests": list(selectors.requests_to_decide(user)[:20]),
            "can_create": user.is_authenticated and coordinates_a_space(user),
            "can_request": permissions.can_request_lab(user),
        },
    )


def _form_page(request, form, *, title: str, intro: str, submit: str, status: int = 200):
    return render(
        request,
        "labs/lab_form.html",
        {"form": form, "title": title, "intro": intro, "submit": submit},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def lab_create(request):
    if not coordinates_a_space(request.user):
        raise PermissionDenied
    form = LabCreateForm(request.POST or None, user=request.user)
    page = {
        "title": _("Open a lab"),
        "intro": _(
            "A listening-action lab in a condominium, a school, a company or a neighbourhood. "
            "It opens in listening: share the invitation link or print the poster with its QR "
            "code."
        ),
        "submit": _("Open the lab"),
    }
    if request.method == "GET":
        return _form_page(request, form, **page)
    if not form.is_valid():
        return _form_page(request, form, status=422, **page)
    try:
        lab = services.lab_create(
            coordinator=request.user,
            space=form.cleaned_data["space"],
            data=form.lab_data(),
            facilitators=getattr(form, "facilitators", []),
            dates=form.dates(),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _form_page(request, form, status=422, **page)
    messages.success(request, _("The lab is open, in listening. Invite the participants."))
    return redirect(lab)


@login_required
@require_http_methods(["GET", "POST"])
def lab_request(request):
    if not permissions.can_request_lab(request.user):
        raise PermissionDenied
    initial = {}
    if space := parse_id(request.GET.get("spazio")):
        initial["space"] = space
    form = LabRequestForm(request.POST or None, initial=initial)
    page = {
        "title": _("Ask for a lab"),
        "intro": _(
            "Are you a condominium administrator or a parents' representative? Ask a Spazio "
            "WeMi to support a listening-action lab: its coordinators will answer, and you will "
            "facilitate it."
        ),
        "submit": _("Send the request"),
    }
    if request.method == "GET":
        return _form_page(request, form, **page)
    if not form.is_valid():
        return _form_page(request, form, status=422, **page)
    try:
        lab = services.lab_request(
            actor=request.user, space=form.cleaned_data["space"], data=form.lab_data()
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _form_page(request, form, status=422, **page)
    messages.success(request, _("Your request is sent: the space's coordinators will answer."))
    return redirect(lab)


# --- The lab's page ------------------------------------------------------------------------------


def _drafts(lab: Lab, viewer: LabViewer) -> list[dict]:
    """The lab's proposals (drafts and published) with their polls and this viewer's votes."""
    proposals = list(
        Proposal.objects.filter(lab=lab)
        .exclude(state=Proposal.State.DRAFT, hidden_at__isnull=False)
        .select_related("category", "lab_theme")
        .order_by("pk")
    )
    polls = list(Poll.objects.filter(lab=lab).prefetch_related("options").order_by("pk"))
    voted = {}
    if viewer.participant is not None:
        voted = dict(
            PollVote.objects.filter(participant=viewer.participant).values_list(
                "poll_id", "option_id"
            )
        )
    rows = []
    for proposal in proposals:
        rows.append(
            {
                "proposal": proposal,
                "polls": [
                    {"poll": poll, "voted_option": voted.get(poll.pk)}
                    for poll in polls
                    if poll.proposal_id == proposal.pk
                ],
            }
        )
    return rows


def _invite(request, lab: Lab) -> dict | None:
    if not permissions.can_see_invite(request.user, lab):
        return None
    url = qr.invite_url(request, lab)
    return {"url": url, "qr": qr.qr_svg(url, label=_("QR code of the invitation link"))}


def detail_context(
    request,
    viewer: LabViewer,
    *,
    need_form=None,
    guest_form=None,
    evaluation_form=None,
    error: str = "",
) -> dict:
    lab, user, participant = viewer.lab, request.user, viewer.participant
    following = next_phase(lab.phase) if lab.phase in SEQUENCE else None
    own_evaluation = None
    if participant is not None and lab.phase in (Phase.EVALUATION, Phase.CLOSED):
        own_evaluation = Evaluation.objects.filter(participant=participant).first()
    if evaluation_form is None and own_evaluation is not None:
        evaluation_form = EvaluationForm(
            initial={"rating": own_evaluation.rating, "comment": own_evaluation.comment}
        )
    return {
        "lab": lab,
        "viewer": viewer,
        "steps": selectors.phase_steps(lab),
        "now_text": WHAT_HAPPENS.get(lab.phase, ""),
        "next_phase": Phase(following).label if following else "",
        "next_text": WHAT_HAPPENS.get(following, "") if following else "",
        "can_run": viewer.can_run,
        "can_advance": viewer.can_run and following is not None,
        "can_decide": permissions.can_decide_request(user, lab),
        "can_edit": permissions.can_edit_lab(user, lab),
        "can_appoint": permissions.can_appoint_facilitators(user, lab),
        "can_see_members": permissions.can_see_members(user, lab, participant),
        "can_see_authors": permissions.can_see_authors(user, lab),
        "can_post_need": permissions.can_post_need(participant, lab),
        "can_me_too": permissions.can_me_too(participant, lab),
        "can_evaluate": permissions.can_evaluate(participant, lab),
        "can_see_summary": permissions.can_see_summary(user, lab, participant),
        "can_export": permissions.can_export(user, lab),
        "can_join": permissions.can_join(lab) and participant is None,
        "invite": _invite(request, lab),
        "need_form": need_form or NeedForm(),
        "guest_form": guest_form or GuestJoinForm(),
        "evaluation_form": evaluation_form or EvaluationForm(),
        "own_evaluation": own_evaluation,
        "needs": selectors.wall_needs(lab),
        "my_me_too": selectors.me_too_ids(participant),
        "participants_total": selectors.participant_count(lab),
        "facilitators": selectors.facilitators(lab),
        "show_themes": lab.phase in AFTER_LISTENING,
        "themes": selectors.theme_rows(lab) if lab.phase in AFTER_LISTENING else [],
        "unthemed": selectors.unthemed_count(lab) if lab.phase in AFTER_LISTENING else 0,
        "categories": selectors.category_rows(lab) if lab.phase in AFTER_LISTENING else [],
        "drafts": _drafts(lab, viewer) if lab.phase in DRAFTING else [],
        "evaluation_summary": (
            selectors.evaluation_summary(lab)
            if permissions.can_see_evaluations(user, lab)
            and lab.phase in (Phase.EVALUATION, Phase.CLOSED)
            else None
        ),
        "public_join_url": (
            reverse("labs:invite", args=[lab.invite_token])
            if lab.visibility == Lab.Visibility.PUBLIC and permissions.can_join(lab)
            else ""
        ),
        "ws_path": f"/ws/laboratori/{lab.pk}/",
        "error_message": error,
    }


def detail_again(request, viewer: LabViewer, *, status: int, error: str = "", **forms):
    """The lab's page with a refusal: a form with its errors (422) or a message (409)."""
    viewer.lab.refresh_from_db()
    return render(
        request,
        DETAIL_TEMPLATE,
        detail_context(request, viewer, error=error, **forms),
        status=status,
    )


@require_GET
def lab_detail(request, pk: int):
    viewer = lab_viewer(request, pk)
    return render(request, DETAIL_TEMPLATE, detail_context(request, viewer))


# --- Joining -------------------------------------------------------------------------------------


def _invite_page(request, lab: Lab, *, guest_form=None, status: int = 200, error: str = ""):
    return render(
        request,
        "labs/invite.html",
        {
            "lab": lab,
            "guest_form": guest_form or GuestJoinForm(),
            "login_url": redirect_to_login(request.get_full_path()).url,
            "signup_url": reverse("accounts:signup"),
            "error_message": error,
        },
        status=status,
    )


def _invalid_invite(request, message: str, *, status: int):
    return render(request, "labs/invite_invalid.html", {"message": message}, status=status)


@require_http_methods(["GET", "POST"])
@rate_limit("lab_join")
def lab_invite(request, token: str):
    """The page the invitation link and the QR code open: join with an account or as a guest
    with a nickname."""
    try:
        lab = services.lab_for_invite(token)
    except ObjectHidden as error:
        return _invalid_invite(request, str(error), status=404)
    except StateConflict as error:
        return _invalid_invite(request, str(error), status=409)
    participant, _claimable = participation(request.user, request.session, lab)
    if participant is not None:
        return redirect(lab)
    if request.method == "GET":
        return _invite_page(request, lab)
    if request.POST.get("as") == "account":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services.join_with_account(actor=request.user, token=token)
        except (ObjectHidden, StateConflict) as error:
            return _invalid_invite(request, str(error), status=409)
        messages.success(request, _("Welcome to the lab “%(lab)s”.") % {"lab": lab.title})
        return redirect(lab)
    form = GuestJoinForm(request.POST)
    if not form.is_valid():
        return _invite_page(request, lab, guest_form=form, status=422)
    try:
        _participant, raw_key = services.join_as_guest(
            token=token, nickname=form.cleaned_data["nickname"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _invite_page(request, lab, guest_form=form, status=422)
    except (ObjectHidden, StateConflict) as error:
        return _invalid_invite(request, str(error), status=409)
    remember_guest(request, lab, raw_key)
    messages.success(
        request,
        _(
            "Welcome, %(nickname)s. This browser remembers you in the lab: to take part from "
            "another device, create an account and attach your participation to it."
        )
        % {"nickname": form.cleaned_data["nickname"]},
    )
    return redirect(lab)


@require_POST
@rate_limit("lab_join")
def lab_claim(request, pk: int):
    """A signed-in person attaches the guest participation this browser holds to their
    account."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("labs:detail", args=[pk]))
    viewer = lab_viewer(request, pk)
    if viewer.claimable is None:
        return detail_again(
            request,
            viewer,
            status=409,
            error=_("This browser holds no guest participation in the lab."),
        )
    try:
        services.guest_claim(actor=request.user, participant=viewer.claimable)
    except StateConflict as error:
        return detail_again(request, viewer, status=409, error=str(error))
    forget_guest(request, viewer.lab)
    messages.success(request, _("Your participation as a guest now belongs to your account."))
    return redirect(viewer.lab)


@require_GET
def lab_members(request, pk: int):
    viewer = lab_viewer(request, pk)
    if not permissions.can_see_members(request.user, viewer.lab, viewer.participant):
        raise PermissionDenied
    page_obj = Paginator(
        viewer.lab.participants.select_related("user").order_by("joined_at", "pk"),
        MEMBERS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "labs/members.html",
        {
            "lab": viewer.lab,
            "viewer": viewer,
            "page_obj": page_obj,
            "members": page_obj.object_list,
            "facilitators": selectors.facilitators(viewer.lab),
        },
    )
