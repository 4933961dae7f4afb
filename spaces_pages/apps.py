from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesPagesConfig(AppConfig):
    name = "spaces_pages"
    label = "spaces_pages"
    verbose_name = _("Spazi WeMi")

    def ready(self):
        from django.db.models.signals import post_migrate
        from wagtail.signals import page_published

        from wemi_community.kinds import declare
        from wemi_community.participation import registry

        from . import i18n, kinds
        from .models import SpacePage

        declare(kinds)
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
        # to its translations (spaces_pages.i18n).
        page_published.connect(_sync_space_translations, sender=SpacePage)
        # Every install has the English tree of its pages, like the home page and the index
        # that the data migrations make (pages made later get theirs when created).
        post_migrate.connect(_ensure_translations, sender=self)


def _ensure_translations(sender, using="default", **kwargs):
    from wagtail.models import Page

    from .services import site_translations_ensure

    # Nothing to mirror in an emptied database (a test's flush).
    if Page.objects.using(using).filter(depth=2).exists():
        site_translations_ensure()


def _sync_space_translations(sender, instance, **kwargs):
    from .services import space_translations_sync

    space_translations_sync(space=instance)
