"""What offers and shared services record in the audit trail and tell people. The keys are
the ones they had when they were part of the proposals: stored rows hold them."""

from django.utils.translation import gettext_lazy as _

from wemi_community.core.kinds import Action, Group, Kind

# Audit actions

OFFER_SUBMITTED = Action("offer.submitted", _("Offer submitted"))
OFFER_WITHDRAWN = Action("offer.withdrawn", _("Offer withdrawn"))
OFFER_CHOSEN = Action("offer.chosen", _("Offer chosen, shared service created"))
SERVICE_SEAT_TAKEN = Action("service.seat_taken", _("Seat taken in a shared service"))
SERVICE_WAITLISTED = Action("service.waitlisted", _("Household put on the waitlist"))
SERVICE_PROMOTED = Action("service.promoted", _("Household promoted from the waitlist"))
SERVICE_DECLINED = Action("service.declined", _("Invitation declined"))
SERVICE_INVITATION_EXPIRED = Action("service.invitation_expired", _("Invitation lapsed"))
SERVICE_LEFT = Action("service.left", _("Household left a shared service"))
SERVICE_ISEE_DECLARED = Action("service.isee_declared", _("ISEE band declared"))
SERVICE_COPAYMENT_SET = Action("service.copayment_set", _("Co-payment shares set"))
SERVICE_STARTED = Action("service.started", _("Shared service started"))
SERVICE_ENDED = Action("service.ended", _("Shared service ended"))
SERVICE_DELIVERY_LOGGED = Action("service.delivery_logged", _("Session logged"))
SERVICE_DELIVERY_CONFIRMED = Action(
    "service.delivery_confirmed", _("Session confirmed by a member")
)
SERVICE_DELIVERY_DISPUTED = Action("service.delivery_disputed", _("Session disputed by a member"))
SERVICE_RATED = Action("service.rated", _("Service rated"))

# Notification kinds

NOTIFY_PROPOSAL_OFFER_SUBMITTED = Kind(
    "proposal.offer_submitted",
    label=_("Offers from providers"),
    message=_("%(actor)s made an offer on “%(target)s”"),
)
NOTIFY_SERVICE_INVITATION = Kind(
    "service.invitation",
    label=_("Invitations to confirm your seat in a shared service"),
    message=_("“%(target)s” is starting: confirm your seat"),
)
NOTIFY_SERVICE_OFFER_CHOSEN = Kind(
    "service.offer_chosen",
    label=_("Offers of your organisation chosen by a space"),
    message=_("%(actor)s chose your offer: “%(target)s” is starting"),
)
NOTIFY_SERVICE_PROMOTED = Kind(
    "service.promoted",
    label=_("A seat for you from the waitlist"),
    message=_("A seat freed up in “%(target)s”: you are now a member"),
)
NOTIFY_SERVICE_QUOTA_CHANGED = Kind(
    "service.quota_changed",
    label=_("Changes of your quota in a shared service"),
    message=_("Your quota in “%(target)s” changed"),
)
NOTIFY_SERVICE_COPAYMENT_SET = Kind(
    "service.copayment_set",
    label=_("Co-payment shares of your services"),
    message=_("%(actor)s set what the City covers in “%(target)s”"),
)
NOTIFY_SERVICE_MINIMUM_REACHED = Kind(
    "service.minimum_reached",
    label=_("Shared services that can start"),
    message=_("“%(target)s” has the households it needs: it can start"),
)
NOTIFY_SERVICE_STARTED = Kind(
    "service.started",
    label=_("Shared services starting"),
    message=_("“%(target)s” has started"),
)
NOTIFY_SERVICE_ENDED = Kind(
    "service.ended",
    label=_("Shared services ending"),
    message=_("“%(target)s” has ended"),
)
NOTIFY_SERVICE_DELIVERY_LOGGED = Kind(
    "service.delivery_logged",
    label=_("Sessions logged in your services"),
    message=_("%(actor)s logged a session of “%(target)s”: confirm it"),
)
NOTIFY_SERVICE_DELIVERY_DISPUTED = Kind(
    "service.delivery_disputed",
    label=_("Disputed sessions"),
    message=_("%(actor)s disputed a session of “%(target)s”"),
)

# Headings of the notification settings page

GROUP_SERVICE = Group("service", _("Shared services"))
