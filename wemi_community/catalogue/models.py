"""Reference data: Milan's Municipi and NIL, and WeMi's service taxonomy."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from wemi_community.core.translated import TranslatedField


class Municipio(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=60)
    centroid_lat = models.DecimalField(_("centroid latitude"), max_digits=9, decimal_places=6)
    centroid_lon = models.DecimalField(_("centroid longitude"), max_digits=9, decimal_places=6)

    class Meta:
        ordering = ["number"]
        verbose_name = _("Municipio")
        verbose_name_plural = _("Municipi")

    def __str__(self) -> str:
        return self.name


class Nil(models.Model):
    """A Nucleo di Identità Locale: one of the city's 88 neighbourhoods."""

    code = models.PositiveSmallIntegerField(_("NIL code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    municipio = models.ForeignKey(
        Municipio, on_delete=models.PROTECT, related_name="nils", verbose_name=_("Municipio")
    )
    centroid_lat = models.DecimalField(_("centroid latitude"), max_digits=9, decimal_places=6)
    centroid_lon = models.DecimalField(_("centroid longitude"), max_digits=9, decimal_places=6)

    class Meta:
        ordering = ["name"]
        verbose_name = _("NIL (neighbourhood)")
        verbose_name_plural = _("NIL (neighbourhoods)")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        # The name is stored as the City spells it ("Città Studi", "XXII Marzo").
        return self.name


# A boundary is kB to hundreds of kB of GeoJSON that only the maps draw. Kept in tables of
# their own, so that no join through a space, a person or a picker ever reads one.
class MunicipioBoundary(models.Model):
    municipio = models.OneToOneField(
        Municipio, on_delete=models.CASCADE, primary_key=True, related_name="boundary"
    )
    geometry = models.JSONField(_("boundary (GeoJSON geometry)"), default=dict)

    class Meta:
        verbose_name = _("Municipio boundary")

    def __str__(self) -> str:
        return str(self.municipio)


class NilBoundary(models.Model):
    nil = models.OneToOneField(
        Nil, on_delete=models.CASCADE, primary_key=True, related_name="boundary"
    )
    geometry = models.JSONField(_("boundary (GeoJSON geometry)"), default=dict)

    class Meta:
        verbose_name = _("NIL boundary")

    def __str__(self) -> str:
        return str(self.nil)


class ServiceCategory(index.Indexed, models.Model):
    """One node of the three-level WeMi taxonomy: area → level 1 → level 2."""

    class Level(models.IntegerChoices):
        AREA = 1, _("Area")
        LEVEL1 = 2, _("Service group")
        LEVEL2 = 3, _("Service")

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(
        _("name in English"),
        max_length=150,
        blank=True,
        help_text=_("Shipped with the catalogue (data/catalogo_servizi.csv)."),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    basis = models.CharField(
        _("source"),
        max_length=40,
        blank=True,
        help_text=_("Where this entry of the catalogue is documented."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    keywords = models.TextField(
        _("other words for it"),
        blank=True,
        help_text=_(
            "Words people use for this service (e.g. “badante” for home care), separated by "
            "commas: the site search finds the service by them too."
        ),
    )

    translated_name = TranslatedField("name")

    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("name_en"),
        index.SearchField("keywords"),
    ]

    class Meta:
        ordering = ["level", "position", "name"]
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="catalogue_category_unique_name"
            ),
        ]
        indexes = [models.Index(fields=["level", "position"])]

    def __str__(self) -> str:
        return self.translated_name
