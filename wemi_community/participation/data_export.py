"""The person's comments, follows and reports, for "download my data". A comment's thread
is other people's: only the person's own words and what they were about are copied, and a
report says what kind of thing was reported, never its text or its author."""

from django.utils.translation import gettext_lazy as _

from wemi_community.accounts.personal_data import plain

from .models import Comment, Follow, Report

TABLES = {
    "comments": _("The comments you wrote"),
    "follows": _("What you follow"),
    "reports": _("The contents you reported to the moderators"),
}

COLUMNS = {
    "on": _("What the comment or the follow is about"),
    "object_type": _("The kind of object"),
    "object_id": _("The object's number"),
    "reply": _("Whether it answers another comment"),
    "text": _("Your text as written (empty once deleted)"),
    "edited_at": _("When you last edited it"),
    "deleted_at": _("When it was deleted"),
    "hidden_at": _("When the moderation hid it"),
    "active": _("Whether you still follow it"),
    "automatic": _("Whether you started following it by taking part"),
    "reason": _("Why you reported it"),
    "details": _("What you wrote with the report"),
    "status": _("State of the report"),
    "resolved_at": _("When the moderation answered it"),
}


def _title(obj) -> str:
    return str(obj) if obj is not None else ""


def export(user) -> dict[str, list[dict]]:
    comments = [
        {
            "created_at": plain(c.created_at),
            "on": _title(c.target),
            "object_type": c.target_type.model,
            "object_id": c.target_id,
            "reply": c.depth > 0,
            "text": "" if c.deleted_at else c.body_source,
            "edited_at": plain(c.edited_at),
            "deleted_at": plain(c.deleted_at),
            "hidden_at": plain(c.hidden_at),
        }
        for c in Comment.objects.filter(author=user)
        .select_related("target_type")
        .prefetch_related("target")
        .order_by("created_at", "pk")
    ]
    follows = [
        {
            "created_at": plain(f.created_at),
            "on": _title(f.target),
            "object_type": f.target_type.model,
            "object_id": f.target_id,
            "active": f.active,
            "automatic": f.automatic,
        }
        for f in Follow.objects.filter(user=user)
        .select_related("target_type")
        .prefetch_related("target")
        .order_by("created_at", "pk")
    ]
    reports = [
        {
            "created_at": plain(r.created_at),
            "object_type": r.target_type.model,
            "object_id": r.target_id,
            "reason": r.reason,
            "details": r.text,
            "status": r.status,
            "resolved_at": plain(r.resolved_at),
        }
        for r in Report.objects.filter(reporter=user)
        .select_related("target_type")
        .order_by("created_at", "pk")
    ]
    return {"comments": comments, "follows": follows, "reports": reports}
