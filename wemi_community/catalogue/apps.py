from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "wemi_community.catalogue"
    label = "catalogue"
    verbose_name = _("Catalogue")

    def seed_reference_data(self, *, stdout):
        # Loaded here, not at import: the reference data's code reads the models.
        from .reference import load_reference_data

        counts = load_reference_data()
        stdout.write("Reference data: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
