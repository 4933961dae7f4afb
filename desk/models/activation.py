"""One-time activation codes: the desk prints one for a resident registered there, who types
it on the activation page to get online (their e-mail, a password). Only a keyed hash of the
code is stored; a code lapses after ``DESK_ACTIVATION_DAYS``, serves once, and printing a new
one voids the ones before."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ActivationCode(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="desk_activation_codes",
        verbose_name=_("person"),
    )
    # HMAC-SHA256 of the normalised code with the site's secret: a copy of the database alone
    # does not let anyone try the (short) codes offline.
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    space = models.ForeignKey(
        "spaces_pages.SpacePage",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("desk"),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and self.voided_at is None and now < self.expires_at
