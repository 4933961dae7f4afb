from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevmailConfig(AppConfig):
    name = "wemi_community.devmail"
    label = "devmail"
    verbose_name = _("Development mailbox")
