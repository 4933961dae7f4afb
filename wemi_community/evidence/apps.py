from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "wemi_community.evidence"
    label = "evidence"
    verbose_name = _("Evidence for the observatory")

    def after_seed_demo(self):
        # Imported here: it loads models, which the app registry allows only once it is ready.
        from .backfill import backfill

        # The demo dates its rows after their services recorded them: read the dates again.
        backfill(refresh=True)
