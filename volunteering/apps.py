from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "volunteering"
    label = "volunteering"
    verbose_name = _("Volunteering")

    def evidence_backfill(self, *, refresh: bool = False) -> int:
        # Imported here: it loads models, which the app registry allows only once it is ready.
        from . import evidence

        return evidence.backfill(refresh=refresh)

    def seed_city(self, *, city):
        # The city's code loads only when seeding.
        from . import city as builder

        builder.seed_city(city=city)

    def seed_demo(self, *, size: int, stdout):
        # The demo's code and data load only when seeding.
        from . import demo

        return demo.seed(size=size, stdout=stdout)

    def ready(self):
        # Imported here: these modules load models, which the app registry allows only now.
        from cms_templates import search_registry
        from spaces_pages import sections
        from wemi_community.core.kinds import declare

        from . import kinds, selectors

        declare(kinds)

        search_registry.register(
            _("Volunteering"), selectors.search_opportunities, key="volunteering"
        )
        search_registry.register(_("Offer of help"), selectors.search_offers, key="offers")
        sections.register(
            sections.SpaceSection(
                key="volunteering",
                title=_("Volunteer with us"),
                selector=selectors.opportunities_by_space,
                template="volunteering/includes/space_section.html",
            )
        )
