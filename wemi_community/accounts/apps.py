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
        # Importing the audit helpers at module level would load models before the registry.
        from wemi_community.core import audit

        audit.register_action_labels(
            {
                "account.registered": _("Account created"),
                "account.email_confirmed": _("E-mail address confirmed"),
                "account.confirmation_resent": _("Confirmation e-mail sent again"),
                "account.password_reset_requested": _("Password reset requested"),
                "account.password_set": _("Password set"),
                "account.profile_updated": _("Profile updated"),
                "account.role_granted": _("Role granted"),
                "account.role_revoked": _("Role revoked"),
            }
        )


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Installed in place of "wagtail.users": Wagtail 8 reads the user admin's forms from this
    viewset, no longer from the WAGTAIL_USER_* settings."""

    default = False
    user_viewset = "wemi_community.accounts.viewsets.UserViewSet"
