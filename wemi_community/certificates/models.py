"""Certificates the platform issues (attendance of a course, volunteer hours), each with a
code that anyone can check at a public address. The facts are stored, the wording is written
when the certificate is shown, in the reader's language."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Certificate(models.Model):
    class Kind(models.TextChoices):
        COURSE = "course", _("Certificate of attendance")
        VOLUNTEERING = "volunteering", _("Certificate of volunteer hours")

    code = models.CharField(_("verification code"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="certificates",
    )
    # Copied when issued: the certificate keeps saying what it said.
    holder_name = models.CharField(_("issued to"), max_length=150)
    subject = models.CharField(_("subject"), max_length=200)
    issuer_name = models.CharField(_("issued by"), max_length=200)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    # Numbers the wording needs, e.g. {"attended": 3, "sessions": 4} or {"hours": "12.5"}.
    details = models.JSONField(default=dict, blank=True)
    # What it certifies (an enrolment, a volunteer's hours): one certificate each.
    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_type", "source_id")
    issued_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source_type", "source_id"], name="certificates_one_per_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.holder_name}"

    def get_absolute_url(self) -> str:
        """The public page that verifies it."""
        return reverse("certificates:verify", args=[self.code])

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None
