"""What events and courses record in the audit trail and tell people."""

from django.utils.translation import gettext_lazy as _

from wemi_community.core.kinds import Action, Group, Kind

# Audit actions

EVENT_CREATED = Action("event.created", _("Event published"))
EVENT_EDITED = Action("event.edited", _("Event edited"))
EVENT_CANCELLED = Action("event.cancelled", _("Event cancelled"))
EVENT_REGISTERED = Action("event.registered", _("Registration for an event"))
EVENT_WAITLISTED = Action("event.waitlisted", _("Place on an event's waitlist"))
EVENT_PROMOTED = Action("event.promoted", _("Registration promoted from the waitlist"))
EVENT_REGISTRATION_CANCELLED = Action("event.registration_cancelled", _("Registration cancelled"))
EVENT_CHECKED_IN = Action("event.checked_in", _("Checked in at an event"))
EVENT_CHECK_IN_UNDONE = Action("event.check_in_undone", _("Check-in undone"))
EVENT_CALENDAR_TOKEN_RESET = Action("event.calendar_token_reset", _("Calendar address renewed"))
COURSE_CREATED = Action("course.created", _("Course published"))
COURSE_SESSION_ADDED = Action("course.session_added", _("Session added to a course"))
COURSE_ENROLLED = Action("course.enrolled", _("Signed up to a course"))
COURSE_WAITLISTED = Action("course.waitlisted", _("Place on a course's waitlist"))
COURSE_PROMOTED = Action("course.promoted", _("Moved up from a course's waitlist"))
COURSE_ENROLLMENT_CANCELLED = Action("course.enrollment_cancelled", _("Course sign-up cancelled"))
COURSE_ATTENDANCE_RECORDED = Action("course.attendance_recorded", _("Attendance recorded"))

# Notification kinds

NOTIFY_EVENT_REGISTERED = Kind(
    "event.registered",
    label=_("Confirmations of your registrations"),
    message=_("You are registered for “%(target)s”"),
)
NOTIFY_EVENT_WAITLISTED = Kind(
    "event.waitlisted",
    label=_("Places on a waitlist"),
    message=_("“%(target)s” is full: you are on the waitlist"),
)
NOTIFY_EVENT_PROMOTED = Kind(
    "event.promoted",
    label=_("A seat for you from the waitlist"),
    message=_("A seat freed up at “%(target)s”: you are registered"),
)
NOTIFY_EVENT_CHANGED = Kind(
    "event.changed",
    label=_("Changes of time or place of your events"),
    message=_("“%(target)s” changed its time or place"),
)
NOTIFY_EVENT_CANCELLED = Kind(
    "event.cancelled",
    label=_("Cancelled events"),
    message=_("“%(target)s” is cancelled"),
)
NOTIFY_EVENT_REMINDER = Kind(
    "event.reminder",
    label=_("Reminders the day before"),
    message=_("Tomorrow: “%(target)s”"),
)
NOTIFY_COURSE_PROMOTED = Kind(
    "course.promoted",
    label=_("A place for you in a course"),
    message=_("A place freed up in the course “%(target)s”: you are signed up"),
)

# Headings of the notification settings page

GROUP_EVENT = Group("event", _("Events"))
GROUP_COURSE = Group("course", _("Courses"))
