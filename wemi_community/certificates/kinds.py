"""What certificates record in the audit trail."""

from django.utils.translation import gettext_lazy as _

from wemi_community.core.kinds import Action

# Audit actions

CERTIFICATE_ISSUED = Action("certificate.issued", _("Certificate issued"))
