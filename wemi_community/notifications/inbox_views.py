"""The person's notifications: the list, opening one (which marks it read), reading them all.

The buttons work as plain forms and, when htmx sends them, answer with the updated list
(``inbox_fragment.html``) instead of a redirect."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from . import selectors, services
from .models import Notification


def _list_state(query) -> dict:
    """The list's filter and page from a query string; anything else is ignored."""
    try:
        page = int(query.get("page", ""))
    except ValueError:
        page = None
    return {
        "unread_only": query.get("unread") == "1",
        "page": page if page and page > 0 else None,
    }


def _query(*, unread_only: bool, page: int | None = None) -> str:
    params = {}
    if unread_only:
        params["unread"] = "1"
    if page and page > 1:
        params["page"] = str(page)
    return f"?{urlencode(params)}" if params else ""


def _list_url(state: dict, *, keep_page: bool = True) -> str:
    page = state["page"] if keep_page else None
    return reverse("notifications:list") + _query(unread_only=state["unread_only"], page=page)


def _render_inbox(request, state: dict, *, fragment: bool, status_message: str = ""):
    page = selectors.inbox_page(
        request.user, page_number=state["page"], unread_only=state["unread_only"]
    )
    context = {
        "page_obj": page,
        "notifications": page.object_list,
        "unread_only": state["unread_only"],
        # Counted once here; it also stands in for the context processor's lazy count, so
        # the bell and the summary share one query.
        "unread_notifications": selectors.unread_count(request.user),
        # The forms post back with the list's filter and page, to return to the same view.
        "list_query": _query(unread_only=state["unread_only"], page=page.number),
        "filter_query": _query(unread_only=state["unread_only"]),
        "status_message": status_message,
    }
    template = "notifications/inbox_fragment.html" if fragment else "notifications/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@never_cache
@login_required
@require_safe
def notification_list(request):
    # A boosted link or form wants a whole page, not the fragment.
    fragment = bool(request.htmx) and not request.htmx.boosted
    return _render_inbox(request, _list_state(request.GET), fragment=fragment)


@never_cache
@login_required
@require_POST
def notification_read(request, pk: int):
    """Marks one of the person's notifications read, then goes to what it is about; with
    ``stay`` (the "mark as read" button) back to the list instead."""
    try:
        notification = services.notification_mark_read(user=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    state = _list_state(request.GET)
    if request.htmx and not request.htmx.boosted:
        return _render_inbox(request, state, fragment=True, status_message=_("Marked as read."))
    url = notification.url
    if not request.POST.get("stay") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(url)
    return HttpResponseRedirect(_list_url(state))


@never_cache
@login_required
@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    state = _list_state(request.GET)
    if count:
        text = ngettext(
            "%(count)s notification marked as read.",
            "%(count)s notifications marked as read.",
            count,
        ) % {"count": count}
    else:
        text = _("You have no unread notifications.")
    if request.htmx and not request.htmx.boosted:
        return _render_inbox(request, {**state, "page": None}, fragment=True, status_message=text)
    messages.success(request, text)
    return HttpResponseRedirect(_list_url(state, keep_page=False))


@never_cache
@login_required
@require_safe
def unread_count(request):
    """The unread count, for a page whose live updates are paused (live.js polls it)."""
    return JsonResponse({"type": "unread", "unread": selectors.unread_count(request.user)})
