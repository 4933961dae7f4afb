from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    label = "events"
    verbose_name = _("Events and courses")

    def seed_demo(self, *, size: int, stdout):
        # The demo's code and data load only when seeding.
        from . import demo

        return demo.seed(size=size, stdout=stdout)

    def ready(self):
        # Imported here: these modules load models, which the app registry allows only now.
        from cms_templates import search_registry
        from spaces_pages import sections
        from wemi_community.core import audit
        from wemi_community.notifications import kinds
        from wemi_community.participation import registry

        from . import selectors
        from .models import Course, Event

        registry.register_participatory(
            Event,
            can_view=lambda user, event: True,
            space_of=lambda event: event.space,
            conversation_title=_("Questions about the event"),
        )
        registry.register_participatory(
            Course,
            can_view=lambda user, course: True,
            space_of=lambda course: course.space,
            conversation_title=_("Questions about the course"),
        )

        for key, label, message in (
            (
                "event.registered",
                _("Confirmations of your registrations"),
                _("You are registered for “%(target)s”"),
            ),
            (
                "event.waitlisted",
                _("Places on a waitlist"),
                _("“%(target)s” is full: you are on the waitlist"),
            ),
            (
                "event.promoted",
                _("A seat for you from the waitlist"),
                _("A seat freed up at “%(target)s”: you are registered"),
            ),
            (
                "event.changed",
                _("Changes of time or place of your events"),
                _("“%(target)s” changed its time or place"),
            ),
            (
                "event.cancelled",
                _("Cancelled events"),
                _("“%(target)s” is cancelled"),
            ),
            (
                "event.reminder",
                _("Reminders the day before"),
                _("Tomorrow: “%(target)s”"),
            ),
            (
                "course.promoted",
                _("A place for you in a course"),
                _("A place freed up in the course “%(target)s”: you are signed up"),
            ),
        ):
            kinds.register(key, label=label, message=message)
        kinds.register_group("event", _("Events"))
        kinds.register_group("course", _("Courses"))

        audit.register_action_labels(
            {
                "event.created": _("Event published"),
                "event.edited": _("Event edited"),
                "event.cancelled": _("Event cancelled"),
                "event.registered": _("Registration for an event"),
                "event.waitlisted": _("Place on an event's waitlist"),
                "event.promoted": _("Registration promoted from the waitlist"),
                "event.registration_cancelled": _("Registration cancelled"),
                "event.checked_in": _("Checked in at an event"),
                "event.check_in_undone": _("Check-in undone"),
                "event.calendar_token_reset": _("Calendar address renewed"),
                "course.created": _("Course published"),
                "course.session_added": _("Session added to a course"),
                "course.enrolled": _("Signed up to a course"),
                "course.waitlisted": _("Place on a course's waitlist"),
                "course.enrollment_cancelled": _("Course sign-up cancelled"),
                "course.attendance_recorded": _("Attendance recorded"),
            }
        )

        search_registry.register(_("Event"), selectors.search_events, key="events")
        sections.register(
            sections.SpaceSection(
                key="events",
                title=_("Upcoming events"),
                selector=selectors.upcoming_by_space,
                template="events/includes/space_section.html",
            )
        )
        sections.register_home(
            sections.HomeSection(
                key="events",
                title=_("Upcoming events"),
                selector=selectors.home_events,
                template="events/includes/home_section.html",
            )
        )
