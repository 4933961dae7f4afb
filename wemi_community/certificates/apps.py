from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "wemi_community.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        # Imported here: these modules load models, which the app registry allows only now.
        from wemi_community.core.kinds import declare

        from . import kinds

        declare(kinds)
