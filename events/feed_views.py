"""Calendar feeds (.ics): one event, a space's events, a person's own (at a secret address
they can renew). A tampered or renewed address answers 404 with nothing in it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from spaces_pages.models import SpacePage

from . import calendar_tokens, ical, selectors
from .models import CalendarToken, Event


def _ics(content: bytes, filename: str, *, private: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    if private:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def event_feed(request, pk: int):
    event = get_object_or_404(Event.objects.select_related("space"), pk=pk)
    return _ics(ical.calendar(event.title, [event]), slugify(event.title)[:60] or "evento")


@require_GET
def space_feed(request, space_id: int):
    space = get_object_or_404(SpacePage.objects.live().public(), pk=space_id)
    events = selectors.space_feed_events(space)
    return _ics(ical.calendar(space.title, events), slugify(space.title)[:60] or "spazio")


@require_GET
def person_feed(request, token: str):
    row = CalendarToken.objects.select_related("user").filter(token=token[:64]).first()
    if row is None or not row.user.is_active:
        raise Http404
    items = selectors.person_feed_events(row.user)
    name = _("My events · WeMi")
    return _ics(ical.calendar(name, items), "wemi-miei-eventi", private=True)


@login_required
@require_POST
def token_reset(request):
    calendar_tokens.calendar_token_reset(user=request.user)
    messages.success(
        request,
        _(
            "Your calendar has a new address: update it in your calendar app. The old one no "
            "longer works."
        ),
    )
    return redirect(f"{redirect('events:mine').url}#calendario")
