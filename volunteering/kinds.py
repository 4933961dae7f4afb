"""What volunteering records in the audit trail and tells people."""

from django.utils.translation import gettext_lazy as _

from wemi_community.core.kinds import Action, Group, Kind

# Audit actions

VOLUNTEERING_PROFILE_CREATED = Action(
    "volunteering.profile_created", _("Volunteer profile created")
)
VOLUNTEERING_PROFILE_EDITED = Action("volunteering.profile_edited", _("Volunteer profile edited"))
VOLUNTEERING_OPPORTUNITY_CREATED = Action(
    "volunteering.opportunity_created", _("Volunteer opportunity published")
)
VOLUNTEERING_OPPORTUNITY_EDITED = Action(
    "volunteering.opportunity_edited", _("Volunteer opportunity edited")
)
VOLUNTEERING_SHIFT_ADDED = Action("volunteering.shift_added", _("Shift added"))
VOLUNTEERING_SHIFT_CANCELLED = Action("volunteering.shift_cancelled", _("Shift cancelled"))
VOLUNTEERING_SIGNED_UP = Action("volunteering.signed_up", _("Signed up for a shift"))
VOLUNTEERING_WAITLISTED = Action("volunteering.waitlisted", _("Place on a shift's waitlist"))
VOLUNTEERING_PROMOTED = Action("volunteering.promoted", _("Moved up from a shift's waitlist"))
VOLUNTEERING_SIGNUP_CANCELLED = Action(
    "volunteering.signup_cancelled", _("Shift sign-up cancelled")
)
VOLUNTEERING_INVITED = Action("volunteering.invited", _("Volunteer invited to a shift"))
VOLUNTEERING_INVITATION_DECLINED = Action(
    "volunteering.invitation_declined", _("Invitation declined")
)
VOLUNTEERING_ATTENDANCE_CONFIRMED = Action(
    "volunteering.attendance_confirmed", _("Attendance at a shift confirmed")
)
VOLUNTEERING_ABSENCE_RECORDED = Action(
    "volunteering.absence_recorded", _("Absence from a shift recorded")
)
VOLUNTEERING_HOURS_LOGGED = Action("volunteering.hours_logged", _("Volunteer hours logged"))
VOLUNTEERING_HOURS_APPROVED = Action("volunteering.hours_approved", _("Volunteer hours approved"))
VOLUNTEERING_HOURS_REJECTED = Action("volunteering.hours_rejected", _("Volunteer hours rejected"))
VOLUNTEERING_OFFER_PUBLISHED = Action("volunteering.offer_published", _("Offer of help published"))
VOLUNTEERING_OFFER_WITHDRAWN = Action("volunteering.offer_withdrawn", _("Offer of help withdrawn"))
VOLUNTEERING_OFFER_TAKEN = Action("volunteering.offer_taken", _("Offer of help taken up"))

# Notification kinds

NOTIFY_VOLUNTEERING_INVITED = Kind(
    "volunteering.invited",
    label=_("Invitations to volunteer"),
    message=_("%(actor)s invites you to a shift of “%(target)s”"),
)
NOTIFY_VOLUNTEERING_PROMOTED = Kind(
    "volunteering.promoted",
    label=_("A place for you on a shift"),
    message=_("A place freed up on a shift of “%(target)s”: you are on it"),
)
NOTIFY_VOLUNTEERING_SHIFT_CANCELLED = Kind(
    "volunteering.shift_cancelled",
    label=_("Cancelled shifts"),
    message=_("A shift of “%(target)s” is cancelled"),
)
NOTIFY_VOLUNTEERING_REMINDER = Kind(
    "volunteering.reminder",
    label=_("Reminders of your shifts"),
    message=_("Tomorrow you have a shift of “%(target)s”"),
)
NOTIFY_VOLUNTEERING_HOURS_LOGGED = Kind(
    "volunteering.hours_logged",
    label=_("Volunteer hours to approve"),
    message=_("%(actor)s logged volunteer hours at %(target)s"),
)
NOTIFY_VOLUNTEERING_HOURS_APPROVED = Kind(
    "volunteering.hours_approved",
    label=_("Your hours approved"),
    message=_("%(actor)s approved your hours at %(target)s"),
)
NOTIFY_VOLUNTEERING_HOURS_REJECTED = Kind(
    "volunteering.hours_rejected",
    label=_("Your hours not approved"),
    message=_("%(actor)s did not approve your hours at %(target)s"),
)
NOTIFY_VOLUNTEERING_OFFER_TAKEN = Kind(
    "volunteering.offer_taken",
    label=_("Your offers of help taken up"),
    message=_("%(actor)s took up your offer: “%(target)s”"),
)

# Headings of the notification settings page

GROUP_VOLUNTEERING = Group("volunteering", _("Volunteering"))
