"""A resident registered at a desk: the account (``accounts.User``, no password, maybe no
e-mail) and what the desk recorded about them, with the paper consent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..identity import phone_display


class DeskResident(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="desk_record",
        verbose_name=_("person"),
    )
    # The desk that registered the person: their calls and receipts come from there.
    space = models.ForeignKey(
        "spaces_pages.SpacePage",
        on_delete=models.PROTECT,
        related_name="desk_residents",
        verbose_name=_("desk"),
    )
    phone = models.CharField(_("phone"), max_length=20, db_index=True)
    # Stored as typed, in capitals: a homocode is another person's code, not a spelling.
    fiscal_code = models.CharField(
        _("codice fiscale"), max_length=16, unique=True, null=True, blank=True
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    privacy_version = models.CharField(_("privacy notice version"), max_length=40, blank=True)
    consent_signed_at = models.DateTimeField(_("consent signed at"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )

    class Meta:
        verbose_name = _("resident registered at a desk")
        verbose_name_plural = _("residents registered at a desk")
        indexes = [
            models.Index(fields=["birth_date"], name="desk_resident_birth"),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def phone_shown(self) -> str:
        """The phone as people read it (national form for Italian numbers)."""
        return phone_display(self.phone)

    @property
    def consent_signed(self) -> bool:
        return self.consent_signed_at is not None
