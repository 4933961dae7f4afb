"""The desk's call list: what a notification told a resident who has no e-mail, for the
desk that registered them to say on the phone."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CallEntry(models.Model):
    class State(models.TextChoices):
        TO_CALL = "to_call", _("to call")
        RETRY = "retry", _("to call again")
        DONE = "done", _("told")
        UNREACHABLE = "unreachable", _("unreachable")

    class Urgency(models.IntegerChoices):
        # Lower first: the list is read top down.
        URGENT = 1, _("urgent")
        SOON = 2, _("soon")
        NORMAL = 3, _("normal")

    OPEN_STATES = (State.TO_CALL, State.RETRY)

    space = models.ForeignKey(
        "spaces_pages.SpacePage",
        on_delete=models.PROTECT,
        related_name="desk_calls",
        verbose_name=_("desk"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="desk_calls",
        verbose_name=_("person"),
    )
    # One call per notification at most; the call outlives a deleted notification.
    notification = models.OneToOneField(
        "notifications.Notification",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("notification"),
    )
    kind = models.CharField(_("kind"), max_length=60)
    message = models.TextField(_("what to tell"))
    target_url = models.CharField(_("link"), max_length=500, blank=True)
    target_title = models.CharField(_("about"), max_length=200, blank=True)
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=Urgency.choices, default=Urgency.NORMAL
    )
    # When the call should be made: at creation, and again at each "call again".
    due_at = models.DateTimeField(_("due"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.TO_CALL
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    outcome_note = models.CharField(_("last note"), max_length=300, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["urgency", "due_at", "pk"]
        indexes = [
            # The open list of a desk, and its recently closed calls.
            models.Index(
                fields=["space", "urgency", "due_at"],
                condition=Q(state__in=["to_call", "retry"]),
                name="desk_call_open",
            ),
            models.Index(fields=["space", "handled_at"], name="desk_call_handled"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.message[:60]}"

    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES
