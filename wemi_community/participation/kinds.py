"""What comments, follows, reports and moderation record in the audit trail and tell people."""

from django.utils.translation import gettext_lazy as _

from wemi_community.core.kinds import Action, Group, Kind

# Audit actions

COMMENT_POSTED = Action("comment.posted", _("Comment posted"))
COMMENT_REPLIED = Action("comment.replied", _("Reply posted"))
COMMENT_EDITED = Action("comment.edited", _("Comment edited"))
COMMENT_DELETED = Action("comment.deleted", _("Comment deleted by its author"))
FOLLOW_STARTED = Action("follow.started", _("Started following"))
FOLLOW_STOPPED = Action("follow.stopped", _("Stopped following"))
REPORT_SUBMITTED = Action("report.submitted", _("Content reported"))
MODERATION_AUTO_HIDDEN = Action("moderation.auto_hidden", _("Hidden after reports"))
MODERATION_HIDDEN = Action("moderation.hidden", _("Hidden by a moderator"))
MODERATION_RESTORED = Action("moderation.restored", _("Restored by a moderator"))
MODERATION_REPORTS_DISMISSED = Action("moderation.reports_dismissed", _("Reports dismissed"))
MODERATION_USER_BLOCKED = Action("moderation.user_blocked", _("Account blocked"))
MODERATION_USER_UNBLOCKED = Action("moderation.user_unblocked", _("Account unblocked"))

# Notification kinds

NOTIFY_COMMENT_NEW = Kind(
    "comment.new",
    label=_("New comments on what you follow"),
    message=_("%(actor)s commented on “%(target)s”"),
)
NOTIFY_COMMENT_REPLY = Kind(
    "comment.reply",
    label=_("Replies to your comments"),
    message=_("%(actor)s replied to your comment on “%(target)s”"),
)
NOTIFY_COMMENT_MENTION = Kind(
    "comment.mention",
    label=_("Mentions of you (@name)"),
    message=_("%(actor)s mentioned you in a comment on “%(target)s”"),
)
NOTIFY_CONTENT_MODERATED = Kind(
    "content.moderated",
    label=_("Moderation of your content"),
    message=_("A moderator reviewed your content on “%(target)s”"),
)

# Headings of the notification settings page

GROUP_COMMENT = Group("comment", _("Comments"))
GROUP_CONTENT = Group("content", _("Comments"))
