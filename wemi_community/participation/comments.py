"""Writes on comments: post, reply, edit within the window, delete by the author.

Who hears of a new comment: the people it mentions (``@nickname``), the author of the comment it
answers, and everyone following the object, each told once, by the most specific reason."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wemi_community.core.audit import audit_log
from wemi_community.core.errors import ObjectHidden, ParticipationError, StateConflict
from wemi_community.core.sanitize import plain_text, sanitize_html
from wemi_community.notifications.services import notify

from . import kinds, registry
from .acting import acting_for
from .follows import follow_auto, follower_ids
from .models import Comment
from .permissions import can_comment, can_delete_comment, can_edit_comment, can_view_target

MENTION = re.compile(r"(?<![\w@.])@([a-z0-9][a-z0-9._-]{0,38}[a-z0-9]|[a-z0-9])", re.IGNORECASE)
# A comment naming more people than this notifies the first ones only: no mass pinging.
MAX_MENTIONS = 10


def _text_error(message, code) -> ValidationError:
    return ValidationError({"text": ValidationError(message, code=code)})


def _clean(text: str) -> tuple[str, str]:
    """(source, html), or a ValidationError on the "text" field."""
    # NUL cannot be stored by PostgreSQL and means nothing in a comment.
    source = (text or "").replace("\x00", "").strip()
    if not source:
        raise _text_error(_("Write something before sending."), "required")
    limit = settings.WEMI_COMMENT_MAX_LENGTH
    if len(source) > limit:
        raise _text_error(
            _("A comment can be at most %(limit)d characters long (this one has %(length)d).")
            % {"limit": limit, "length": len(source)},
            "max_length",
        )
    html = sanitize_html(source, "comment")
    if not plain_text(html):
        raise _text_error(_("This comment has no text left once the markup is removed."), "empty")
    return source, html


def mentioned_users(text: str, target) -> list:
    """The active people named with @nickname in ``text`` who may see ``target``."""
    names = []
    for match in MENTION.finditer(text or ""):
        name = match.group(1).lower()
        if name not in names:
            names.append(name)
    if not names:
        return []
    people = get_user_model().objects.filter(nickname__in=names[:MAX_MENTIONS], is_active=True)
    return [person for person in people if can_view_target(person, target)]


def comment_url(comment: Comment) -> str:
    return registry.content(comment).url_of(comment)


def _notify_new(comment: Comment, target, author) -> None:
    excerpt = plain_text(comment.body_html)
    url = comment_url(comment)
    mentioned = {person.pk for person in mentioned_users(comment.body_source, target)}
    mentioned.discard(author.pk)
    replied_to = set()
    if comment.parent_id and comment.parent.author_id not in (author.pk, *mentioned):
        replied_to = {comment.parent.author_id}
    followers = follower_ids(target) - mentioned - replied_to - {author.pk}
    for recipients, kind in (
        (mentioned, kinds.NOTIFY_COMMENT_MENTION),
        (replied_to, kinds.NOTIFY_COMMENT_REPLY),
        (followers, kinds.NOTIFY_COMMENT_NEW),
    ):
        if recipients:
            notify(recipients, kind, target=target, actor=author, excerpt=excerpt, url=url)


@transaction.atomic
def comment_post(
    *,
    actor,
    target,
    text: str,
    parent: Comment | None = None,
    person=None,
    may_act_for: bool = False,
):
    """Posts a comment on ``target``, or a reply to ``parent`` (up to three levels), by
    ``person``: the actor, unless the caller lets the actor write for them (``acting.py``)."""
    author, on_behalf_of = acting_for(actor, person, may_act_for=may_act_for)
    if not can_view_target(author, target):
        raise ObjectHidden
    if not can_comment(author, target):
        raise PermissionDenied
    target_type = ContentType.objects.get_for_model(target)
    depth = 0
    if parent is not None:
        parent = Comment.objects.select_for_update().select_related("author").get(pk=parent.pk)
        if (parent.target_type_id, parent.target_id) != (target_type.pk, target.pk):
            raise ParticipationError(_("That comment belongs to another conversation."))
        if parent.is_deleted:
            raise StateConflict(_("The comment you are replying to has been deleted."))
        if parent.is_hidden:
            raise StateConflict(_("The comment you are replying to is hidden by the moderators."))
        if parent.depth >= Comment.MAX_DEPTH:
            raise ParticipationError(
                _("Replies go three levels deep: answer the comment above this one instead.")
            )
        depth = parent.depth + 1
    source, html = _clean(text)
    comment = Comment.objects.create(
        target_type=target_type,
        target_id=target.pk,
        author=author,
        parent=parent,
        root_id=parent.root_id if parent is not None else None,
        depth=depth,
        body_source=source,
        body_html=html,
    )
    if parent is None:
        comment.root = comment
        comment.save(update_fields=["root"])
    follow_auto(user=author, target=target)
    audit_log(
        actor=actor,
        on_behalf_of=on_behalf_of,
        action=kinds.COMMENT_REPLIED if parent is not None else kinds.COMMENT_POSTED,
        target=comment,
        data={"on": f"{target_type.app_label}.{target_type.model}:{target.pk}"},
    )
    _notify_new(comment, target, author)
    return comment


def _locked(comment: Comment) -> Comment:
    return Comment.objects.select_for_update().get(pk=comment.pk)


@transaction.atomic
def comment_edit(
    *, author, comment: Comment, text: str, actor=None, may_act_for: bool = False
) -> Comment:
    """The author changes the text within the edit window; the comment shows "edited".
    ``actor``: who writes it, the author unless the caller lets someone act for them
    (``acting.py``)."""
    author, on_behalf_of = acting_for(actor or author, author, may_act_for=may_act_for)
    comment = _locked(comment)
    if comment.author_id != getattr(author, "pk", None):
        raise PermissionDenied
    if comment.is_deleted:
        raise StateConflict(_("This comment has been deleted."))
    if comment.is_hidden:
        raise StateConflict(_("This comment is hidden by the moderators and cannot be edited."))
    if not can_edit_comment(author, comment):
        raise StateConflict(
            _("Comments can be edited for %(minutes)d minutes after posting; that time has passed.")
            % {"minutes": settings.WEMI_COMMENT_EDIT_MINUTES}
        )
    source, html = _clean(text)
    if source == comment.body_source:
        return comment
    comment.body_source, comment.body_html = source, html
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body_source", "body_html", "edited_at"])
    audit_log(
        actor=actor or author,
        on_behalf_of=on_behalf_of,
        action=kinds.COMMENT_EDITED,
        target=comment,
    )
    return comment


@transaction.atomic
def comment_delete(*, author, comment: Comment, actor=None, may_act_for: bool = False) -> Comment:
    """The author removes the text; the comment stays as a placeholder so replies still read.
    ``actor``: who writes it, the author unless the caller lets someone act for them
    (``acting.py``)."""
    author, on_behalf_of = acting_for(actor or author, author, may_act_for=may_act_for)
    comment = _locked(comment)
    if comment.author_id != getattr(author, "pk", None):
        raise PermissionDenied
    if not can_delete_comment(author, comment):
        raise StateConflict(_("This comment has already been deleted."))
    comment.deleted_at = timezone.now()
    comment.body_source = ""
    comment.body_html = ""
    comment.save(update_fields=["deleted_at", "body_source", "body_html"])
    audit_log(
        actor=actor or author,
        on_behalf_of=on_behalf_of,
        action=kinds.COMMENT_DELETED,
        target=comment,
    )
    return comment
