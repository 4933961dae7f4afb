from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def evidence_backfill(self, *, refresh: bool = False) -> int:
        # Imported here: it loads models, which the app registry allows only once it is ready.
        from . import evidence

        return evidence.backfill(refresh=refresh)

    def seed_city(self, *, city):
        # The city's code loads only when seeding.
        from . import city as proposals

        proposals.seed_city(city=city)

    def ready(self):
        # Imported here: these modules load models, which the app registry allows only now.
        from cms_templates import search_registry
        from spaces_pages import sections
        from wemi_community.core.kinds import declare
        from wemi_community.core.sanitize import plain_text
        from wemi_community.participation import registry

        from . import kinds, permissions, selectors
        from .models import Proposal

        registry.register_participatory(
            Proposal,
            can_view=permissions.can_view_proposal,
            space_of=lambda proposal: proposal.space,
            author_of=lambda proposal: proposal.author,
            can_take_part=permissions.can_take_part_in_proposal,
            conversation_title=_("Discussion of the proposal"),
        )
        registry.register_content(
            Proposal,
            author_of=lambda proposal: proposal.author,
            space_of=lambda proposal: proposal.space,
            excerpt_of=lambda proposal: (
                f"{proposal.title}: {plain_text(proposal.description_html)}"[:200]
            ),
            can_view=permissions.can_view_proposal,
        )
        declare(kinds)

        search_registry.register(_("Proposal"), selectors.search_proposals, key="proposals")
        search_registry.register(_("Service"), selectors.search_services, key="services")
        sections.register(
            sections.SpaceSection(
                key="proposals",
                title=_("Open proposals"),
                selector=selectors.open_proposals_by_space,
                template="proposals/includes/space_section.html",
                topics=("catalogue",),  # Its rows name their category.
            )
        )
        sections.register_home(
            sections.HomeSection(
                key="proposals",
                title=_("Open proposals"),
                selector=selectors.home_proposals,
                template="proposals/includes/home_section.html",
            )
        )
