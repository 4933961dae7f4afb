from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "desk"
    label = "desk"
    verbose_name = _("Desk")

    def evidence_backfill(self, *, refresh: bool = False) -> int:
        # Imported here: it loads models, which the app registry allows only once it is ready.
        from . import evidence

        return evidence.backfill(refresh=refresh)

    def account_for_fiscal_code(self, code: str):
        """The account of the resident the desk registered with this codice fiscale, if any:
        signing in with SPID or CIE offers to link it (``accounts.identities``)."""
        from .models import DeskResident

        resident = DeskResident.objects.filter(fiscal_code=code).select_related("user").first()
        return resident.user if resident is not None else None

    def fiscal_code_of_account(self, user):
        """The codice fiscale the desk recorded for ``user``, or None."""
        from .models import DeskResident

        return DeskResident.objects.filter(user=user).values_list("fiscal_code", flat=True).first()

    def seed_demo(self, *, size: int, stdout):
        # The demo's code and data load only when seeding.
        from . import demo

        return demo.seed(size=size, stdout=stdout)

    def ready(self):
        # Imported here: these modules load models, which the app registry allows only now.
        from wemi_community.core.kinds import declare
        from wemi_community.notifications.services import register_offline_delivery

        from . import calls, kinds, signals  # noqa: F401 (signals connect on import)

        declare(kinds)
        # People without e-mail hear from the desk that registered them, by phone.
        register_offline_delivery(calls.calls_from_notifications)
