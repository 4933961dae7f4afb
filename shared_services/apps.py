from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharedServicesConfig(AppConfig):
    name = "shared_services"
    label = "shared_services"
    verbose_name = _("Shared services")

    def evidence_backfill(self, *, refresh: bool = False) -> int:
        # Imported here: it loads models, which the app registry allows only once it is ready.
        from . import evidence

        return evidence.backfill(refresh=refresh)

    def seed_city(self, *, city):
        # The city's code loads only when seeding.
        from . import city as services

        services.seed_city(city=city)

    def seed_demo(self, *, size: int, stdout):
        # The demo's code and data load only when seeding.
        from . import demo

        return demo.seed(size=size, stdout=stdout)

    def ready(self):
        # Imported here: these modules load models, which the app registry allows only now.
        from proposals import extensions
        from spaces_pages import sections
        from wemi_community.core.kinds import declare
        from wemi_community.participation import registry

        from . import kinds, offers, permissions, selectors, services, views
        from .models import SharedService

        registry.register_participatory(
            SharedService,
            can_view=permissions.can_view_service,
            space_of=lambda service: service.space,
            conversation_title=_("Discussion of the service"),
        )
        declare(kinds)
        sections.register(
            sections.SpaceSection(
                key="shared_services",
                title=_("Shared services"),
                selector=selectors.services_by_space,
                template="shared_services/includes/space_services.html",
                topics=("accounts",),  # Its rows name their provider.
            )
        )
        # What the proposals show and do of the service side, without importing it.
        extensions.add_detail_block(
            template="shared_services/includes/proposal_service.html",
            context=views.proposal_service_context,
        )
        extensions.add_detail_block(template="shared_services/includes/offers.html")
        extensions.add_mine_block(
            template="shared_services/includes/my_services.html",
            context=views.my_services_context,
        )
        extensions.on_closed(offers.offers_close)
        extensions.add_hourly("invitations_expired", services.invitations_expire)
