"""A lab's summary, for the assembly's minutes and for the space: needs by category and by
theme, what each theme became (proposal, shared service), participation by phase and the
evaluation. Only numbers and the lab's own words (themes, proposals): never a nickname, an
author or the text of a need, so it can be printed and shared."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from proposals.models import Proposal
from shared_services.models import SharedService

from . import selectors
from .models import Lab, MeToo, Need, Participant, PollVote
from .states import SEQUENCE

Phase = Lab.Phase


def theme_outcomes(lab: Lab) -> list[dict]:
    """Each theme with its counts and what it became: draft, proposal, shared service."""
    rows = []
    themes = selectors.theme_rows(lab)
    services = {
        service.proposal_id: service
        for service in SharedService.objects.filter(
            proposal_id__in=[theme.proposal_id for theme in themes if theme.proposal_id]
        )
    }
    for theme in themes:
        proposal = theme.proposal
        rows.append(
            {
                "theme": theme,
                "needs": theme.needs_total,
                "me_too": theme.me_too_total,
                "proposal": proposal,
                "service": services.get(proposal.pk) if proposal else None,
            }
        )
    return rows


def participation_by_phase(lab: Lab) -> list[dict]:
    """Per working phase: who joined during it and what was done in it."""
    joined = dict(
        Participant.objects.filter(lab=lab)
        .values("joined_phase")
        .annotate(total=Count("pk"))
        .values_list("joined_phase", "total")
    )
    needs = Need.objects.filter(lab=lab, hidden_at__isnull=True).count()
    me_too = MeToo.objects.filter(need__lab=lab).count()
    themes = lab.themes.count()
    drafts = Proposal.objects.filter(lab=lab).count()
    votes = PollVote.objects.filter(poll__lab=lab).count()
    proposals = Proposal.objects.filter(lab=lab).exclude(state=Proposal.State.DRAFT)
    published = proposals.count()
    households = sum(proposals.values_list("households_count", flat=True))
    evaluations = lab.evaluations.count()
    done = {
        Phase.LISTENING: ", ".join(
            (
                ngettext("%(n)s need", "%(n)s needs", needs) % {"n": needs},
                ngettext("%(n)s “me too”", "%(n)s “me too”", me_too) % {"n": me_too},
            )
        ),
        Phase.AGGREGATION: ngettext("%(n)s theme", "%(n)s themes", themes) % {"n": themes},
        Phase.CO_DESIGN: ", ".join(
            (
                ngettext("%(n)s draft", "%(n)s drafts", drafts) % {"n": drafts},
                ngettext("%(n)s vote in the polls", "%(n)s votes in the polls", votes)
                % {"n": votes},
            )
        ),
        Phase.ACTION: ", ".join(
            (
                ngettext("%(n)s proposal published", "%(n)s proposals published", published)
                % {"n": published},
                ngettext("%(n)s household joined", "%(n)s households joined", households)
                % {"n": households},
            )
        ),
        Phase.EVALUATION: ngettext("%(n)s evaluation", "%(n)s evaluations", evaluations)
        % {"n": evaluations},
    }
    return [
        {
            "phase": phase,
            "label": Phase(phase).label,
            "joined": joined.get(phase, 0),
            "done": done.get(phase, ""),
        }
        for phase in SEQUENCE[:-1]
    ]


def summary(lab: Lab) -> dict:
    participants = Participant.objects.filter(lab=lab).aggregate(
        total=Count("pk"), guests=Count("pk", filter=Q(user__isnull=True))
    )
    return {
        "lab": lab,
        "participants": participants["total"],
        "guests": participants["guests"],
        "needs": Need.objects.filter(lab=lab, hidden_at__isnull=True).count(),
        "me_too": MeToo.objects.filter(need__lab=lab).count(),
        "categories": selectors.category_rows(lab),
        "themes": theme_outcomes(lab),
        "unthemed": selectors.unthemed_count(lab),
        "phases": participation_by_phase(lab),
        "evaluation": selectors.evaluation_summary(lab),
        "facilitators": len(selectors.facilitators(lab)),
    }


def summary_table(data: dict) -> tuple[list, list[list]]:
    """The header and rows of the CSV: one table with a "section" column, so one file opens
    in any spreadsheet."""
    lab = data["lab"]
    header = [_("section"), _("item"), _("needs"), _("me too"), _("people"), _("detail")]
    rows = []

    def row(section, item, needs="", me_too="", people="", detail=""):
        rows.append([section, item, needs, me_too, people, detail])

    row(_("lab"), lab.title, detail=f"{lab.space.title} · {lab.get_kind_display()}")
    row(_("lab"), _("phase"), detail=lab.get_phase_display())
    row(_("lab"), _("participants"), people=data["participants"])
    row(_("lab"), _("of whom guests"), people=data["guests"])
    row(_("lab"), _("needs"), needs=data["needs"], me_too=data["me_too"])
    for category in data["categories"]:
        row(_("needs by category"), category["name"], category["needs"], category["me_too"])
    for outcome in data["themes"]:
        proposal, service = outcome["proposal"], outcome["service"]
        detail = ""
        if proposal is not None:
            detail = f"{_('proposal')}: {proposal.title} ({proposal.get_state_display()})"
        if service is not None:
            detail += f"; {_('shared service')}: {service.get_state_display()}"
        row(
            _("needs by theme"),
            outcome["theme"].title,
            outcome["needs"],
            outcome["me_too"],
            "",
            detail,
        )
    if data["unthemed"]:
        row(_("needs by theme"), _("no theme"), data["unthemed"])
    for phase in data["phases"]:
        row(
            _("participation by phase"),
            phase["label"],
            people=phase["joined"],
            detail=phase["done"],
        )
    evaluation = data["evaluation"]
    if evaluation["count"]:
        row(
            _("evaluation"),
            _("average rating"),
            people=evaluation["count"],
            detail=evaluation["average"],
        )
        for bucket in evaluation["distribution"]:
            row(
                _("evaluation"),
                _("%(stars)s out of 5") % {"stars": bucket["stars"]},
                people=bucket["count"],
            )
    return header, rows
