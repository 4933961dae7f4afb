"""What proposals record in the audit trail and tell people. The offers and the shared
services have theirs in ``shared_services/kinds.py``."""

from django.utils.translation import gettext_lazy as _

from wemi_community.core.kinds import Action, Group, Kind

# Audit actions

PROPOSAL_PUBLISHED = Action("proposal.published", _("Proposal published"))
PROPOSAL_LAB_DRAFT_CREATED = Action(
    "proposal.lab_draft_created", _("Draft proposal written in a lab")
)
PROPOSAL_EDITED = Action("proposal.edited", _("Proposal edited"))
PROPOSAL_DRAFT_DELETED = Action("proposal.draft_deleted", _("Draft proposal deleted"))
PROPOSAL_JOINED = Action("proposal.joined", _("Household joined a proposal"))
PROPOSAL_SUPPORT_CHANGED = Action("proposal.support_changed", _("Household size changed"))
PROPOSAL_LEFT = Action("proposal.left", _("Household left a proposal"))
PROPOSAL_UNDER_EVALUATION = Action(
    "proposal.under_evaluation", _("Proposal taken under evaluation")
)
PROPOSAL_ACCEPTED = Action("proposal.accepted", _("Proposal accepted"))
PROPOSAL_REJECTED = Action("proposal.rejected", _("Proposal rejected"))
PROPOSAL_WITHDRAWN = Action("proposal.withdrawn", _("Proposal withdrawn"))
PROPOSAL_EXPIRED = Action("proposal.expired", _("Proposal expired"))
# A proposal moving to a state records the action named after the state.
PROPOSAL_MOVED_TO = {
    str(action).split(".", 1)[1]: action
    for action in (
        PROPOSAL_UNDER_EVALUATION,
        PROPOSAL_ACCEPTED,
        PROPOSAL_REJECTED,
        PROPOSAL_WITHDRAWN,
        PROPOSAL_EXPIRED,
    )
}
PROPOSAL_THRESHOLD_SET = Action("proposal.threshold_set", _("Proposal threshold set"))
PROPOSAL_THRESHOLD_CHANGED = Action("proposal.threshold_changed", _("Proposal threshold changed"))
PROPOSAL_THRESHOLD_REMOVED = Action("proposal.threshold_removed", _("Proposal threshold removed"))
# Notification kinds

NOTIFY_PROPOSAL_PUBLISHED = Kind(
    "proposal.published",
    label=_("New proposals in the spaces you coordinate"),
    message=_("%(actor)s published the proposal “%(target)s”"),
)
NOTIFY_PROPOSAL_JOINED = Kind(
    "proposal.joined",
    label=_("Households joining your proposals"),
    message=_("%(actor)s joined your proposal “%(target)s”"),
)
NOTIFY_PROPOSAL_THRESHOLD_REACHED = Kind(
    "proposal.threshold_reached",
    label=_("Proposals reaching their threshold"),
    message=_("Enough households joined “%(target)s”: the coordinator will now evaluate it"),
)
NOTIFY_PROPOSAL_STATE_CHANGED = Kind(
    "proposal.state_changed",
    label=_("Answers and changes of state of proposals you follow"),
    message=_("The proposal “%(target)s” has a new state, with an answer"),
)
# Headings of the notification settings page

GROUP_PROPOSAL = Group("proposal", _("Proposals"))
