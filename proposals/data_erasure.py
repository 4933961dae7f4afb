"""What the proposals hold about a person who deletes their account
(``accounts.personal_data``): their household leaves the proposals still gathering, through
the join service (the counts and the threshold follow), and their drafts are thrown away.
Published proposals stay: others joined them and the spaces answered them; they read
"Partecipante cancellato" as author, since the account's row stays, emptied."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wemi_community.accounts.personal_data import Erasure
from wemi_community.core.errors import ParticipationError

from . import joins, services
from .models import Proposal, Support


def erase(user, *, actor, now) -> Erasure:
    erasure = Erasure()
    left = 0
    gathering = (Proposal.State.GATHERING, Proposal.State.THRESHOLD_REACHED)
    for support in (
        Support.objects.filter(user=user, proposal__state__in=gathering)
        .exclude(proposal__author=user)
        .select_related("proposal")
        .order_by("pk")
    ):
        try:
            joins.proposal_leave(actor=user, proposal=support.proposal, person=user)
        except (PermissionDenied, ParticipationError):
            continue
        left += 1
    if left:
        erasure.released.append(
            ngettext(
                "Your household left %(count)d proposal still gathering households.",
                "Your household left %(count)d proposals still gathering households.",
                left,
            )
            % {"count": left}
        )
    drafts = 0
    for draft in Proposal.objects.filter(author=user, state=Proposal.State.DRAFT).order_by("pk"):
        try:
            services.proposal_delete_draft(actor=user, proposal=draft, person=user)
        except (PermissionDenied, ParticipationError):
            continue
        drafts += 1
    if drafts:
        erasure.deleted.append(_("Your proposals not yet published (drafts)."))
    if Proposal.objects.filter(author=user).exists() or Support.objects.filter(user=user).exists():
        erasure.kept.append(
            _(
                "Your published proposals and the joins to closed ones, shown as "
                "“Partecipante cancellato”: others joined them and the spaces answered."
            )
        )
    return erasure
