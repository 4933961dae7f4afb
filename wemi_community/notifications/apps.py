from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "wemi_community.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def seed_city(self, *, city):
        # The city's code loads only when seeding.
        from . import city as notifications

        notifications.seed_city(city=city)

    def after_seed_demo(self):
        # The demo's code and data load only when seeding.
        from . import demo

        demo.after_seed()

    def ready(self):
        # Imported here: apps.py loads before the models may.
        from wemi_community.core import kinds as declarations

        from . import kinds

        # Every module's notification kinds, declared before or after this app is ready.
        declarations.on_declare(kinds.register_declared)
        # The registry module declares the notifications' own audit actions too.
        declarations.declare(kinds)
