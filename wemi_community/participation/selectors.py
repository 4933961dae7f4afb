"""Reads of the participation core: a page of comment threads with a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q

from .models import Comment, Follow
from .permissions import can_delete_comment, can_edit_comment, can_take_part


@dataclass
class Thread:
    target: object
    content_type: ContentType
    page: Page
    roots: list[Comment]
    total: int
    can_take_part: bool


def annotate_for_viewer(comment: Comment, user, taking_part: bool) -> None:
    comment.viewer_can_edit = can_edit_comment(user, comment)
    comment.viewer_can_delete = can_delete_comment(user, comment)
    comment.viewer_can_reply = (
        taking_part
        and comment.depth < Comment.MAX_DEPTH
        and not comment.is_deleted
        and not comment.is_hidden
    )
    comment.viewer_is_author = getattr(user, "pk", None) == comment.author_id


def comment_thread(target, *, user, page_number=1, per_page: int | None = None) -> Thread:
    """One page of top-level comments, newest first, each with all its replies (oldest
    first, nested). At most three queries whatever the number of comments: the counts, the
    page's threads, their replies."""
    content_type = ContentType.objects.get_for_model(target)
    on_target = Comment.objects.filter(target_type=content_type, target_id=target.pk)
    counts = on_target.aggregate(
        roots=Count("pk", filter=Q(depth=0)),
        total=Count("pk", filter=Q(deleted_at__isnull=True)),
    )
    roots_qs = on_target.filter(depth=0).select_related("author").order_by("-created_at", "-pk")
    paginator = Paginator(roots_qs, per_page or settings.WEMI_COMMENTS_PER_PAGE)
    # Known already: the paginator need not count again.
    paginator.count = counts["roots"]
    page = paginator.get_page(page_number)
    roots = list(page.object_list) if counts["roots"] else []
    taking_part = can_take_part(user, target)
    by_id = {}
    for root in roots:
        root.children = []
        by_id[root.pk] = root
        annotate_for_viewer(root, user, taking_part)
    if roots:
        replies = (
            Comment.objects.filter(root_id__in=list(by_id), depth__gt=0)
            .select_related("author")
            .order_by("created_at", "pk")
        )
        for reply in replies:
            reply.children = []
            annotate_for_viewer(reply, user, taking_part)
            by_id[reply.pk] = reply
            parent = by_id.get(reply.parent_id)
            if parent is not None:
                parent.children.append(reply)
    return Thread(target, content_type, page, roots, counts["total"], taking_part)


def page_of_root(root: Comment, per_page: int | None = None) -> int:
    """The page (newest first) on which a top-level comment appears."""
    newer = Comment.objects.filter(
        target_type_id=root.target_type_id,
        target_id=root.target_id,
        depth=0,
        created_at__gt=root.created_at,
    ).count()
    return newer // (per_page or settings.WEMI_COMMENTS_PER_PAGE) + 1


def followed_by(user):
    """What a person follows, newest first, each row's object loaded with one query per kind
    of object (the page's rows, not the whole list)."""

    return (
        Follow.objects.filter(user=user, active=True)
        .select_related("target_type")
        .order_by("-updated_at", "-pk")
    )
