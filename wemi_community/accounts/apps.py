from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    # Explicit, because this module holds a second AppConfig (below).
    default = True
    name = "wemi_community.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.db.models.signals import post_migrate

        from wemi_community import schedules
        from wemi_community.kinds import declare

        from . import kinds

        declare(kinds)
        # The periodic tasks of every module, written after each migrate (django-q2's table).
        post_migrate.connect(schedules.sync_after_migrate, dispatch_uid="wemi_community.schedules")


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Installed in place of "wagtail.users": Wagtail 8 reads the user admin's forms from this
    viewset, no longer from the WAGTAIL_USER_* settings."""

    default = False
    user_viewset = "wemi_community.accounts.viewsets.UserViewSet"
