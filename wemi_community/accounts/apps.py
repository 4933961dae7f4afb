from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    # Explicit, because this module holds a second AppConfig (below).
    default = True
    name = "wemi_community.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def seed_demo(self, *, size: int, stdout):
        # The demo's code and data load only when seeding.
        from . import demo

        return demo.seed(size=size, stdout=stdout)

    def demo_logins(self):
        # The demo's code and data load only when seeding.
        from . import demo

        return demo.extra_logins()

    def ready(self):
        # Imported here: apps.py loads before the models may.
        from wemi_community.core.kinds import declare

        from . import kinds, signals  # noqa: F401 (connects the sign-in receivers)

        declare(kinds)


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Installed in place of "wagtail.users": Wagtail 8 reads the user admin's forms from this
    viewset, no longer from the WAGTAIL_USER_* settings; both viewsets delete through the
    audited services."""

    default = False
    user_viewset = "wemi_community.accounts.viewsets.UserViewSet"
    group_viewset = "wemi_community.accounts.viewsets.GroupViewSet"
