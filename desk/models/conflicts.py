"""Two records of one person: the account a desk registered and an account they made online.
City staff join them (``desk.merge``) or dismiss the report, with a written reason."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeskConflict(models.Model):
    class Why(models.TextChoices):
        FISCAL_CODE = "fiscal_code", _("same codice fiscale")
        EMAIL = "email", _("same e-mail address")
        REPORTED = "reported", _("reported by an operator")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        MERGED = "merged", _("merged")
        DISMISSED = "dismissed", _("dismissed")

    desk_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="desk_conflicts_as_record",
        verbose_name=_("desk record"),
    )
    online_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="desk_conflicts_as_online",
        verbose_name=_("online account"),
    )
    why = models.CharField(_("why"), max_length=12, choices=Why.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("desk conflict")
        verbose_name_plural = _("desk conflicts")
        ordering = ["created_at", "pk"]
        constraints = [
            # A second report of the same pair adds to the open one.
            models.UniqueConstraint(
                fields=["desk_user", "online_user"],
                condition=Q(state="open"),
                name="desk_one_open_conflict_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(desk_user=F("online_user")), name="desk_conflict_two_people"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.desk_user} ↔ {self.online_user}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN
