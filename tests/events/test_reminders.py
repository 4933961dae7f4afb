"""Reminders the day before: confirmed people of tomorrow's events and course sessions, by
e-mail as each chose, never twice however often the task runs."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from events import courses, services, tasks
from events.models import Event, Reminder
from tests.events.helpers import publish, weekly_course
from tests.factories import UserFactory
from wemi_community.core.milan import in_rome
from wemi_community.notifications.models import Notification

# Date-sensitive: run now and at the awkward instants of tests/instants.py.
pytestmark = [pytest.mark.django_db, pytest.mark.instants]


def tomorrow_at(hour: int) -> datetime.datetime:
    return in_rome(timezone.localdate() + datetime.timedelta(days=1), datetime.time(hour))


def test_tomorrows_confirmed_people_are_reminded_once(django_capture_on_commit_callbacks):
    event, coordinator = publish(capacity=1, max_seats_per_registration=1, days=1)
    later, _c = publish(space=event.space, coordinator=coordinator, days=3)
    confirmed = UserFactory(notification_preference="immediate")
    waiting = UserFactory(notification_preference="immediate")
    elsewhere = UserFactory(notification_preference="immediate")
    services.registration_create(actor=confirmed, event=event, seats=1)
    services.registration_create(actor=waiting, event=event, seats=1)
    services.registration_create(actor=elsewhere, event=later, seats=1)
    Notification.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders() == 1
    reminders = Notification.objects.filter(kind="event.reminder")
    assert list(reminders.values_list("recipient_id", flat=True)) == [confirmed.pk]
    assert [message.to for message in mail.outbox] == [[confirmed.email]]
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders() == 0
    assert Notification.objects.filter(kind="event.reminder").count() == 1
    assert len(mail.outbox) == 1


def test_people_who_chose_no_e_mail_get_the_reminder_on_the_site_only():
    event, _c = publish(days=1)
    person = UserFactory(notification_preference="never")
    services.registration_create(actor=person, event=event, seats=1)
    mail.outbox.clear()
    tasks.send_reminders()
    assert Notification.objects.filter(recipient=person, kind="event.reminder").exists()
    assert mail.outbox == []


def test_course_participants_are_reminded_of_tomorrows_session():
    course, _c = weekly_course()
    enrollment = courses.enrollment_create(actor=UserFactory(), course=course)
    session = course.sessions.order_by("starts_at").first()
    Event.objects.filter(pk=session.pk).update(starts_at=tomorrow_at(18), ends_at=tomorrow_at(20))
    assert tasks.send_reminders() == 1
    assert Reminder.objects.get().user_id == enrollment.user_id


def test_cancelled_events_send_no_reminder():
    event, coordinator = publish(days=1)
    services.registration_create(actor=UserFactory(), event=event, seats=1)
    services.event_cancel(actor=coordinator, event=event)
    assert tasks.send_reminders() == 0
