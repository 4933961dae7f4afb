"""Reads of notifications: a person's list, page by page, ready to show."""

from __future__ import annotations

from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext

from . import kinds
from .models import Notification

PAGE_SIZE = 25

# Everything a row shows is copied on the notification itself: no join, no query per row.
LIST_FIELDS = (
    "pk",
    "recipient_id",
    "kind",
    "actor_name",
    "target_title",
    "url",
    "excerpt",
    "created_at",
    "read_at",
)


def notifications_for(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The person's own notifications, newest first."""
    queryset = Notification.objects.filter(recipient_id=user.pk).only(*LIST_FIELDS)
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.order_by("-created_at", "-pk")


def unread_count(user) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def relative_time(moment: datetime, now: datetime | None = None) -> str:
    """ "just now", "3 hours ago": the largest unit only, which is what a list needs."""
    now = now or timezone.now()
    if (now - moment).total_seconds() < 60:
        return gettext("just now")
    return gettext("%(time)s ago") % {"time": timesince(moment, now, depth=1)}


def inbox_page(user, *, page_number=None, unread_only: bool = False) -> Page:
    """One page of the list (two queries: the count and the rows). Each row gets ``message``,
    its sentence in the active language, and ``age``, how long ago it happened."""
    page = Paginator(notifications_for(user, unread_only=unread_only), PAGE_SIZE).get_page(
        page_number
    )
    now = timezone.now()
    rows = list(page.object_list)
    for row in rows:
        row.message = kinds.render_message(
            row.kind, actor_name=row.actor_name, target_title=row.target_title
        )
        row.age = relative_time(row.created_at, now)
        row.is_unread = row.read_at is None
    page.object_list = rows
    return page
