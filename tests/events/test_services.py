"""The event services: publishing (once or repeating), editing and cancelling one date or the
following ones, registrations with seats, the waitlist and its promotion."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from events import services
from events.models import Event, EventSeries, Registration
from events.recurrence import Rule
from spaces_pages.models import Closure
from tests.events.helpers import data, day, move_to_the_past, publish, space_with_coordinator
from tests.factories import UserFactory
from tests.participation.moderation_helpers import desk_operator_of
from wemi_community.core.errors import StateConflict
from wemi_community.core.milan import in_rome
from wemi_community.core.models import AuditEntry
from wemi_community.notifications.models import Notification

# Date-sensitive: run now and at the awkward instants of tests/instants.py.
pytestmark = [pytest.mark.django_db, pytest.mark.instants]
R = Registration.State


def register(event, seats=1, **user_fields):
    return services.registration_create(actor=UserFactory(**user_fields), event=event, seats=seats)


class TestPublishing:
    def test_a_coordinator_publishes_an_event_of_their_space(self):
        event, _coordinator = publish()
        assert event.pk and event.sequence == 0 and event.free_seats == 10
        assert "<strong>sistemare</strong>" in event.description_html

    def test_only_the_spaces_coordinators_publish(self):
        space, _coordinator = space_with_coordinator()
        other_space, other_coordinator = space_with_coordinator()
        for outsider in (UserFactory(), other_coordinator, desk_operator_of(space)):
            with pytest.raises(PermissionDenied):
                services.event_create(actor=outsider, space=space, data=data())
        assert not Event.objects.exists()

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"title": "  "}, "title"),
            ({"capacity": 0}, "capacity"),
            ({"capacity": -3}, "capacity"),
            ({"max_seats_per_registration": 0}, "max_seats_per_registration"),
            ({"max_seats_per_registration": 11}, "max_seats_per_registration"),
            ({"capacity": 2, "max_seats_per_registration": 3}, "max_seats_per_registration"),
            ({"price": "-1"}, "price"),
            ({"price": "abc"}, "price"),
            ({"price": "1.234"}, "price"),
            ({"category": "rave"}, "category"),
            ({"place_kind": "elsewhere", "address": ""}, "address"),
            ({"place_kind": "online", "online_url": ""}, "online_url"),
            ({"online_url": "javascript:alert(1)"}, "online_url"),
            ({"organiser_kind": "provider"}, "provider"),
            ({"organiser_kind": "volunteers"}, "organiser_name"),
            ({"days": -1}, "starts_at"),
        ],
    )
    def test_bad_events_are_refused_and_nothing_is_written(self, changes, field):
        space, coordinator = space_with_coordinator()
        with pytest.raises(ValidationError) as refused:
            services.event_create(actor=coordinator, space=space, data=data(**changes))
        assert field in refused.value.message_dict
        assert not Event.objects.exists()

    def test_an_end_before_the_start_is_refused(self):
        space, coordinator = space_with_coordinator()
        values = data()
        values["ends_at"] = values["starts_at"] - datetime.timedelta(hours=1)
        with pytest.raises(ValidationError) as refused:
            services.event_create(actor=coordinator, space=space, data=values)
        assert "ends_at" in refused.value.message_dict

    def test_a_registration_window_must_fit_before_the_start(self):
        space, coordinator = space_with_coordinator()
        values = data()
        values["registration_closes_at"] = values["starts_at"] + datetime.timedelta(hours=1)
        with pytest.raises(ValidationError):
            services.event_create(actor=coordinator, space=space, data=values)
        values["registration_closes_at"] = values["starts_at"] - datetime.timedelta(days=2)
        values["registration_opens_at"] = values["starts_at"] - datetime.timedelta(days=1)
        with pytest.raises(ValidationError):
            services.event_create(actor=coordinator, space=space, data=values)


class TestRecurring:
    def _rule(self, **changes):
        start = day(1)
        values = {
            "starts_on": start,
            "weekdays": (start.weekday(),),
            "start_time": datetime.time(10),
            "end_time": datetime.time(12),
            "count": 6,
        }
        values.update(changes)
        return Rule(**values)

    def test_every_occurrence_is_an_event_of_the_series_skipping_closures(self):
        space, coordinator = space_with_coordinator()
        closed = day(8)
        Closure.objects.create(space=space, start_date=closed, end_date=closed, reason="Festa")
        events, _c = publish(space=space, coordinator=coordinator, rule=self._rule())
        days = [timezone.localtime(event.starts_at).date() for event in events]
        assert len(events) == 6 and closed not in days
        assert len({event.series_id for event in events}) == 1
        assert all(timezone.localtime(event.starts_at).hour == 10 for event in events)
        assert EventSeries.objects.get().skip_closures

    @pytest.mark.parametrize(
        "changes", [{"count": 501}, {"count": None, "until": -5}, {"weekdays": ()}]
    )
    def test_rules_that_make_nothing_or_too_much_are_refused(self, changes):
        # Days as offsets from the test's own today, not from the day the tests were collected.
        changes = {k: day(v) if k == "until" else v for k, v in changes.items()}
        space, coordinator = space_with_coordinator()
        with pytest.raises(ValidationError):
            publish(space=space, coordinator=coordinator, rule=self._rule(**changes))
        assert not Event.objects.exists() and not EventSeries.objects.exists()

    def test_editing_all_the_following_dates_keeps_each_its_day(self):
        events, coordinator = publish(rule=self._rule())
        third = events[2]
        new_start = third.starts_at.replace(hour=14) - datetime.timedelta(hours=0)
        local = timezone.localtime(third.starts_at)

        changed = services.event_update(
            actor=coordinator,
            event=third,
            data={
                "title": "Sportello del pomeriggio",
                "starts_at": in_rome(local.date(), datetime.time(15)),
                "ends_at": in_rome(local.date(), datetime.time(17)),
            },
            scope="all",
        )
        assert new_start  # the edited date's own new hours
        assert [event.pk for event in changed] == [event.pk for event in events[2:]]
        for before, event in zip(events[2:], changed, strict=True):
            event.refresh_from_db()
            assert event.title == "Sportello del pomeriggio" and event.sequence == 1
            assert (
                timezone.localtime(event.starts_at).date()
                == timezone.localtime(before.starts_at).date()
            )
            assert timezone.localtime(event.starts_at).hour == 15
        untouched = Event.objects.get(pk=events[0].pk)
        assert untouched.title == "Laboratorio di cucito" and untouched.sequence == 0

    def test_cancelling_one_date_or_all_the_following(self):
        events, coordinator = publish(rule=self._rule())
        services.event_cancel(actor=coordinator, event=events[1], reason="Sciopero")
        assert Event.objects.filter(cancelled_at__isnull=False).count() == 1
        services.event_cancel(actor=coordinator, event=events[3], scope="all")
        cancelled = set(
            Event.objects.filter(cancelled_at__isnull=False).values_list("pk", flat=True)
        )
        assert cancelled == {events[1].pk, events[3].pk, events[4].pk, events[5].pk}


class TestRegistering:
    def test_seats_are_taken_and_counted(self):
        event, _c = publish()
        registration = register(event, seats=3)
        event.refresh_from_db()
        assert registration.state == R.CONFIRMED and len(registration.code) == 8
        assert event.seats_taken == 3 and event.free_seats == 7
        assert Notification.objects.filter(
            recipient=registration.user, kind="event.registered"
        ).exists()

    def test_a_full_event_puts_people_on_the_waitlist(self):
        event, _c = publish(capacity=4)
        register(event, seats=3)
        waiting = register(event, seats=2)
        event.refresh_from_db()
        assert waiting.state == R.WAITLISTED
        assert (event.seats_taken, event.waitlist_seats) == (3, 2)

    @pytest.mark.parametrize(
        ("seats", "field"), [(0, "seats"), (-2, "seats"), (5, "seats"), ("x", "seats")]
    )
    def test_bad_seat_counts_are_refused(self, seats, field):
        event, _c = publish()
        with pytest.raises(ValidationError) as refused:
            register(event, seats=seats)
        assert field in refused.value.message_dict
        assert not Registration.objects.exists()

    def test_more_seats_than_the_event_has_are_refused(self):
        event, _c = publish(capacity=3, max_seats_per_registration=3)
        with pytest.raises(ValidationError):
            services.registration_create(actor=UserFactory(), event=event, seats=4)

    def test_registering_twice_is_a_conflict(self):
        event, _c = publish()
        person = UserFactory()
        services.registration_create(actor=person, event=event, seats=1)
        with pytest.raises(StateConflict):
            services.registration_create(actor=person, event=event, seats=2)
        assert Registration.objects.count() == 1

    def test_registration_is_refused_outside_its_window_and_for_past_or_cancelled_events(self):
        space, coordinator = space_with_coordinator()
        values = data()
        values["registration_opens_at"] = timezone.now() + datetime.timedelta(days=1)
        later = services.event_create(actor=coordinator, space=space, data=values)[0]
        with pytest.raises(StateConflict):
            register(later)
        values = data()
        values["registration_closes_at"] = timezone.now() + datetime.timedelta(minutes=1)
        closing = services.event_create(actor=coordinator, space=space, data=values)[0]
        Event.objects.filter(pk=closing.pk).update(registration_closes_at=timezone.now())
        closing.refresh_from_db()
        with pytest.raises(StateConflict):
            register(closing)
        past, _c = publish(space=space, coordinator=coordinator)
        move_to_the_past(past)
        with pytest.raises(StateConflict):
            register(past)
        cancelled, _c = publish(space=space, coordinator=coordinator)
        services.event_cancel(actor=coordinator, event=cancelled)
        with pytest.raises(StateConflict):
            register(cancelled)
        free_entry, _c = publish(space=space, coordinator=coordinator, registration_required=False)
        with pytest.raises(StateConflict):
            register(free_entry)
        assert not Registration.objects.exists()

    def test_an_unlimited_event_never_waitlists(self):
        event, _c = publish(capacity=None)
        for _ in range(5):
            assert register(event, seats=4).state == R.CONFIRMED


class TestActingForSomeone:
    def test_the_desk_registers_and_cancels_for_a_resident(self):
        event, _coordinator = publish(capacity=4)
        operator, resident = desk_operator_of(event.space), UserFactory()
        registration = services.registration_create(
            actor=operator, person=resident, event=event, seats=2
        )
        assert (registration.user, registration.state) == (resident, R.CONFIRMED)
        services.registration_cancel(actor=operator, person=resident, registration=registration)
        for action in ("event.registered", "event.registration_cancelled"):
            entry = AuditEntry.objects.get(action=action)
            assert (entry.actor, entry.on_behalf_of) == (operator, resident)

    def test_nobody_else_acts_for_a_person(self):
        event, _coordinator = publish(capacity=4)
        resident, stranger = UserFactory(), UserFactory()
        with pytest.raises(PermissionDenied):
            services.registration_create(actor=stranger, person=resident, event=event, seats=1)
        registration = services.registration_create(actor=resident, event=event, seats=1)
        with pytest.raises(PermissionDenied):
            services.registration_cancel(actor=stranger, person=resident, registration=registration)
        assert Registration.objects.get(pk=registration.pk).state == R.CONFIRMED


class TestWaitlist:
    def test_a_freed_seat_goes_to_the_first_who_fits(self):
        event, _c = publish(capacity=4)
        first = register(event, seats=4)
        big = register(event, seats=3)
        small = register(event, seats=1)
        services.registration_cancel(actor=small.user, registration=small)  # leaves the queue
        small_again = register(event, seats=1)
        # Two seats free up: the family of three does not fit, the single person does.
        Registration.objects.filter(pk=first.pk).update(seats=2)
        Event.objects.filter(pk=event.pk).update(seats_taken=4)
        services.registration_cancel(actor=first.user, registration=first)
        big.refresh_from_db()
        small_again.refresh_from_db()
        assert big.state == R.WAITLISTED
        assert small_again.state == R.CONFIRMED and small_again.promoted_at is not None
        assert Notification.objects.filter(
            recipient=small_again.user, kind="event.promoted"
        ).exists()

    def test_declining_a_promoted_seat_promotes_the_next(self):
        event, _c = publish(capacity=1, max_seats_per_registration=1)
        first = register(event)
        second = register(event)
        third = register(event)
        services.registration_cancel(actor=first.user, registration=first)
        second.refresh_from_db()
        assert second.state == R.CONFIRMED
        services.registration_cancel(actor=second.user, registration=second)
        third.refresh_from_db()
        event.refresh_from_db()
        assert third.state == R.CONFIRMED
        assert (event.seats_taken, event.waitlist_seats) == (1, 0)

    def test_more_capacity_promotes_the_waitlist(self):
        event, coordinator = publish(capacity=1, max_seats_per_registration=1)
        register(event)
        waiting = register(event)
        services.event_update(actor=coordinator, event=event, data={"capacity": 2})
        waiting.refresh_from_db()
        assert waiting.state == R.CONFIRMED

    def test_capacity_cannot_drop_below_the_seats_taken(self):
        event, coordinator = publish(capacity=5)
        register(event, seats=4)
        with pytest.raises(ValidationError):
            services.event_update(actor=coordinator, event=event, data={"capacity": 3})
        event.refresh_from_db()
        assert event.capacity == 5

    def test_cancelling_is_possible_until_the_start(self):
        event, _c = publish()
        registration = register(event)
        move_to_the_past(event, days=0)
        with pytest.raises(StateConflict):
            services.registration_cancel(actor=registration.user, registration=registration)
        with pytest.raises(PermissionDenied):
            services.registration_cancel(actor=UserFactory(), registration=registration)

    def test_a_cancelled_event_tells_everyone_registered_or_waiting(self):
        event, coordinator = publish(capacity=1, max_seats_per_registration=1)
        people = [register(event).user, register(event).user]
        services.event_cancel(actor=coordinator, event=event, reason="Maltempo")
        told = set(
            Notification.objects.filter(kind="event.cancelled").values_list(
                "recipient_id", flat=True
            )
        )
        assert told == {person.pk for person in people}
        event.refresh_from_db()
        assert event.is_cancelled and event.sequence == 1
        with pytest.raises(StateConflict):
            services.event_cancel(actor=coordinator, event=event)

    def test_a_change_of_time_tells_who_is_registered(self):
        event, coordinator = publish()
        person = register(event).user
        services.event_update(actor=coordinator, event=event, data={"title": "Nuovo titolo"})
        assert not Notification.objects.filter(kind="event.changed").exists()
        services.event_update(
            actor=coordinator,
            event=event,
            data={"starts_at": event.starts_at + datetime.timedelta(hours=1)},
        )
        assert Notification.objects.filter(recipient=person, kind="event.changed").exists()
