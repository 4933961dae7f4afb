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
