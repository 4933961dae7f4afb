"""Template tags of the Spazi WeMi pages: opening hours and structured data."""

from __future__ import annotations

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from spaces_pages import hours

register = template.Library()

# The escapes of django.utils.html.json_script: no "</script>" or "<!--" can survive them.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(value) -> str:
    """Like the json_script filter, as <script type="application/ld+json">."""
    escaped = json.dumps(value, cls=DjangoJSONEncoder).translate(_JSON_SCRIPT_ESCAPES)
    # Safe: every character that could end the script element is escaped just above.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(escaped))  # noqa: S308


@register.simple_tag
def space_hours(space) -> dict:
    """Everything the opening-hours include shows: the status now, the week, the closures."""
    slots = space.hour_slots()
    status = hours.status_at(timezone.now(), slots, space.closure_periods())
    return {
        "status": status,
        "text": hours.describe(status),
        "week": [
            {
                "weekday": weekday,
                "name": name,
                "slots": [
                    {"opens": hours.format_time(s.opens), "closes": hours.format_slot_end(s)}
                    for s in day_slots
                ],
                "is_today": weekday == status.now.weekday(),
            }
            for weekday, name, day_slots in hours.week_table(slots)
        ],
        "closures": space.upcoming_closures(status.now.date()),
    }


@register.simple_tag
def space_status(space) -> dict:
    """Only the status, for the cards of the index."""
    status = space.hours_status(timezone.now())
    return {"status": status, "text": hours.describe(status)}
