from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "wemi_community.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def after_seed_demo(self):
        # The demo's code and data load only when seeding.
        from . import demo

        demo.after_seed()

    def ready(self):
        # Importing the audit helpers at module level would load models before the registry.
        from wemi_community.core import audit

        audit.register_action_labels(
            {
                "notifications.setting_changed": _("E-mail setting changed"),
                "notifications.unsubscribed": _("E-mails stopped from an unsubscribe link"),
                "notifications.resubscribed": _("E-mails turned back on"),
            }
        )
