from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "labs"
    label = "labs"
    verbose_name = _("Listening-action labs")

    def seed_city(self, *, city):
        # The city's code loads only when seeding.
        from . import city as builder

        builder.seed_city(city=city)

    def seed_demo(self, *, size: int, stdout):
        # The demo's code and data load only when seeding.
        from . import demo

        return demo.seed(size=size, stdout=stdout)

    def evidence_backfill(self, *, refresh: bool = False) -> int:
        # Imported here: it loads models, which the app registry allows only once it is ready.
        from . import evidence

        return evidence.backfill(refresh=refresh)

    def holds_staff_role(self, user) -> bool:
        # A lab's facilitators see who wrote each need: they sign in with a second factor
        # (accounts.permissions.needs_second_factor asks this hook).
        return user.lab_facilitations.exists()

    def ready(self):
        # Imported here: these modules load models, which the app registry allows only now.
        from cms_templates import search_registry
        from proposals import lab_drafts
        from spaces_pages import sections
        from wemi_community.core.kinds import declare
        from wemi_community.participation import registry

        from . import kinds, permissions, selectors
        from .models import Need

        # Drafts of proposals co-designed here: the lab says who sees, writes and publishes them.
        lab_drafts.register(
            can_see=permissions.can_see_drafts,
            can_write=permissions.can_write_drafts,
            can_publish=permissions.can_publish_drafts,
        )
        registry.register_content(
            Need,
            author_of=lambda need: need.author,
            space_of=lambda need: need.lab.space,
            excerpt_of=lambda need: need.text[:200],
            can_view=lambda user, need: permissions.can_view_lab(
                user, need.lab, permissions.account_participant(user, need.lab)
            ),
            url_of=lambda need: f"{need.lab.get_absolute_url()}#need-{need.pk}",
        )

        declare(kinds)

        search_registry.register(_("Lab"), selectors.search_labs, key="labs")
        sections.register(
            sections.SpaceSection(
                key="labs",
                title=_("Listening-action labs"),
                selector=selectors.public_labs_by_space,
                template="labs/includes/space_section.html",
            )
        )
