from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "wemi_community.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from wemi_community.kinds import declare

        from . import kinds

        # The registry module declares the notifications' own audit actions too.
        declare(kinds)
