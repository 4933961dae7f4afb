from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "volunteering"
    label = "volunteering"
    verbose_name = _("Volunteering")

    def ready(self):
        from cms_templates import search_registry
        from spaces_pages import sections
        from wemi_community.kinds import declare

        from . import kinds, selectors

        declare(kinds)

        search_registry.register(
            _("Volunteering"), selectors.search_opportunities, key="volunteering"
        )
        sections.register(
            sections.SpaceSection(
                key="volunteering",
                title=_("Volunteer with us"),
                selector=selectors.opportunities_by_space,
                template="volunteering/includes/space_section.html",
            )
        )
