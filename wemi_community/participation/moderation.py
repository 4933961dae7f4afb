"""Reports and moderation: residents report content, enough distinct reporters hide it, and
moderators (city staff everywhere, coordinators in their own space) hide, restore, dismiss the
reports or block an account. Every write is audited.

Works for every model registered with ``registry.register_content`` (each inherits
``models.ModeratedContent``). Blocking with ``hide_content=True`` hides the person's content
in every registered model that names its author foreign key ``author``.

Errors: ``ObjectHidden`` (the person may not see the content: views answer 404),
``AlreadyReported`` (a ``StateConflict``: a second report by the same person never counts),
``ParticipationError`` (reporting one's own content), ``StateConflict`` (hiding what is
hidden, restoring what is visible, dismissing with no open reports, blocking twice),
``ValidationError`` (field errors on "reason"/"text"), ``PermissionDenied`` (not a moderator
of this content, or not city staff for blocking)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wemi_community.core.audit import audit_log
from wemi_community.core.errors import ObjectHidden, ParticipationError, StateConflict
from wemi_community.core.models import AuditEntry
from wemi_community.notifications.services import notify

from . import kinds, registry
from .acting import acting_for
from .models import ModeratedContent, Report
from .permissions import can_block_user, can_moderate

REPORT_TEXT_MAX = 500
HIDE_REASON_MAX = 500
BLOCK_REASON_MAX = 300  # User.blocked_reason


class AlreadyReported(StateConflict):
    """This person has reported this content before: the count does not change."""


def _content_type(content) -> ContentType:
    return ContentType.objects.get_for_model(content)


def _entry(content):
    entry = registry.content(content)
    if entry is None:
        raise ObjectHidden
    return entry


def _locked(content):
    """The content row, locked for the rest of the transaction: concurrent reports and
    moderator actions on it run one after the other, so the count is always right."""
    return type(content)._default_manager.select_for_update().get(pk=content.pk)


def _is_gone(content) -> bool:
    """Hidden or deleted content is not on show, so there is nothing left to report."""
    return content.is_hidden or getattr(content, "deleted_at", None) is not None


def _open_reports(content):
    return Report.objects.filter(
        target_type=_content_type(content), target_id=content.pk, status=Report.Status.OPEN
    )


def has_reported(user, content) -> bool:
    """True if ``user`` has ever reported ``content`` (open, dismissed or upheld)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Report.objects.filter(
        reporter=user, target_type=_content_type(content), target_id=content.pk
    ).exists()


def _clean_report(reason: str, text: str) -> tuple[str, str]:
    # NUL cannot be stored by PostgreSQL and means nothing in a note.
    text = (text or "").replace("\x00", "").strip()
    errors = {}
    if reason not in Report.Reason.values:
        errors["reason"] = ValidationError(_("Choose a reason."), code="invalid_choice")
    elif reason == Report.Reason.OTHER and not text:
        errors["text"] = ValidationError(
            _("Tell the moderators what is wrong with it."), code="required"
        )
    if len(text) > REPORT_TEXT_MAX:
        errors["text"] = ValidationError(
            _("Write at most %(limit)d characters (you wrote %(length)d).")
            % {"limit": REPORT_TEXT_MAX, "length": len(text)},
            code="max_length",
        )
    if errors:
        raise ValidationError(errors)
    return reason, text


@transaction.atomic
def report_submit(
    *, actor, content, reason: str, text: str = "", person=None, may_act_for: bool = False
) -> Report:
    """Records the report of ``person`` (the actor, unless the caller lets someone act for
    them: ``acting.py``) on ``content`` and hides the content once ``WEMI_REPORTS_TO_HIDE``
    distinct people have an open report on it."""
    entry = _entry(content)
    reporter, on_behalf_of = acting_for(actor, person, may_act_for=may_act_for)
    content = _locked(content)
    if not entry.can_view(reporter, content) or _is_gone(content):
        raise ObjectHidden
    author = entry.author_of(content)
    if author is not None and getattr(author, "pk", author) == reporter.pk:
        raise ParticipationError(_("You cannot report your own content."))
    reason, text = _clean_report(reason, text)
    target_type = _content_type(content)
    already = _("You have already reported this. The moderators will look at it.")
    if Report.objects.filter(
        reporter=reporter, target_type=target_type, target_id=content.pk
    ).exists():
        raise AlreadyReported(already)
    try:
        # The unique constraint is the last word where the row lock does nothing (SQLite).
        with transaction.atomic():
            report = Report.objects.create(
                reporter=reporter,
                target_type=target_type,
                target_id=content.pk,
                reason=reason,
                text=text,
            )
    except IntegrityError as error:
        raise AlreadyReported(already) from error

    # Distinct reporters, as each person has at most one report on an object.
    count = _open_reports(content).count()
    content.open_report_count = count
    fields = ["open_report_count"]
    audit_log(
        actor=actor,
        on_behalf_of=on_behalf_of,
        action=kinds.REPORT_SUBMITTED,
        target=content,
        data={"report": report.pk, "reason": reason, "open_reports": count},
    )
    threshold = settings.WEMI_REPORTS_TO_HIDE
    if count >= threshold and not content.is_hidden:
        content.hidden_at = timezone.now()
        content.hidden_by = ModeratedContent.HiddenBy.REPORTS
        fields += ["hidden_at", "hidden_by"]
        audit_log(
            actor=None,
            action=kinds.MODERATION_AUTO_HIDDEN,
            target=content,
            data={"open_reports": count, "threshold": threshold},
        )
    content.save(update_fields=fields)
    return report


def _require_moderator(moderator, content) -> None:
    if not can_moderate(moderator, content):
        raise PermissionDenied


def _resolve_open_reports(content, *, status: str, moderator) -> int:
    return _open_reports(content).update(
        status=status, resolved_at=timezone.now(), resolved_by=moderator
    )


def _notify_author(content) -> None:
    """Tells the author that a moderator looked at their content (hidden or restored). The
    notification points at the conversation it belongs to, e.g. a comment's object."""
    entry = registry.content(content)
    author = entry.author_of(content)
    if author is None:
        return
    where = getattr(content, "target", None)
    if where is None or registry.participatory(where) is None:
        where = content
    notify(
        [author],
        kinds.NOTIFY_CONTENT_MODERATED,
        target=where,
        actor=None,
        url=entry.url_of(content),
    )


@transaction.atomic
def content_hide(*, moderator, content, reason: str = ""):
    """A moderator hides ``content``. Its open reports are upheld; content that reports had
    hidden becomes hidden by a moderator (a decision, no longer pending review)."""
    _entry(content)
    content = _locked(content)
    _require_moderator(moderator, content)
    if content.is_hidden and content.hidden_by == ModeratedContent.HiddenBy.MODERATOR:
        raise StateConflict(_("A moderator has already hidden this content."))
    reason = (reason or "").strip()
    if len(reason) > HIDE_REASON_MAX:
        raise ValidationError(
            {"reason": _("Write at most %(limit)d characters.") % {"limit": HIDE_REASON_MAX}}
        )
    previously = content.hidden_by
    upheld = _resolve_open_reports(content, status=Report.Status.UPHELD, moderator=moderator)
    content.hidden_at = timezone.now()
    content.hidden_by = ModeratedContent.HiddenBy.MODERATOR
    content.open_report_count = 0
    content.save(update_fields=["hidden_at", "hidden_by", "open_report_count"])
    audit_log(
        actor=moderator,
        action=kinds.MODERATION_HIDDEN,
        target=content,
        data={"reason": reason, "reports_upheld": upheld, "was_hidden_by": previously},
    )
    _notify_author(content)
    return content


@transaction.atomic
def content_restore(*, moderator, content):
    """A moderator shows hidden content again. Restoring means the reports were judged
    unfounded: they are dismissed, and as nobody may report twice, only new people's reports
    can hide it again."""
    _entry(content)
    content = _locked(content)
    _require_moderator(moderator, content)
    if not content.is_hidden:
        raise StateConflict(_("This content is not hidden."))
    previously = content.hidden_by
    dismissed = _resolve_open_reports(content, status=Report.Status.DISMISSED, moderator=moderator)
    content.hidden_at = None
    content.hidden_by = ""
    content.open_report_count = 0
    content.save(update_fields=["hidden_at", "hidden_by", "open_report_count"])
    audit_log(
        actor=moderator,
        action=kinds.MODERATION_RESTORED,
        target=content,
        data={"was_hidden_by": previously, "reports_dismissed": dismissed},
    )
    _notify_author(content)
    return content


@transaction.atomic
def reports_dismiss(*, moderator, content):
    """A moderator dismisses the open reports; the content stays as it is (visible or
    hidden). Those reporters cannot report it again."""
    _entry(content)
    content = _locked(content)
    _require_moderator(moderator, content)
    dismissed = _resolve_open_reports(content, status=Report.Status.DISMISSED, moderator=moderator)
    if not dismissed:
        raise StateConflict(_("There are no open reports on this content."))
    content.open_report_count = 0
    content.save(update_fields=["open_report_count"])
    audit_log(
        actor=moderator,
        action=kinds.MODERATION_REPORTS_DISMISSED,
        target=content,
        data={"reports_dismissed": dismissed, "hidden": content.is_hidden},
    )
    return content


def _authored_models() -> list:
    """Registered content models with an ``author`` foreign key (all of ours so far)."""
    found = []
    for model in registry.content_models():
        try:
            model._meta.get_field("author")
        except FieldDoesNotExist:
            continue
        found.append(model)
    return found


def _hide_all_content_of(user, *, moderator, now) -> dict[str, int]:
    """Hides everything ``user`` wrote that is still visible: one update and one batch of
    audit entries per content model, whatever the amount."""
    hidden = {}
    for model in _authored_models():
        ids = list(
            model._default_manager.filter(author=user, hidden_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
        if not ids:
            continue
        model._default_manager.filter(pk__in=ids).update(
            hidden_at=now, hidden_by=ModeratedContent.HiddenBy.MODERATOR
        )
        target_type = ContentType.objects.get_for_model(model)
        AuditEntry.objects.bulk_create(
            AuditEntry(
                actor=moderator,
                action=kinds.MODERATION_HIDDEN,
                target_type=target_type,
                target_id=str(pk),
                target_repr=f"{model._meta.verbose_name} #{pk}"[:200],
                data={"because": str(kinds.MODERATION_USER_BLOCKED), "user": user.pk},
            )
            for pk in ids
        )
        hidden[model._meta.label_lower] = len(ids)
    return hidden


@transaction.atomic
def user_block(*, moderator, user, reason: str, hide_content: bool = False):
    """City staff block an account: it can no longer sign in and its open sessions end (an
    inactive user is not loaded from the session). Its content stays visible unless
    ``hide_content`` is set."""
    if not can_block_user(moderator, user):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the account is blocked.")})
    if len(reason) > BLOCK_REASON_MAX:
        raise ValidationError(
            {"reason": _("Write at most %(limit)d characters.") % {"limit": BLOCK_REASON_MAX}}
        )
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if user.blocked_at is not None:
        raise StateConflict(_("This account is already blocked."))
    now = timezone.now()
    user.blocked_at = now
    user.blocked_reason = reason
    user.is_active = False
    user.save(update_fields=["blocked_at", "blocked_reason", "is_active"])
    hidden = _hide_all_content_of(user, moderator=moderator, now=now) if hide_content else {}
    audit_log(
        actor=moderator,
        action=kinds.MODERATION_USER_BLOCKED,
        target=user,
        data={"reason": reason, "hide_content": hide_content, "hidden": hidden},
    )
    return user


@transaction.atomic
def user_unblock(*, moderator, user):
    """City staff lift a block. An account that never confirmed its e-mail goes back to
    waiting for the confirmation; content hidden by the block stays hidden until a moderator
    restores it, one by one."""
    if not can_block_user(moderator, user):
        raise PermissionDenied
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if user.blocked_at is None:
        raise StateConflict(_("This account is not blocked."))
    previous_reason = user.blocked_reason
    user.blocked_at = None
    user.blocked_reason = ""
    user.is_active = not (user.email and user.email_confirmed_at is None)
    user.save(update_fields=["blocked_at", "blocked_reason", "is_active"])
    audit_log(
        actor=moderator,
        action=kinds.MODERATION_USER_UNBLOCKED,
        target=user,
        data={"previous_reason": previous_reason},
    )
    return user
