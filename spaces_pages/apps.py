from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesPagesConfig(AppConfig):
    name = "spaces_pages"
    label = "spaces_pages"
    verbose_name = _("Spazi WeMi")

    def ready(self):
        from wemi_community.participation import registry

        from .models import SpacePage

        # A space's page carries its public conversation ("questions and ideas"): anyone may
        # read a live space, anyone signed in may take part; its coordinators moderate.
        registry.register_participatory(
            SpacePage,
            can_view=lambda user, space: space.live,
            space_of=lambda space: space,
            conversation_title=_("Questions and ideas for this space"),
        )
