"""Reminders the day before: volunteers with a place on tomorrow's shifts (Milan's day) are
told once, however often the hourly task runs; not who is waiting, not who cancelled, not for
a cancelled shift."""

import datetime

import pytest
from django.core import mail

from tests.volunteering.helpers import day, opportunity, shift, volunteer
from volunteering import services, tasks
from volunteering.models import ShiftReminder, Signup
from wemi_community.core.milan import in_rome
from wemi_community.notifications.models import Notification

# Date-sensitive: run now and at the awkward instants of tests/instants.py.
pytestmark = [pytest.mark.django_db, pytest.mark.instants]


def reminded():
    return list(
        Notification.objects.filter(kind="volunteering.reminder")
        .order_by("pk")
        .values_list("recipient_id", flat=True)
    )


def test_tomorrows_volunteers_with_a_place_are_reminded_once(django_capture_on_commit_callbacks):
    created, coordinator = opportunity()
    tomorrow = shift(created, coordinator, days=1, start=10, end=12, capacity=1)
    later = shift(created, coordinator, days=3, start=10, end=12)
    on_it = volunteer(notification_preference="immediate")
    waiting = volunteer(notification_preference="immediate")
    elsewhere = volunteer(notification_preference="immediate")
    services.signup_create(actor=on_it, shift=tomorrow)
    services.signup_create(actor=waiting, shift=tomorrow)
    services.signup_create(actor=elsewhere, shift=later)
    assert services.reminders_due() == [(on_it.pk, tomorrow.pk)]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders() == 1
    assert reminded() == [on_it.pk]
    assert [message.to for message in mail.outbox] == [[on_it.email]]
    # The next hourly runs find nothing left to send.
    assert services.reminders_due() == []
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders() == 0
    assert reminded() == [on_it.pk] and len(mail.outbox) == 1


def test_sending_the_same_reminder_again_does_nothing():
    created, coordinator = opportunity()
    tomorrow = shift(created, coordinator, days=1)
    person = volunteer()
    services.signup_create(actor=person, shift=tomorrow)
    assert services.reminder_send(volunteer_id=person.pk, shift_id=tomorrow.pk) is True
    assert services.reminder_send(volunteer_id=person.pk, shift_id=tomorrow.pk) is False
    assert reminded() == [person.pk] and ShiftReminder.objects.count() == 1


def test_no_reminder_after_cancelling_nor_for_a_cancelled_shift():
    created, coordinator = opportunity(cancel_hours=0)
    first = shift(created, coordinator, days=1, start=9, end=11)
    second = shift(created, coordinator, days=1, start=15, end=17)
    changed_mind, left_alone = volunteer(), volunteer()
    signup = services.signup_create(actor=changed_mind, shift=first)
    services.signup_cancel(actor=changed_mind, signup=signup)
    services.signup_create(actor=left_alone, shift=second)
    services.shift_cancel(actor=coordinator, shift=second)
    assert services.reminders_due() == []
    assert tasks.send_reminders() == 0
    assert reminded() == [] and not ShiftReminder.objects.exists()


def test_a_reminder_claimed_before_a_cancellation_is_not_sent_after_it():
    # The task reads what is due, then sends: whoever cancels in between is not reminded.
    created, coordinator = opportunity(cancel_hours=0)
    tomorrow = shift(created, coordinator, days=1)
    person = volunteer()
    signup = services.signup_create(actor=person, shift=tomorrow)
    due = services.reminders_due()
    services.signup_cancel(actor=person, signup=signup)
    assert [services.reminder_send(volunteer_id=v, shift_id=s) for v, s in due] == [False]
    other = volunteer()
    services.signup_create(actor=other, shift=tomorrow)
    due = services.reminders_due()
    services.shift_cancel(actor=coordinator, shift=tomorrow)
    assert [services.reminder_send(volunteer_id=v, shift_id=s) for v, s in due] == [False]
    assert reminded() == []


def test_tomorrow_is_milans_calendar_day():
    # Seen from day 4 at 23:30 in Milan, "tomorrow" is all of day 5 and nothing else.
    created, coordinator = opportunity()
    shifts = {
        "day 4, 23:00": shift(created, coordinator, days=4, start=23, end=(23, 45)),
        "day 5, 00:30": shift(created, coordinator, days=5, start=(0, 30), end=2),
        "day 5, 23:30": shift(created, coordinator, days=5, start=(23, 30), end=(23, 59)),
        "day 6, 00:00": shift(created, coordinator, days=6, start=0, end=1),
    }
    people = {}
    for label, each in shifts.items():
        people[label] = volunteer()
        services.signup_create(actor=people[label], shift=each)
    late_evening = in_rome(day(4), datetime.time(23, 30))
    due = services.reminders_due(now=late_evening)
    assert due == sorted(
        (people[label].pk, shifts[label].pk) for label in ("day 5, 00:30", "day 5, 23:30")
    )
    # The same moment written in UTC gives the same answer.
    assert services.reminders_due(now=late_evening.astimezone(datetime.UTC)) == due
    # Early in the morning of day 5, day 5's shifts are today's: not due any more.
    assert services.reminders_due(now=in_rome(day(5), datetime.time(0, 15))) == [
        (people["day 6, 00:00"].pk, shifts["day 6, 00:00"].pk)
    ]
    assert Signup.objects.count() == 4
