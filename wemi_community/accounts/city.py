"""The city's residents, for ``seed_demo --city``: fictional people in bulk, all with the demo
logins' password (one hash, computed once), spread over the Municipi and their NIL."""

from __future__ import annotations

import datetime

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from wemi_community.catalogue.models import Nil
from wemi_community.core.bulk import insert_rows

from .demo import DEMO_PASSWORD
from .models import NotificationPreference, User

RESIDENTS = 100_000
CITY_DOMAIN = "citta.wemi.example"
PREFERENCES = (
    NotificationPreference.IMMEDIATE,
    NotificationPreference.DIGEST,
    NotificationPreference.DIGEST,
    NotificationPreference.NEVER,
)


def city_seeded() -> bool:
    return User.objects.filter(email__endswith="@" + CITY_DOMAIN).exists()


def resident_email(n: int) -> str:
    return f"residente{n}@{CITY_DOMAIN}"


def seed_city(*, city) -> None:
    count = city.count(RESIDENTS)
    city.phase("residents", lambda: build_residents(count, city.rng))
    city.data["residents_domain"] = "@" + CITY_DOMAIN
    # (pk, household size) of every resident, in order: the other apps pick from it.
    city.data["residents"] = list(
        User.objects.filter(email__endswith="@" + CITY_DOMAIN)
        .order_by("pk")
        .values_list("pk", "household_size")
    )


def build_residents(count: int, rng) -> int:
    password = make_password(DEMO_PASSWORD)  # hashed once for all of them
    places = list(Nil.objects.values_list("pk", "municipio_id")) or [(None, None)]
    now = timezone.now()

    def rows():
        for n in range(count):
            nil, municipio = places[n % len(places)]
            joined = now - datetime.timedelta(minutes=rng.randint(60, 3 * 365 * 24 * 60))
            # A living city: everyone signed in within the last year (or since joining), so
            # the retention's first run does not warn a third of the city at once.
            seen = max(joined, now - datetime.timedelta(minutes=rng.randint(1, 365 * 24 * 60)))
            yield (
                resident_email(n),
                f"Residente {n}",
                f"residente{n}",
                1 + rng.choice((0, 0, 1, 1, 2, 3, 4)),
                municipio,
                nil,
                "en" if n % 10 == 0 else "it",
                PREFERENCES[n % len(PREFERENCES)],
                password,
                joined,
                seen,
                joined,
                joined,
            )

    return insert_rows(
        User,
        (
            "email",
            "display_name",
            "nickname",
            "household_size",
            "municipio_id",
            "nil_id",
            "preferred_language",
            "notification_preference",
            "password",
            "date_joined",
            "last_login",
            "privacy_consent_at",
            "email_confirmed_at",
        ),
        rows(),
    )
