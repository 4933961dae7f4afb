"""The seat engine on its own: promotion order and policies, several seats per row, the state
table's refusals, the audit trail (who acted, for whom) and the promotion hook. It runs on the
events' registrations (the module with several seats per row); the policies and the hook are
swapped in with ``dataclasses.replace``."""

import dataclasses
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections, transaction
from django.utils import timezone

from events.models import Event, Registration
from events.services import REGISTRATION_SEATS
from events.states import REGISTRATION_STATES
from tests.events.helpers import publish
from tests.factories import UserFactory
from wemi_community.accounts.models import User
from wemi_community.core.errors import StateConflict
from wemi_community.core.models import AuditEntry
from wemi_community.participation import seats

R = Registration.State


def _take(book, event, person, wanted, *, actor=None):
    """One registration through the engine, under the event's lock, as a service does."""
    with transaction.atomic():
        locked = seats.lock(Event, event.pk)
        row = Registration(event=locked, user=person, seats=wanted, created_at=timezone.now())
        seats.take(
            book,
            parent=locked,
            entry=row,
            actor=actor or person,
            person=person,
            actions=("event.registered", "event.waitlisted"),
            data={"seats": wanted},
        )
    return row


def _cancel(book, row, *, actor=None):
    with transaction.atomic():
        locked = seats.lock(Event, row.event_id)
        row = Registration.objects.select_for_update().get(pk=row.pk)
        return seats.release(
            book,
            parent=locked,
            entry=row,
            target=R.CANCELLED,
            actor=actor or row.user,
            person=row.user,
            action="event.registration_cancelled",
        )


def _state(row) -> str:
    row.refresh_from_db()
    return row.state


@pytest.fixture
def hook_calls():
    return []


@pytest.fixture
def book(hook_calls):
    """The events' book, with a hook that records what it is told."""

    def record(parent, promoted, actor):
        hook_calls.append((parent.pk, [row.pk for row in promoted], actor))

    return dataclasses.replace(REGISTRATION_SEATS, on_promoted=record)


@pytest.mark.django_db
class TestTakingSeats:
    def test_several_seats_per_row_are_counted_on_the_parent(self, book):
        event, _coordinator = publish(capacity=5, max_seats_per_registration=4)
        family = _take(book, event, UserFactory(), 3)
        late = _take(book, event, UserFactory(), 3)
        assert (_state(family), _state(late)) == (R.CONFIRMED, R.WAITLISTED)
        event.refresh_from_db()
        assert (event.seats_taken, event.waitlist_seats) == (3, 3)
        assert family.confirmed_at is not None and late.confirmed_at is None

    def test_release_gives_the_seats_back(self, book):
        event, _coordinator = publish(capacity=5, max_seats_per_registration=4)
        family = _take(book, event, UserFactory(), 3)
        _cancel(book, family)
        event.refresh_from_db()
        assert (event.seats_taken, event.waitlist_seats) == (0, 0)
        family.refresh_from_db()
        assert family.state == R.CANCELLED and family.cancelled_at is not None


@pytest.mark.django_db
class TestPromotion:
    def _full_with_waitlist(self, book):
        """5 seats: a family of 4 and one person take them; then 3, 1 and 1 wait, in order."""
        event, _coordinator = publish(capacity=5, max_seats_per_registration=4)
        family = _take(book, event, UserFactory(), 4)
        _take(book, event, UserFactory(), 1)
        waiting = [_take(book, event, UserFactory(), wanted) for wanted in (3, 1, 1)]
        assert [_state(row) for row in waiting] == [R.WAITLISTED] * 3
        return event, family, waiting

    def test_skip_to_fit_passes_a_row_whose_seats_do_not_fit(self, book, hook_calls):
        event, family, (three, first_one, second_one) = self._full_with_waitlist(book)
        _cancel(book, family)  # 4 seats free: 3 fit, then 1; the last 1 waits
        assert [_state(row) for row in (three, first_one, second_one)] == [
            R.CONFIRMED,
            R.CONFIRMED,
            R.WAITLISTED,
        ]
        assert hook_calls == [(event.pk, [three.pk, first_one.pk], family.user)]

    def test_skip_to_fit_lets_a_later_smaller_row_pass(self, book, hook_calls):
        event, _family, (three, first_one, _second) = self._full_with_waitlist(book)
        single = Registration.objects.get(event=event, seats=1, state=R.CONFIRMED)
        _cancel(book, single)  # 1 seat free: the 3 cannot take it, the first 1 does
        assert (_state(three), _state(first_one)) == (R.WAITLISTED, R.CONFIRMED)
        assert hook_calls == [(event.pk, [first_one.pk], single.user)]

    def test_in_order_stops_at_the_first_row_that_does_not_fit(self, book, hook_calls):
        strict = dataclasses.replace(book, promotion=seats.Promotion.IN_ORDER)
        event, _family, (three, first_one, _second) = self._full_with_waitlist(strict)
        single = Registration.objects.get(event=event, seats=1, state=R.CONFIRMED)
        _cancel(strict, single)
        assert (_state(three), _state(first_one)) == (R.WAITLISTED, R.WAITLISTED)
        assert hook_calls == []

    def test_promotion_is_in_the_waitlist_order(self, book):
        event, _coordinator = publish(capacity=1, max_seats_per_registration=1)
        holder = _take(book, event, UserFactory(), 1)
        waiting = [_take(book, event, UserFactory(), 1) for _ in range(3)]
        _cancel(book, holder)
        assert [_state(row) for row in waiting] == [R.CONFIRMED, R.WAITLISTED, R.WAITLISTED]
        assert waiting[0].promoted_at is not None and waiting[0].confirmed_at is not None

    def test_no_promotion_when_the_module_says_so(self, book, hook_calls):
        closed = dataclasses.replace(book, may_promote=lambda parent: False)
        event, _coordinator = publish(capacity=1, max_seats_per_registration=1)
        holder = _take(closed, event, UserFactory(), 1)
        waiting = _take(closed, event, UserFactory(), 1)
        assert _cancel(closed, holder) == []
        assert _state(waiting) == R.WAITLISTED
        assert hook_calls == []

    def test_leaving_the_waitlist_promotes_nobody(self, book, hook_calls):
        event, _coordinator = publish(capacity=1, max_seats_per_registration=1)
        _take(book, event, UserFactory(), 1)
        first, second = _take(book, event, UserFactory(), 1), _take(book, event, UserFactory(), 1)
        assert _cancel(book, first) == []
        assert _state(second) == R.WAITLISTED
        event.refresh_from_db()
        assert (event.seats_taken, event.waitlist_seats) == (1, 1)


@pytest.mark.django_db
class TestStateTable:
    def test_who_reads_the_right_column(self):
        person, operator = UserFactory(), UserFactory()
        assert seats.who(person, person) == seats.PERSON
        assert seats.who(operator, person) == seats.STAFF
        assert seats.who(None, person) == seats.SYSTEM

    def test_only_the_system_promotes(self):
        assert REGISTRATION_STATES.allows(R.WAITLISTED, R.CONFIRMED, by=seats.SYSTEM)
        for by in (seats.PERSON, seats.STAFF):
            with pytest.raises(StateConflict, match="non può diventare"):
                REGISTRATION_STATES.check(R.WAITLISTED, R.CONFIRMED, by=by)

    def test_a_cancelled_row_cannot_be_cancelled_again(self, book):
        event, _coordinator = publish(capacity=2, max_seats_per_registration=1)
        row = _take(book, event, UserFactory(), 1)
        _cancel(book, row)
        with pytest.raises(StateConflict):
            _cancel(book, row)
        event.refresh_from_db()
        assert event.seats_taken == 0

    def test_a_table_without_a_column_refuses_the_change(self, book):
        person_only = seats.StateTable(
            {(None, R.CONFIRMED): (seats.PERSON,), (None, R.WAITLISTED): (seats.PERSON,)},
            lambda current, target: "refused",
        )
        strict = dataclasses.replace(book, table=person_only)
        event, _coordinator = publish(capacity=2, max_seats_per_registration=1)
        with pytest.raises(StateConflict, match="refused"):
            _take(strict, event, UserFactory(), 1, actor=UserFactory())
        assert not Registration.objects.filter(event=event).exists()

    def test_a_table_names_only_known_actors(self):
        with pytest.raises(ValueError):
            seats.StateTable({(None, "x"): ("robot",)}, lambda current, target: "")

    def test_targets_lists_what_each_may_do(self):
        assert REGISTRATION_STATES.targets(R.CONFIRMED, by=seats.PERSON) == [R.CANCELLED]
        assert REGISTRATION_STATES.targets(R.WAITLISTED, by=seats.SYSTEM) == [R.CONFIRMED]


@pytest.mark.django_db
class TestAudit:
    def test_the_person_acting_for_themselves_is_the_actor_only(self, book):
        event, _coordinator = publish(capacity=2, max_seats_per_registration=1)
        person = UserFactory()
        _take(book, event, person, 1)
        entry = AuditEntry.objects.get(action="event.registered")
        assert (entry.actor, entry.on_behalf_of, entry.data) == (person, None, {"seats": 1})

    def test_the_desk_acting_for_someone_is_recorded_with_them(self, book):
        event, _coordinator = publish(capacity=1, max_seats_per_registration=1)
        person, operator = UserFactory(), UserFactory()
        _take(book, event, person, 1, actor=operator)
        waiting = _take(book, event, UserFactory(), 1)
        _cancel(book, Registration.objects.get(user=person), actor=operator)
        taken = AuditEntry.objects.get(action="event.registered")
        cancelled = AuditEntry.objects.get(action="event.registration_cancelled")
        for entry in (taken, cancelled):
            assert (entry.actor, entry.on_behalf_of) == (operator, person)
        promoted = AuditEntry.objects.get(action="event.promoted")
        assert (promoted.actor, promoted.on_behalf_of) == (None, None)
        assert promoted.target_id == str(event.pk)
        assert _state(waiting) == R.CONFIRMED


# PostgreSQL allows 100 connections here: 30 threads keep well under it and still collide.
PEOPLE, SEATS, WORKERS = 90, 10, 30


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_engine_never_overbooks_under_simultaneous_takes_and_releases():
    """90 people take 1 or 2 seats of 10 at once while the first holders give theirs back:
    the seats taken never exceed the capacity and the counters match the rows."""
    event, _coordinator = publish(capacity=SEATS, max_seats_per_registration=2)
    holders = [_take(REGISTRATION_SEATS, event, UserFactory(), 1) for _ in range(5)]
    users = User.objects.bulk_create(
        User(email=f"motore{n}@concorrenza.example", display_name=f"P {n}", nickname=f"motore{n}")
        for n in range(PEOPLE)
    )
    start = threading.Barrier(WORKERS)
    errors = []

    def act(index):
        try:
            if index < WORKERS:
                start.wait(timeout=30)
            if index < len(holders):
                _cancel(REGISTRATION_SEATS, holders[index])
            else:
                user = User.objects.get(pk=users[index].pk)
                _take(REGISTRATION_SEATS, event, user, 1 + index % 2)
        except Exception as error:  # noqa: BLE001 - every failure is reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(act, range(PEOPLE)))

    assert errors == []
    event.refresh_from_db()
    rows = Registration.objects.filter(event=event)
    taken = sum(row.seats for row in rows if row.state == R.CONFIRMED)
    waiting = sum(row.seats for row in rows if row.state == R.WAITLISTED)
    assert SEATS - 1 <= taken <= SEATS
    assert (event.seats_taken, event.waitlist_seats) == (taken, waiting)
    assert rows.count() == PEOPLE


@pytest.mark.django_db
def test_counters_are_written_without_saving_the_parent_again():
    """A seat taken or given back writes the parent's counters alone: no save() of the whole
    row, whose signals would have the search index rewrite it inside the lock."""
    from django.db.models.signals import post_save

    event, _coordinator = publish(capacity=1, max_seats_per_registration=1)
    saved = []

    def note(sender, instance, **kwargs):
        saved.append(instance.pk)

    post_save.connect(note, sender=Event)
    try:
        first = _take(REGISTRATION_SEATS, event, UserFactory(), 1)
        _take(REGISTRATION_SEATS, event, UserFactory(), 1)
        _cancel(REGISTRATION_SEATS, first)
    finally:
        post_save.disconnect(note, sender=Event)
    assert saved == []
    event.refresh_from_db()
    assert (event.seats_taken, event.waitlist_seats) == (1, 0)
