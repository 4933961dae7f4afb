"""Seats never overbook: 200 people registering at once for 20 seats, on real threads, each
with its own database connection (SQLite in `make test`, PostgreSQL in `make test-services`)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from events import services
from events.models import Registration
from tests.events.helpers import publish
from wemi_community.accounts.models import User

PEOPLE = 200
SEATS = 20
# PostgreSQL allows 100 connections here: 40 threads keep well under it and still collide.
WORKERS = 40


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_200_simultaneous_registrations_take_20_seats_and_waitlist_the_rest():
    event, _coordinator = publish(capacity=SEATS, max_seats_per_registration=1)
    users = User.objects.bulk_create(
        User(
            email=f"iscritto{n}@concorrenza.example",
            display_name=f"Persona {n}",
            nickname=f"iscritto{n}",
        )
        for n in range(PEOPLE)
    )
    start = threading.Barrier(WORKERS)
    errors = []

    def register(user_id, wait):
        try:
            if wait:
                start.wait(timeout=30)
            services.registration_create(actor=User.objects.get(pk=user_id), event=event, seats=1)
        except Exception as error:  # noqa: BLE001 - every failure is reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(register, [user.pk for user in users], [i < WORKERS for i in range(PEOPLE)]))

    assert errors == []
    states = list(Registration.objects.filter(event=event).values_list("state", flat=True))
    assert states.count(Registration.State.CONFIRMED) == SEATS
    assert states.count(Registration.State.WAITLISTED) == PEOPLE - SEATS
    event.refresh_from_db()
    assert (event.seats_taken, event.waitlist_seats) == (SEATS, PEOPLE - SEATS)
    assert len(set(Registration.objects.values_list("code", flat=True))) == PEOPLE
