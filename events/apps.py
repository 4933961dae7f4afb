from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    label = "events"
    verbose_name = _("Events and courses")

    def evidence_backfill(self, *, refresh: bool = False) -> int:
        # Imported here: it loads models, which the app registry allows only once it is ready.
        from . import evidence

        return evidence.backfill(refresh=refresh)

    def seed_city(self, *, city):
        # The city's code loads only when seeding.
        from . import city as events

        events.seed_city(city=city)

    def seed_demo(self, *, size: int, stdout):
        # The demo's code and data load only when seeding.
        from . import demo

        return demo.seed(size=size, stdout=stdout)

    def ready(self):
        # Imported here: these modules load models, which the app registry allows only now.
        from cms_templates import search_registry
        from spaces_pages import sections
        from wemi_community.core.kinds import declare
        from wemi_community.participation import registry

        from . import kinds, selectors
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

        declare(kinds)

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
