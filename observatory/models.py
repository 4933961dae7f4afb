"""The observatory's own records: the monthly report of each Municipio, kept as it was made
for the territorial tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MonthlyReport(models.Model):
    """What the network delivered in a Municipio in a month (and its year up to it), with
    small counts hidden: the published version, so it may be handed out as it is. The
    figures are kept as JSON (labels are added when shown, in the reader's language) and the
    PDF as it was printed, in Italian, for the archive."""

    municipio = models.ForeignKey(
        "catalogue.Municipio",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Municipio"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    figures = models.JSONField(_("figures"), default=dict)
    pdf = models.BinaryField(_("PDF"), editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["municipio", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["municipio", "month"], name="observatory_report_once"),
        ]

    def __str__(self):
        return f"{self.municipio} {self.month:%Y-%m}"
