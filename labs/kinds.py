"""What labs record in the audit trail and tell people."""

from django.utils.translation import gettext_lazy as _

from wemi_community.core.kinds import Action, Group, Kind

# Audit actions

LAB_CREATED = Action("lab.created", _("Lab created"))
LAB_REQUESTED = Action("lab.requested", _("Lab requested"))
LAB_APPROVED = Action("lab.approved", _("Lab request approved"))
LAB_DECLINED = Action("lab.declined", _("Lab request declined"))
LAB_EDITED = Action("lab.edited", _("Lab edited"))
LAB_GUESTS_FORGOTTEN = Action(
    "lab.guests_forgotten", _("Guests' nicknames and browser keys removed after the lab closed")
)
LAB_FACILITATOR_APPOINTED = Action("lab.facilitator_appointed", _("Facilitator appointed"))
LAB_FACILITATOR_REMOVED = Action("lab.facilitator_removed", _("Facilitator removed"))
LAB_PHASE_CHANGED = Action("lab.phase_changed", _("Lab moved to its next phase"))
LAB_INVITE_REGENERATED = Action("lab.invite_regenerated", _("Invitation link regenerated"))
LAB_JOINED = Action("lab.joined", _("Joined a lab"))
LAB_GUEST_JOINED = Action("lab.guest_joined", _("Guest joined a lab"))
LAB_GUEST_CLAIMED = Action("lab.guest_claimed", _("Guest participation attached to an account"))
LAB_NEED_POSTED = Action("lab.need_posted", _("Need posted"))
LAB_ME_TOO_ADDED = Action("lab.me_too_added", _("“Me too” added to a need"))
LAB_ME_TOO_REMOVED = Action("lab.me_too_removed", _("“Me too” taken back from a need"))
LAB_THEME_CREATED = Action("lab.theme_created", _("Theme created"))
LAB_THEME_RENAMED = Action("lab.theme_renamed", _("Theme renamed"))
LAB_THEME_DELETED = Action("lab.theme_deleted", _("Theme deleted"))
LAB_THEMES_MERGED = Action("lab.themes_merged", _("Themes merged"))
LAB_DRAFT_CREATED = Action("lab.draft_created", _("Theme turned into a draft proposal"))
LAB_DRAFT_DISCARDED = Action("lab.draft_discarded", _("Draft proposal discarded"))
LAB_DRAFT_PUBLISHED = Action("lab.draft_published", _("Draft proposal published"))
LAB_POLL_CREATED = Action("lab.poll_created", _("Poll opened"))
LAB_POLL_VOTED = Action("lab.poll_voted", _("Vote in a poll"))
LAB_POLL_CLOSED = Action("lab.poll_closed", _("Poll closed"))
LAB_EVALUATED = Action("lab.evaluated", _("Lab rated"))

# Notification kinds

NOTIFY_LAB_REQUESTED = Kind(
    "lab.requested",
    label=_("Requests for labs in the spaces you coordinate"),
    message=_("%(actor)s asked for the lab “%(target)s”"),
)
NOTIFY_LAB_REQUEST_DECIDED = Kind(
    "lab.request_decided",
    label=_("Answers to your requests for a lab"),
    message=_("The space answered your request for the lab “%(target)s”"),
)
NOTIFY_LAB_FACILITATOR_APPOINTED = Kind(
    "lab.facilitator_appointed",
    label=_("Labs you are asked to facilitate"),
    message=_("%(actor)s made you a facilitator of the lab “%(target)s”"),
)
NOTIFY_LAB_PHASE_CHANGED = Kind(
    "lab.phase_changed",
    label=_("New phases of the labs you take part in"),
    message=_("The lab “%(target)s” moved to its next phase"),
)
NOTIFY_LAB_PROPOSAL_PUBLISHED = Kind(
    "lab.proposal_published",
    label=_("Proposals published by your labs"),
    message=_("Your lab published the proposal “%(target)s”: join it if you need it"),
)

# Headings of the notification settings page

GROUP_LAB = Group("lab", _("Listening-action labs"))
