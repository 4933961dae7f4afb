from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from . import schedules


class CoreConfig(AppConfig):
    name = "wemi_community.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # The periodic tasks of every module, written after each migrate (django-q2's table).
        post_migrate.connect(schedules.sync_after_migrate, dispatch_uid="wemi_community.schedules")
