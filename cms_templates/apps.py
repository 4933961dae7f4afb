from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsTemplatesConfig(AppConfig):
    name = "cms_templates"
    label = "cms_templates"
    verbose_name = _("Templates and components")
