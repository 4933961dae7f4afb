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

    def city_seeded(self):
        # The city's code loads only when seeding.
        from . import city

        return city.city_seeded()

    def seed_city(self, *, city):
        from . import city as residents

        residents.seed_city(city=city)

    def after_seed_demo(self):
        # Every module's demo logins exist now: the staff ones get their authenticator app,
        # and every one has accepted the privacy notice in force.
        from . import demo

        demo.enrol_staff()
        demo.record_consents()

    def demo_second_factors(self):
        from . import demo

        return demo.second_factors()

    def demo_logins(self):
        # The demo's code and data load only when seeding.
        from . import demo

        return demo.extra_logins()

    def ready(self):
        # Imported here: apps.py loads before the models may.
        from django.contrib.auth.signals import user_logged_in

        from wemi_community.core.kinds import declare

        from . import kinds, mfa, signals  # noqa: F401 (signals connects the sign-in receivers)

        declare(kinds)
        # What the new session still has to do for the second factor (accounts/mfa.py).
        user_logged_in.connect(mfa.on_sign_in, dispatch_uid="accounts_second_factor")


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Installed in place of "wagtail.users": Wagtail 8 reads the user admin's forms from this
    viewset, no longer from the WAGTAIL_USER_* settings; both viewsets delete through the
    audited services."""

    default = False
    user_viewset = "wemi_community.accounts.viewsets.UserViewSet"
    group_viewset = "wemi_community.accounts.viewsets.GroupViewSet"
