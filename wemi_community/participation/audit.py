"""The audit trail: every service records its writes here, inside its own transaction."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def audit_log(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    on_behalf_of=None,
) -> AuditEntry:
    """Records one action. Call it inside the service's transaction so both land together."""
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor,
        on_behalf_of=on_behalf_of,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        data=data or {},
    )


# What each action means, for the people reading the trail. A module adds its own with
# ``register_action_labels``; an action without a label shows its code.
_action_labels: dict[str, Any] = {}


def register_action_labels(labels: dict[str, Any]) -> None:
    _action_labels.update(labels)


def action_label(action: str) -> str:
    label = _action_labels.get(action)
    return str(label) if label is not None else action


def _core_labels():
    from django.utils.translation import gettext_lazy as _

    return {
        "account.registered": _("Account created"),
        "account.email_confirmed": _("E-mail address confirmed"),
        "account.confirmation_resent": _("Confirmation e-mail sent again"),
        "account.password_reset_requested": _("Password reset requested"),
        "account.password_set": _("Password set"),
        "account.profile_updated": _("Profile updated"),
        "account.role_granted": _("Role granted"),
        "account.role_revoked": _("Role revoked"),
        "account.group_joined": _("Added to a group"),
        "account.group_left": _("Removed from a group"),
        "provider.staff_added": _("Provider staff member added"),
        "provider.staff_changed": _("Provider staff member changed"),
        "provider.staff_removed": _("Provider staff member removed"),
        "comment.posted": _("Comment posted"),
        "comment.replied": _("Reply posted"),
        "comment.edited": _("Comment edited"),
        "comment.deleted": _("Comment deleted by its author"),
        "follow.started": _("Started following"),
        "follow.stopped": _("Stopped following"),
        "report.submitted": _("Content reported"),
        "moderation.auto_hidden": _("Hidden after reports"),
        "moderation.hidden": _("Hidden by a moderator"),
        "moderation.restored": _("Restored by a moderator"),
        "moderation.reports_dismissed": _("Reports dismissed"),
        "moderation.user_blocked": _("Account blocked"),
        "moderation.user_unblocked": _("Account unblocked"),
        "notifications.setting_changed": _("E-mail setting changed"),
        "notifications.unsubscribed": _("E-mails stopped from an unsubscribe link"),
        "notifications.resubscribed": _("E-mails turned back on"),
        "spaces.staff_groups_created": _("Space staff groups created"),
    }


register_action_labels(_core_labels())
