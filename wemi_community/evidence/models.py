"""Facts and figures for the observatory.

A `Fact` is one thing that happened (a need posted, a household joining, an hour given),
written by the service that did it, with the place where the person lived *at that moment*:
people move, and a count that read today's profiles would drift. A `Figure` is the running
total of the facts of one cell (kind × month × Municipio × NIL × space × category × ISEE
band), kept up to date by the same write, so a page of the observatory is a few aggregate
queries over small rows whatever the size of the city. The figures can always be rebuilt
from the facts (`evidence.services.figures_rebuild`, nightly)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .kinds import FactKind


class Fact(models.Model):
    kind = models.CharField(_("kind"), max_length=24, choices=FactKind.choices)
    # What the fact is about, "app.model:pk": recorded once, so a retried service counts once.
    source = models.CharField(_("source"), max_length=80)
    occurred_at = models.DateTimeField(_("when"))
    month = models.DateField(_("month"), help_text=_("The first day of the month, in Milan."))
    municipio = models.ForeignKey(
        "catalogue.Municipio", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nil = models.ForeignKey(
        "catalogue.Nil", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    space = models.ForeignKey(
        "spaces_pages.SpacePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    category = models.ForeignKey(
        "catalogue.ServiceCategory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The category's area (level 1 of the catalogue), so the figures can group by it.
    area = models.ForeignKey(
        "catalogue.ServiceCategory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Only to count distinct people and for the person's own data; never published.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    people = models.PositiveIntegerField(_("people"), default=1)
    households = models.PositiveIntegerField(_("households"), default=0)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2, default=0)
    family_cents = models.BigIntegerField(_("paid by families (cents)"), default=0)
    city_cents = models.BigIntegerField(_("covered by the City (cents)"), default=0)
    isee_band = models.CharField(_("ISEE band"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        constraints = [
            models.UniqueConstraint(fields=["kind", "source"], name="evidence_fact_once"),
        ]
        indexes = [
            models.Index(fields=["month", "kind"], name="evidence_fact_month"),
            # A person's facts of a kind in a month: is this person new to a cell?
            models.Index(fields=["person", "kind", "month"], name="evidence_fact_person"),
        ]

    def __str__(self):
        return f"{self.kind} {self.source}"


# The grains of the figures, smallest first: each keeps these dimensions and sets the
# others to 0. A question is answered from the smallest grain that holds every dimension it
# groups or filters by, so the city-wide page reads a few thousand rows, not a million.
GRAINS: dict[str, tuple[str, ...]] = {
    "month": ("kind", "month", "isee_band"),
    "municipio": ("kind", "month", "isee_band", "municipio_id", "area_id"),
    "nil": ("kind", "month", "isee_band", "municipio_id", "area_id", "nil_id"),
    "category": ("kind", "month", "isee_band", "municipio_id", "area_id", "category_id"),
    "space": ("kind", "month", "isee_band", "municipio_id", "area_id", "space_id"),
    "full": (
        "kind",
        "month",
        "isee_band",
        "municipio_id",
        "area_id",
        "nil_id",
        "category_id",
        "space_id",
    ),
}


class Figure(models.Model):
    """The totals of one cell of one grain. The dimensions are plain ids, 0 for "not known"
    or "not kept at this grain", so the unique constraint holds on every database (NULLs
    would never collide)."""

    grain = models.CharField(max_length=10, choices=[(g, g) for g in GRAINS])
    kind = models.CharField(max_length=24, choices=FactKind.choices)
    month = models.DateField()
    municipio_id = models.PositiveIntegerField(default=0)
    nil_id = models.PositiveIntegerField(default=0)
    space_id = models.PositiveIntegerField(default=0)
    category_id = models.PositiveIntegerField(default=0)
    # The category's area (level 1 of the catalogue).
    area_id = models.PositiveIntegerField(default=0)
    isee_band = models.CharField(max_length=20, blank=True, default="")
    facts = models.PositiveIntegerField(default=0)
    # Distinct people within this cell (a person counted once per cell; guests each once).
    persons = models.PositiveIntegerField(default=0)
    people = models.PositiveIntegerField(default=0)
    households = models.PositiveIntegerField(default=0)
    quantity = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    family_cents = models.BigIntegerField(default=0)
    city_cents = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "grain",
                    "kind",
                    "month",
                    "municipio_id",
                    "area_id",
                    "nil_id",
                    "space_id",
                    "category_id",
                    "isee_band",
                ],
                name="evidence_figure_cell",
            ),
        ]
        indexes = [
            models.Index(fields=["grain", "kind", "month"], name="evidence_figure_kind_month"),
            models.Index(fields=["grain", "month"], name="evidence_figure_month"),
            models.Index(fields=["grain", "space_id", "month"], name="evidence_figure_space"),
            models.Index(
                fields=["grain", "municipio_id", "month"], name="evidence_figure_municipio"
            ),
        ]

    def __str__(self):
        return f"{self.grain} {self.kind} {self.month:%Y-%m}"
