"""Calendars (RFC 5545, with the ``icalendar`` library): one event, a space's events, a
person's registrations. Times in Europe/Rome with its VTIMEZONE; a stable UID per
occurrence; SEQUENCE raised on each change; STATUS:CANCELLED for what was cancelled, so
calendar applications remove it."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from cms_templates.links import site_url
from wemi_community.core.sanitize import plain_text

from .models import Event, RegistrationState

PRODID = "-//Comune di Milano//WeMi Community//IT"


def uid(event: Event) -> str:
    # An identity, not a link: the same whatever address the calendar fetched the feed at.
    host = urlsplit(settings.SITE_URL).hostname or "wemi.example"
    return f"event-{event.pk}@{host}"


def _location(event: Event) -> str:
    if event.place_kind == "online":
        return event.online_url
    if event.place_kind == "elsewhere":
        return ", ".join(part for part in (event.place_name, event.address) if part)
    parts = [event.space.title, event.place_name, getattr(event.space, "address", "")]
    return ", ".join(part for part in parts if part)


def vevent(event: Event, *, state: str = "") -> icalendar.Event:
    """One occurrence. ``state`` is the person's place, for their own calendar: a cancelled
    registration shows as cancelled, a place on the waitlist as tentative."""
    item = icalendar.Event()
    item.add("uid", uid(event))
    item.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    item.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    item.add("created", event.created_at.astimezone(datetime.UTC))
    item.add("dtstart", timezone.localtime(event.starts_at))
    item.add("dtend", timezone.localtime(event.ends_at))
    item.add("summary", event.title)
    item.add("sequence", event.sequence)
    description = plain_text(event.description_html)
    # Kept in the person's calendar and read later: the public address, like an e-mail's.
    url = site_url(event.get_absolute_url())
    item.add("description", f"{description}\n\n{url}".strip())
    item.add("url", url)
    location = _location(event)
    if location:
        item.add("location", location)
    if event.is_cancelled or state == RegistrationState.CANCELLED:
        item.add("status", "CANCELLED")
    elif state == RegistrationState.WAITLISTED:
        item.add("status", "TENTATIVE")
    else:
        item.add("status", "CONFIRMED")
    return item


def calendar(name: str, items) -> bytes:
    """``items``: events, or (event, state) pairs."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Rome")
    for item in items:
        event, state = item if isinstance(item, tuple) else (item, "")
        cal.add_component(vevent(event, state=state))
    cal.add_missing_timezones()
    return cal.to_ical()
