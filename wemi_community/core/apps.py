from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from . import cache_versions, ids, schedules


class CoreConfig(AppConfig):
    name = "wemi_community.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # Before any URLconf is read: the project's paths take ``<id:pk>``. And an id larger
        # than a database integer finds no row instead of crashing the query.
        register_converter(ids.IdConverter, "id")
        ids.register_lookups()
        # The periodic tasks of every module, written after each migrate (django-q2's table).
        post_migrate.connect(schedules.sync_after_migrate, dispatch_uid="wemi_community.schedules")
        # Every write moves the versions the cached pages and fragments are keyed on.
        connection_created.connect(cache_versions.install, dispatch_uid="wemi_community.cache")
