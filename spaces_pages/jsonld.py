"""schema.org data of a space, for search engines."""

from __future__ import annotations

from django.utils import timezone

from . import hours

SCHEMA_DAYS = [
    "https://schema.org/Monday",
    "https://schema.org/Tuesday",
    "https://schema.org/Wednesday",
    "https://schema.org/Thursday",
    "https://schema.org/Friday",
    "https://schema.org/Saturday",
    "https://schema.org/Sunday",
]


def _closes(slot: hours.Slot) -> str:
    # schema.org has no 24:00; search engines read 23:59 as "until midnight".
    return "23:59" if slot.ends_at_midnight else hours.format_time(slot.closes)


def space_jsonld(space, request=None) -> dict:
    """A GovernmentOffice (a schema.org Place run by a public body) with its address, position
    when exactly known, contacts, weekly hours and upcoming closures."""
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOffice",
        "name": space.title,
        "url": space.get_full_url(request),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": space.address,
            "addressLocality": "Milano",
            "addressRegion": "MI",
            "addressCountry": "IT",
        },
        "containedInPlace": {"@type": "AdministrativeArea", "name": space.municipio.name},
        "parentOrganization": {
            "@type": "GovernmentOrganization",
            "name": "Comune di Milano",
            "url": "https://www.comune.milano.it/",
        },
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": SCHEMA_DAYS[slot.weekday],
                "opens": hours.format_time(slot.opens),
                "closes": _closes(slot),
            }
            for slot in sorted(space.hour_slots(), key=lambda s: (s.weekday, s.opens))
        ],
    }
    point = space.map_point
    # An approximate point (the neighbourhood's centre) would mislead a map: only exact ones.
    if point.is_exact:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(point.latitude),
            "longitude": float(point.longitude),
        }
    if space.phone:
        data["telephone"] = space.phone
    if space.email:
        data["email"] = space.email
    closures = space.upcoming_closures(timezone.localdate())
    if closures:
        # Opens and closes at 00:00 is schema.org's way to say "closed all day".
        data["specialOpeningHoursSpecification"] = [
            {
                "@type": "OpeningHoursSpecification",
                "validFrom": closure.start_date.isoformat(),
                "validThrough": closure.end_date.isoformat(),
                "opens": "00:00",
                "closes": "00:00",
                "description": closure.translated_reason,
            }
            for closure in closures
        ]
    return data
