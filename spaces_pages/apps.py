from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesPagesConfig(AppConfig):
    name = "spaces_pages"
    label = "spaces_pages"
    verbose_name = _("Spazi WeMi")
