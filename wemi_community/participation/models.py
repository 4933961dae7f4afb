"""The participation core: comments, follows, reports and their moderation.

Comments, follows and reports point at any participatory object through a content type and a
primary key, so a module's model takes part without a foreign key of its own."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetMixin(models.Model):
    """A generic pointer to a participatory object (all of ours have integer keys)."""

    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")

    class Meta:
        abstract = True


class ModeratedContent(models.Model):
    """Fields of user content that reports can hide and moderators hide or restore."""

    class HiddenBy(models.TextChoices):
        REPORTS = "reports", _("reports from participants")
        MODERATOR = "moderator", _("a moderator")

    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True, db_index=True)
    hidden_by = models.CharField(
        _("hidden by"), max_length=12, choices=HiddenBy.choices, blank=True
    )
    # Distinct people with an open report on it: the number compared with the threshold.
    open_report_count = models.PositiveIntegerField(_("open reports"), default=0)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Comment(TargetMixin, ModeratedContent):
    MAX_DEPTH = 2  # 0 = on the object, 1 = a reply, 2 = a reply to a reply: three levels

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("author"),
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    # The top-level comment of the thread (itself for a top-level one, set right after insert):
    # a page of threads loads all their replies with one query.
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    body_source = models.TextField(_("text as written"))
    body_html = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["target_type", "target_id", "depth", "created_at"]),
            models.Index(fields=["root", "created_at"]),
        ]

    def __str__(self) -> str:
        return _("Comment #%(pk)s") % {"pk": self.pk}

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Follow(TargetMixin):
    """Who hears about an object. A row that is not active records "stop following", so an
    automatic follow (commenting again, joining) never brings the person back."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    active = models.BooleanField(default=True)
    automatic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target_type", "target_id"], name="participation_follow_unique"
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id", "active"])]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.target_type_id}:{self.target_id}"


class Report(TargetMixin):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        OFFENSIVE = "offensive", _("Offensive or hateful")
        PERSONAL_DATA = "personal_data", _("Shows someone's personal data")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DISMISSED = "dismissed", _("dismissed")
        UPHELD = "upheld", _("upheld")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reports_made",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    text = models.CharField(_("details"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            # Reporting twice never counts twice.
            models.UniqueConstraint(
                fields=["reporter", "target_type", "target_id"],
                name="participation_report_once",
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id", "status"])]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.target_type_id}:{self.target_id})"
