from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesPagesConfig(AppConfig):
    name = "spaces_pages"
    label = "spaces_pages"
    verbose_name = _("Spazi WeMi")

    def seed_demo(self, *, size: int, stdout):
        # The demo's code and data load only when seeding.
        from . import demo

        return demo.seed(size=size, stdout=stdout)

    def seed_city(self, *, city):
        # The demo's code and data load only when seeding.
        from .demo import city_spaces

        city_spaces(city=city)

    def ready(self):
        # Imported here: these modules load models, which the app registry allows only now.
        from django.db.models.signals import post_migrate
        from wagtail.signals import page_published

        from cms_templates import i18n
        from wemi_community.core.kinds import declare
        from wemi_community.participation import registry

        from . import kinds, permissions
        from .models import SpacePage

        declare(kinds)
        # Its coordinators moderate what belongs to a space.
        registry.register_space_coordination(
            can_coordinate=permissions.can_coordinate_space,
            coordinated_space_ids=lambda user: set(permissions.coordinated_space_ids(user)),
        )
        # A space's page carries its public conversation ("questions and ideas"): anyone may
        # read a live space, anyone signed in may take part; its coordinators moderate.
        registry.register_participatory(
            SpacePage,
            can_view=lambda user, space: space.live,
            # One conversation per space, on its page in the default language (where the
            # modules point); each reader is sent back to the page in their own language.
            space_of=i18n.source,
            url_of=i18n.localized_url,
            conversation_title=_("Questions and ideas for this space"),
        )
        # A space's data is the same in every language: publishing its page copies the data
        # to its translations (cms_templates.i18n).
        page_published.connect(_sync_space_translations, sender=SpacePage)
        # Every install has the English tree of its pages, like the home page and the index
        # that the data migrations make (pages made later get theirs when created).
        post_migrate.connect(_ensure_translations, sender=self)


def _ensure_translations(sender, using="default", **kwargs):
    # Imported here: apps.py loads before the models may.
    from wagtail.models import Page

    from .services import site_translations_ensure

    # Nothing to mirror in an emptied database (a test's flush).
    if Page.objects.using(using).filter(depth=2).exists():
        site_translations_ensure()


def _sync_space_translations(sender, instance, **kwargs):
    # Imported here: apps.py loads before the models may.
    from .services import space_translations_sync

    space_translations_sync(space=instance)
