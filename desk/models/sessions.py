"""An assisted session: one operator acting for one person, at one desk, for a while."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(16)


class AssistedSession(models.Model):
    class EndReason(models.TextChoices):
        ENDED = "ended", _("ended by the operator")
        TIMEOUT = "timeout", _("time ran out")
        LOGOUT = "logout", _("operator signed out")

    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="desk_sessions_run",
        verbose_name=_("operator"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="desk_sessions_received",
        verbose_name=_("person"),
    )
    space = models.ForeignKey(
        "spaces_pages.SpacePage",
        on_delete=models.PROTECT,
        related_name="assisted_sessions",
        verbose_name=_("desk"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # Carried by every form of the session's pages: a write from a page of an ended (or
    # another) session is refused.
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(
        _("how it ended"), max_length=10, choices=EndReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("assisted session")
        verbose_name_plural = _("assisted sessions")
        ordering = ["-started_at", "-pk"]
        constraints = [
            # One open session per operator, whatever the race.
            models.UniqueConstraint(
                fields=["operator"],
                condition=Q(ended_at__isnull=True),
                name="desk_one_open_session_per_operator",
            )
        ]

    def __str__(self) -> str:
        return f"{self.operator} → {self.person}"

    def is_open(self) -> bool:
        return self.ended_at is None

    def has_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    def seconds_left(self, now=None) -> int:
        return max(0, int((self.expires_at - (now or timezone.now())).total_seconds()))

    def time_left(self) -> str:
        """ "29:58": what the banner shows before its script counts down."""
        minutes, seconds = divmod(self.seconds_left(), 60)
        return f"{minutes}:{seconds:02d}"
