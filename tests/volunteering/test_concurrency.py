"""Places on a shift never overbook: many volunteers signing up (or leaving) at once, on real
threads with a database connection each (SQLite in `make test`, PostgreSQL in `make
test-services`); nor does one volunteer end up on two overlapping shifts by signing up for
both at the same moment."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from tests.volunteering.helpers import opportunity, shift
from volunteering import permissions, services
from volunteering.models import Signup, VolunteerProfile
from wemi_community.accounts.models import User
from wemi_community.core.errors import StateConflict

PEOPLE = 120
SEATS = 12
# PostgreSQL allows 100 connections here: 30 threads keep well under it and still collide.
WORKERS = 30
SPACES = 12
S = Signup.State


def volunteers(count: int, prefix: str) -> list[User]:
    users = User.objects.bulk_create(
        User(
            email=f"{prefix}{n}@concorrenza.example",
            display_name=f"Volontaria {n}",
            nickname=f"{prefix}{n}",
        )
        for n in range(count)
    )
    VolunteerProfile.objects.bulk_create(
        VolunteerProfile(user=user, age_group="adult") for user in users
    )
    return users


def run_at_once(prepare, arguments) -> list[str]:
    """For each argument, ``prepare(argument)`` (reading what the call needs, which also
    opens the thread's connection) returns the call to make; the first WORKERS calls are
    released together. Returns the errors."""
    start = threading.Barrier(min(WORKERS, len(arguments)))
    errors = []

    def call(argument, wait):
        try:
            action = prepare(argument)
            if wait:
                start.wait(timeout=30)
            action()
        except Exception as error:  # noqa: BLE001 - every failure is reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    waits = [index < WORKERS for index in range(len(arguments))]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(call, arguments, waits))
    return errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_many_volunteers_signing_up_at_once_take_the_seats_and_wait_for_the_rest():
    created, coordinator = opportunity()
    the_shift = shift(created, coordinator, capacity=SEATS)
    users = volunteers(PEOPLE, "iscritta")

    def sign_up(user_id):
        user = User.objects.get(pk=user_id)
        return lambda: services.signup_create(actor=user, shift=the_shift)

    assert run_at_once(sign_up, [user.pk for user in users]) == []
    states = list(Signup.objects.filter(shift=the_shift).values_list("state", flat=True))
    assert states.count(S.CONFIRMED) == SEATS
    assert states.count(S.WAITLISTED) == PEOPLE - SEATS
    the_shift.refresh_from_db()
    assert (the_shift.seats_taken, the_shift.waitlist_count) == (SEATS, PEOPLE - SEATS)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_many_leaving_at_once_promote_exactly_as_many_from_the_waitlist():
    created, coordinator = opportunity()
    the_shift = shift(created, coordinator, capacity=SEATS)
    users = volunteers(SEATS * 3, "promossa")
    for user in users:
        services.signup_create(actor=user, shift=the_shift)
    leaving = list(Signup.objects.filter(shift=the_shift, state=S.CONFIRMED))
    assert len(leaving) == SEATS

    def cancel(signup):
        user = User.objects.get(pk=signup.volunteer_id)
        return lambda: services.signup_cancel(actor=user, signup=signup)

    assert run_at_once(cancel, leaving) == []
    states = list(Signup.objects.filter(shift=the_shift).values_list("state", flat=True))
    assert states.count(S.CANCELLED) == SEATS
    assert states.count(S.CONFIRMED) == SEATS
    assert states.count(S.WAITLISTED) == SEATS
    the_shift.refresh_from_db()
    assert (the_shift.seats_taken, the_shift.waitlist_count) == (SEATS, SEATS)
    # The first who waited are the ones promoted.
    promoted = set(
        Signup.objects.filter(shift=the_shift, state=S.CONFIRMED).values_list(
            "volunteer_id", flat=True
        )
    )
    assert promoted == {user.pk for user in users[SEATS : 2 * SEATS]}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_volunteer_signing_up_for_overlapping_shifts_at_once_gets_one():
    # Each sign-up locks its own shift: without a lock on the volunteer, two overlapping
    # shifts taken at the same moment would both pass the overlap check.
    # Each at another space: a sign-up locks its shift with its opportunity and space rows.
    overlapping = [
        shift(*opportunity(title=f"Turno {n}"), days=5, start=10, end=12) for n in range(SPACES)
    ]
    (person,) = volunteers(1, "indecisa")
    refused = []

    def sign_up(the_shift):
        user = User.objects.get(pk=person.pk)
        permissions.profile_of(user)  # read once per user object, before the race

        def call():
            try:
                services.signup_create(actor=user, shift=the_shift)
            except StateConflict:
                refused.append(the_shift.pk)

        return call

    assert run_at_once(sign_up, overlapping) == []
    assert Signup.objects.filter(volunteer=person, state__in=[S.CONFIRMED]).count() == 1
    assert len(refused) == SPACES - 1
