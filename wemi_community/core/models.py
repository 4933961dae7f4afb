"""The audit trail every service writes to, inside its own transaction."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One write done through a service: who, on whose behalf, what, on which object."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_repr = models.CharField(_("object"), max_length=200, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        # The table and index keep the names they had when the trail lived in participation.
        db_table = "participation_auditentry"
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="participati_target__37b425_idx")
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class OutboxTask(models.Model):
    """A task to hand to the queue, written in the transaction of the write that needs it: it
    commits or rolls back with that write, and waits here while the broker is unreachable."""

    func = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Set while one process pushes the row; a claim older than OUTBOX_CLAIM_SECONDS is taken
    # to be a process that died mid-push, and the row is pushed again.
    claimed_at = models.DateTimeField(null=True, blank=True)
    dispatched_at = models.DateTimeField(_("handed to the queue"), null=True, blank=True)
    # Set by the cluster once the task ran to its end (outbox.task_finished). A row handed over
    # long ago and never finished was lost with a killed worker: the relay hands it over again.
    completed_at = models.DateTimeField(_("finished"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("queued task")
        verbose_name_plural = _("task outbox")
        indexes = [
            # The relay's two reads: the pending rows (dispatched_at IS NULL) and the old ones.
            models.Index(fields=["dispatched_at"], name="core_outbox_dispatched_idx"),
        ]

    def __str__(self) -> str:
        state = "pending" if self.dispatched_at is None else "dispatched"
        return f"#{self.pk} {self.func} ({state})"
