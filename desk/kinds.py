"""What the desk records in the audit trail and tells people."""

from django.utils.translation import gettext_lazy as _

from wemi_community.core.kinds import Action, Group, Kind

DESK_RESIDENT_REGISTERED = Action("desk.resident_registered", _("Resident registered at the desk"))
DESK_RESIDENT_EDITED = Action("desk.resident_edited", _("Resident's desk record edited"))
DESK_CONSENT_SIGNED = Action("desk.consent_signed", _("Paper consent signed at the desk"))
DESK_SESSION_STARTED = Action("desk.session_started", _("Assisted session started"))
DESK_SESSION_ENDED = Action("desk.session_ended", _("Assisted session ended"))
DESK_SESSION_REFUSED_WRITE = Action(
    "desk.session_write_refused", _("Write refused: the assisted session had ended")
)
DESK_CALL_DONE = Action("desk.call_done", _("Call made: the person was told"))
DESK_CALL_RETRY = Action("desk.call_retry", _("Call to make again"))
DESK_CALL_UNREACHABLE = Action("desk.call_unreachable", _("Call: the person could not be reached"))
DESK_ACTIVATION_ISSUED = Action("desk.activation_issued", _("Activation code printed at the desk"))
DESK_ACCOUNT_ACTIVATED = Action("desk.account_activated", _("Online account activated with a code"))
DESK_CONFLICT_RECORDED = Action(
    "desk.conflict_recorded", _("Desk record and online account reported as one person")
)
DESK_RECORDS_MERGED = Action("desk.records_merged", _("Desk record joined to the online account"))
DESK_CONFLICT_DISMISSED = Action("desk.conflict_dismissed", _("Report of two records dismissed"))
DESK_CONTACT_LOGGED = Action("desk.contact_logged", _("Desk contact logged"))
DESK_CONTACT_DELETED = Action("desk.contact_deleted", _("Desk contact deleted"))
DESK_SLOTS_PUBLISHED = Action("desk.slots_published", _("Appointment slots published"))
DESK_APPOINTMENT_BOOKED = Action("desk.appointment_booked", _("Appointment booked"))
DESK_APPOINTMENT_CANCELLED = Action("desk.appointment_cancelled", _("Appointment cancelled"))
# Required by the seat engine's book; appointments keep no waitlist, so never recorded.
DESK_APPOINTMENT_PROMOTED = Action(
    "desk.appointment_promoted", _("Appointment moved up from a waitlist")
)

# Notification kinds

NOTIFY_DESK_APPOINTMENT_REMINDER = Kind(
    "desk.appointment_reminder",
    label=_("Reminders of your appointments, the day before"),
    message=_("Tomorrow: your appointment at “%(target)s”"),
)

GROUP_DESK = Group("desk", _("Appointments at the desk"))
