"""The demo events and course: a workshop at WeMi Capuana with free seats, a full event with
the demo resident on it, a weekly desk, a cancelled and a past event with check-ins, and a
financial-education course with sessions past and future, attendance and a certificate the
demo resident can download; idempotent. The seed runs once for the module, inside a
transaction rolled back at its end."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import courses, permissions
from events.demo import already_seeded
from events.models import Course, Enrollment, Event, Registration
from wemi_community.accounts.demo import demo_email
from wemi_community.accounts.models import User

pytestmark = pytest.mark.django_db


def person(local_part: str) -> User:
    return User.objects.get(email=demo_email(local_part))


def test_a_workshop_at_wemi_capuana_with_free_seats(seeded):
    workshop = Event.objects.get(title="Laboratorio di cucito creativo")
    assert workshop.space.slug == "capuana" and workshop.starts_at > timezone.now()
    assert workshop.free_seats >= 3 and workshop.max_seats_per_registration >= 3
    coordinator = person("coordinamento.capuana")
    assert permissions.can_check_in(coordinator, workshop)
    assert coordinator.check_password("wemi-demo-2026")


def test_a_full_event_where_the_demo_resident_has_seats(seeded):
    full = Event.objects.get(title="Merenda in musica per famiglie")
    assert full.free_seats == 0
    assert Registration.objects.filter(
        event=full, user=person("residente"), state="confirmed"
    ).exists()
    assert not Registration.objects.filter(event=full, user=person("vicino")).exists()


def test_a_weekly_desk_a_cancelled_and_a_past_event_with_check_ins(seeded):
    desk = Event.objects.filter(title="Sportello di facilitazione digitale")
    assert desk.count() >= 10 and desk.values("series").distinct().count() == 1
    assert Event.objects.get(title="Laboratorio di riciclo creativo").is_cancelled
    past = Event.objects.get(title="Incontro di benvenuto per le nuove famiglie")
    assert past.is_past
    assert Registration.objects.filter(event=past, checked_in_at__isnull=False).count() == 3


def test_a_financial_education_course_with_attendance_and_a_certificate(seeded):
    course = Course.objects.get(title="Educazione finanziaria: il bilancio di casa")
    now = timezone.now()
    assert course.sessions.filter(starts_at__lt=now).count() == 3
    assert course.sessions.filter(starts_at__gt=now).count() == 1
    assert course.educator == person("educatrice")
    resident = Enrollment.objects.get(course=course, user=person("residente"))
    assert courses.attendance_of(resident) == (3, 4)
    assert courses.has_earned_certificate(resident)
    other = Enrollment.objects.get(course=course, user=person("partecipante08"))
    assert not courses.has_earned_certificate(other)


def test_the_educator_finds_her_course_in_my_events(seeded):
    course = Course.objects.get()
    assert person("educatrice").check_password("wemi-demo-2026")
    client = Client()
    client.force_login(person("educatrice"))
    page = client.get(reverse("events:mine")).content.decode()
    assert "I corsi che tieni" in page and course.title in page
    assert reverse("events:attendance", args=[course.pk]) in page
    held = course.sessions.filter(starts_at__lt=timezone.now()).first()
    assert (
        client.get(reverse("events:session_attendance", args=[course.pk, held.pk])).status_code
        == 200
    )


def test_the_demo_pages_open(seeded):
    client = Client()
    client.force_login(person("residente"))
    for event in Event.objects.filter(course__isnull=True)[:5]:
        assert client.get(event.get_absolute_url()).status_code == 200
    course = Course.objects.get()
    assert client.get(course.get_absolute_url()).status_code == 200
    response = client.get(f"/eventi/corsi/{course.pk}/attestato.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_seeding_again_changes_nothing(seeded):
    assert already_seeded()
    before = (Event.objects.count(), Registration.objects.count(), Enrollment.objects.count())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert (
        Event.objects.count(),
        Registration.objects.count(),
        Enrollment.objects.count(),
    ) == before
    assert "Events: the demo events are already there, left as they are." in out.getvalue()
