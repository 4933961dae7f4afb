"""Writes of a lab after listening: themes (aggregation), drafts of proposals and their polls
(co-design), publishing the drafts (action) and the participants' evaluation. Keyword-only,
atomic, permission-checked and audited, like ``services.py``. A draft is a proposal of
``proposals/`` marked with the lab; its text and its publishing go through the proposals'
own services."""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from proposals import services as proposal_services
from proposals.models import Proposal
from wemi_community.catalogue.models import ServiceCategory
from wemi_community.core.audit import audit_log
from wemi_community.core.errors import ObjectHidden, StateConflict
from wemi_community.notifications.services import notify

from . import kinds, permissions
from .models import Evaluation, Lab, Need, Participant, Poll, PollOption, PollVote, Theme
from .selectors import member_user_ids
from .services import check_acting_as

Phase = Lab.Phase
POLL_MIN_OPTIONS, POLL_MAX_OPTIONS = 2, 8
EVALUATION_COMMENT_MAX_LENGTH = 1000
# The draft's description lists at most this many of the theme's needs, most shared first.
DRAFT_NEEDS_LISTED = 20
# What a lab's draft lets its facilitators change: the space is always the lab's.
DRAFT_FIELDS = tuple(field for field in proposal_services.DRAFT_FIELDS if field != "space")


def _locked(lab: Lab) -> Lab:
    return Lab.objects.select_for_update().select_related("space").get(pk=lab.pk)


def _clean_text(value, max_length: int) -> str:
    return " ".join(str(value or "").replace("\x00", "").split())[:max_length]


# --- Themes ----------------------------------------------------------------------------------


def _check_themes(actor, lab: Lab) -> None:
    if not permissions.can_run_lab(actor, lab):
        raise PermissionDenied
    if not permissions.can_organise_themes(actor, lab):
        raise StateConflict(_("Needs are grouped into themes during aggregation and co-design."))


def _theme_title(title: str) -> str:
    title = _clean_text(title, 120)
    if not title:
        raise ValidationError({"title": _("Give the theme a name.")})
    return title


def _own_theme(lab: Lab, theme: Theme | None, field: str) -> Theme | None:
    if theme is not None and theme.lab_id != lab.pk:
        raise ValidationError({field: _("Choose a theme of this lab.")})
    return theme


@transaction.atomic
def theme_create(*, actor, lab: Lab, title: str) -> Theme:
    lab = _locked(lab)
    _check_themes(actor, lab)
    title = _theme_title(title)
    if lab.themes.filter(title__iexact=title).exists():
        raise ValidationError({"title": _("This lab already has a theme with this name.")})
    theme = Theme.objects.create(lab=lab, title=title, position=lab.themes.count())
    audit_log(actor=actor, action=kinds.LAB_THEME_CREATED, target=lab, data={"theme": theme.pk})
    return theme


@transaction.atomic
def theme_rename(*, actor, theme: Theme, title: str) -> Theme:
    lab = _locked(theme.lab)
    _check_themes(actor, lab)
    _own_theme(lab, theme, "theme")
    title = _theme_title(title)
    if lab.themes.filter(title__iexact=title).exclude(pk=theme.pk).exists():
        raise ValidationError({"title": _("This lab already has a theme with this name.")})
    theme.title = title
    theme.save(update_fields=["title"])
    audit_log(actor=actor, action=kinds.LAB_THEME_RENAMED, target=lab, data={"theme": theme.pk})
    return theme


@transaction.atomic
def theme_merge(*, actor, source: Theme, into: Theme) -> Theme:
    """Moves every need of ``source`` into ``into`` and removes ``source``."""
    lab = _locked(source.lab)
    _check_themes(actor, lab)
    if into is None or into.lab_id != lab.pk or into.pk == source.pk:
        raise ValidationError({"into": _("Choose another theme of this lab.")})
    if source.proposal_id:
        raise StateConflict(
            _("“%(theme)s” already has a draft proposal: merge the other theme into it instead.")
            % {"theme": source.title}
        )
    Need.objects.filter(theme=source).update(theme=into)
    source.delete()
    audit_log(actor=actor, action=kinds.LAB_THEMES_MERGED, target=lab, data={"into": into.pk})
    return into


@transaction.atomic
def theme_delete(*, actor, theme: Theme) -> None:
    """Removes a theme; its needs go back to "no theme". A theme with a draft stays."""
    lab = _locked(theme.lab)
    _check_themes(actor, lab)
    if theme.proposal_id:
        raise StateConflict(_("This theme has a draft proposal: discard the draft first."))
    Need.objects.filter(theme=theme).update(theme=None)
    theme.delete()
    audit_log(actor=actor, action=kinds.LAB_THEME_DELETED, target=lab)


@transaction.atomic
def need_move(*, actor, need: Need, theme: Theme | None) -> Need:
    lab = _locked(need.lab)
    _check_themes(actor, lab)
    need = Need.objects.select_for_update().get(pk=need.pk)
    if need.lab_id != lab.pk:
        raise ObjectHidden(_("This need is not in the lab."))
    need.theme = _own_theme(lab, theme, "theme")
    need.save(update_fields=["theme"])
    return need


# --- Drafts --------------------------------------------------------------------------------------


def _draft_category(needs: list[Need]) -> ServiceCategory | None:
    """The catalogue's service most of the theme's needs (weighted by "me too") ask for."""
    weights: Counter = Counter()
    categories = {}
    for need in needs:
        if need.category.level == ServiceCategory.Level.LEVEL2:
            weights[need.category_id] += 1 + need.me_too_count
            categories[need.category_id] = need.category
    if not weights:
        return None
    return categories[weights.most_common(1)[0][0]]


def _draft_description(lab: Lab, theme: Theme, needs: list[Need]) -> str:
    lines = [
        _("Co-designed in the lab “%(lab)s”, from the theme “%(theme)s”.")
        % {"lab": lab.title, "theme": theme.title},
        "",
        _("The needs the participants shared:"),
        "",
    ]
    for need in needs[:DRAFT_NEEDS_LISTED]:
        if need.me_too_count:
            lines.append(
                "- "
                + ngettext(
                    "%(need)s (and %(count)s more said “me too”)",
                    "%(need)s (and %(count)s more said “me too”)",
                    need.me_too_count,
                )
                % {"need": need.text, "count": need.me_too_count}
            )
        else:
            lines.append(f"- {need.text}")
    return "\n".join(lines)


@transaction.atomic
def draft_create(*, actor, theme: Theme) -> Proposal:
    """The theme becomes a draft proposal of the lab's space, written from its needs; the
    facilitators then complete it with the lab."""
    lab = _locked(theme.lab)
    if not permissions.can_write_drafts(actor, lab):
        if permissions.can_run_lab(actor, lab):
            raise StateConflict(_("Drafts are written during co-design."))
        raise PermissionDenied
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    if theme.proposal_id:
        raise StateConflict(_("This theme already has a draft proposal."))
    needs = list(
        Need.objects.filter(theme=theme, hidden_at__isnull=True)
        .select_related("category")
        .order_by("-me_too_count", "pk")
    )
    if not needs:
        raise StateConflict(_("Move some needs into the theme before drafting a proposal."))
    proposal = proposal_services.proposal_draft_for_lab(
        author=actor,
        lab=lab,
        data={
            "title": theme.title,
            "category": _draft_category(needs),
            "description": _draft_description(lab, theme, needs),
        },
    )
    theme.proposal = proposal
    theme.save(update_fields=["proposal"])
    audit_log(
        actor=actor, action=kinds.LAB_DRAFT_CREATED, target=lab, data={"proposal": proposal.pk}
    )
    return proposal


def _lab_draft(proposal: Proposal, lab: Lab) -> Proposal:
    if proposal.lab_id != lab.pk or proposal.state != Proposal.State.DRAFT:
        raise ObjectHidden(_("This is not a draft of the lab."))
    return proposal


@transaction.atomic
def draft_update(*, actor, proposal: Proposal, data: dict) -> Proposal:
    lab = _locked(proposal.lab)
    _lab_draft(proposal, lab)
    data = {key: value for key, value in data.items() if key in DRAFT_FIELDS}
    return proposal_services.proposal_draft_save(actor=actor, proposal=proposal, data=data)


@transaction.atomic
def draft_discard(*, actor, proposal: Proposal) -> None:
    lab = _locked(proposal.lab)
    _lab_draft(proposal, lab)
    proposal_services.proposal_delete_draft(actor=actor, proposal=proposal)
    audit_log(actor=actor, action=kinds.LAB_DRAFT_DISCARDED, target=lab)


@transaction.atomic
def draft_publish(*, actor, proposal: Proposal) -> Proposal:
    """Action: the draft becomes a proposal of the space, gathering households; the lab's
    members with an account are told, to join it."""
    lab = _locked(proposal.lab)
    _lab_draft(proposal, lab)
    if not permissions.can_publish_drafts(actor, lab):
        if permissions.can_run_lab(actor, lab):
            raise StateConflict(_("Drafts are published in the action phase."))
        raise PermissionDenied
    proposal = proposal_services.proposal_publish(actor=actor, proposal=proposal)
    audit_log(
        actor=actor, action=kinds.LAB_DRAFT_PUBLISHED, target=lab, data={"proposal": proposal.pk}
    )
    notify(member_user_ids(lab), kinds.NOTIFY_LAB_PROPOSAL_PUBLISHED, proposal, actor=actor)
    return proposal


# --- Polls ---------------------------------------------------------------------------------------


def _poll_options(options) -> list[str]:
    cleaned, seen = [], set()
    for option in options or ():
        label = _clean_text(option, 100)
        if label and label.lower() not in seen:
            seen.add(label.lower())
            cleaned.append(label)
    if len(cleaned) < POLL_MIN_OPTIONS:
        raise ValidationError(
            {"options": _("Give at least %(min)s different options.") % {"min": POLL_MIN_OPTIONS}}
        )
    if len(cleaned) > POLL_MAX_OPTIONS:
        raise ValidationError(
            {"options": _("Give at most %(max)s options.") % {"max": POLL_MAX_OPTIONS}}
        )
    return cleaned


@transaction.atomic
def poll_create(*, actor, proposal: Proposal, question: str, options) -> Poll:
    lab = _locked(proposal.lab)
    _lab_draft(proposal, lab)
    if not permissions.can_run_lab(actor, lab):
        raise PermissionDenied
    if lab.phase != Phase.CO_DESIGN:
        raise StateConflict(_("Polls are held during co-design."))
    errors = {}
    question = _clean_text(question, 200)
    if not question:
        errors["question"] = _("Write the question.")
    try:
        labels = _poll_options(options)
    except ValidationError as error:
        errors.update({key: value[0] for key, value in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    poll = Poll.objects.create(lab=lab, proposal=proposal, question=question, created_by=actor)
    PollOption.objects.bulk_create(
        PollOption(poll=poll, label=label, position=index) for index, label in enumerate(labels)
    )
    audit_log(actor=actor, action=kinds.LAB_POLL_CREATED, target=lab, data={"poll": poll.pk})
    return poll


@transaction.atomic
def poll_vote(*, actor, participant: Participant, poll: Poll, option_id) -> PollVote:
    """One vote each, of ``participant`` (the actor is their account, their guest browser,
    or the space's desk for them); the counts are kept on the poll and its options under the
    poll's lock."""
    poll = Poll.objects.select_for_update().select_related("lab").get(pk=poll.pk)
    lab = poll.lab
    if not permissions.is_member(participant, lab):
        raise PermissionDenied
    on_behalf_of = check_acting_as(actor, participant, lab)
    if poll.is_closed or not permissions.can_vote(participant, lab):
        raise StateConflict(_("This poll is closed."))
    try:
        option = poll.options.get(pk=int(option_id))
    except (PollOption.DoesNotExist, TypeError, ValueError):
        raise ValidationError({"option": _("Choose one of the options.")}) from None
    try:
        with transaction.atomic():
            vote = PollVote.objects.create(poll=poll, option=option, participant=participant)
    except IntegrityError:
        raise StateConflict(_("You already voted in this poll.")) from None
    PollOption.objects.filter(pk=option.pk).update(votes_count=F("votes_count") + 1)
    Poll.objects.filter(pk=poll.pk).update(votes_count=F("votes_count") + 1)
    audit_log(
        actor=actor,
        on_behalf_of=on_behalf_of,
        action=kinds.LAB_POLL_VOTED,
        target=lab,
        data={"poll": poll.pk},
    )
    return vote


@transaction.atomic
def poll_close(*, actor, poll: Poll) -> Poll:
    poll = Poll.objects.select_for_update().select_related("lab", "lab__space").get(pk=poll.pk)
    if not permissions.can_run_lab(actor, poll.lab):
        raise PermissionDenied
    if poll.is_closed:
        raise StateConflict(_("This poll is already closed."))
    poll.closed_at = timezone.now()
    poll.save(update_fields=["closed_at"])
    audit_log(actor=actor, action=kinds.LAB_POLL_CLOSED, target=poll.lab, data={"poll": poll.pk})
    return poll


# --- Evaluation ----------------------------------------------------------------------------------


@transaction.atomic
def evaluation_submit(*, actor, participant: Participant, rating, comment: str = "") -> Evaluation:
    """A participant's rating (1–5) and comment (the actor as in ``poll_vote``); submitting
    again replaces them."""
    lab = Lab.objects.get(pk=participant.lab_id)
    on_behalf_of = check_acting_as(actor, participant, lab)
    if not permissions.can_evaluate(participant, lab):
        raise StateConflict(_("The lab is rated during its evaluation phase."))
    errors = {}
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        errors["rating"] = _("Choose from 1 to 5 stars.")
    comment = str(comment or "").replace("\x00", "").strip()
    if len(comment) > EVALUATION_COMMENT_MAX_LENGTH:
        errors["comment"] = _("Keep the comment within %(max)s characters.") % {
            "max": EVALUATION_COMMENT_MAX_LENGTH
        }
    if errors:
        raise ValidationError(errors)
    evaluation, _created = Evaluation.objects.update_or_create(
        participant=participant, defaults={"lab": lab, "rating": rating, "comment": comment}
    )
    audit_log(actor=actor, on_behalf_of=on_behalf_of, action=kinds.LAB_EVALUATED, target=lab)
    return evaluation
