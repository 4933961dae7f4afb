"""The demo volunteering: opportunities with shifts in several spaces, volunteers with
profiles and approved hours (one with hours still to approve), offers of help, and the demo
resident without a profile, ready to become a volunteer; idempotent. The seed runs once for
the module, inside a transaction rolled back at its end."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from volunteering import hours, matching, permissions
from volunteering.demo import already_seeded
from volunteering.models import (
    HourEntry,
    Opportunity,
    Shift,
    Signup,
    VolunteerOffer,
    VolunteerProfile,
)
from wemi_community.accounts.demo import demo_email
from wemi_community.accounts.models import User

pytestmark = pytest.mark.django_db


def person(local_part: str) -> User:
    return User.objects.get(email=demo_email(local_part))


def test_opportunities_with_shifts_to_come_in_several_spaces(seeded):
    assert already_seeded()
    listed = Opportunity.objects.filter(
        shifts__starts_at__gt=timezone.now(), shifts__cancelled_at__isnull=True
    ).distinct()
    assert listed.values("space").distinct().count() >= 3
    assert Shift.objects.filter(starts_at__lt=timezone.now()).exists()


def test_volunteers_with_profiles_and_approved_hours(seeded):
    assert VolunteerProfile.objects.count() >= 5
    ahmed = person("volontario")
    figures = hours.summary(ahmed)
    assert figures["total"] > 0 and len(figures["rows"]) >= 2
    assert HourEntry.objects.filter(volunteer=ahmed, state=HourEntry.State.PENDING).exists()


def test_offers_of_help_are_open(seeded):
    assert VolunteerOffer.objects.filter(state=VolunteerOffer.State.OPEN).count() >= 3


def test_the_demo_resident_can_become_a_volunteer_and_gets_suggestions(seeded):
    resident = person("residente")
    assert permissions.profile_of(resident) is None
    ahmed = permissions.profile_of(person("volontario"))
    suggestions = matching.opportunities_for(ahmed)
    assert suggestions and all(suggestion.reasons for suggestion in suggestions)


def test_the_coordinator_has_hours_to_approve_and_a_roster(seeded):
    coordinator = person("coordinatrice")
    assert coordinator.check_password("wemi-demo-2026")
    client = Client()
    client.force_login(coordinator)
    assert client.get(reverse("volunteering:hours_review")).status_code == 200
    mine = Opportunity.objects.filter(space__in=permissions.spaces_coordinated_by(coordinator))
    assert mine.exists()


def test_the_readmes_journey_can_be_done_in_its_order(seeded):
    """What the README asks of the demo's people: the resident takes a shift, is refused one
    at the same time and waits on a full one; the coordinator has a shift held whose
    attendance she records and hours to approve in her own space."""
    now = timezone.now()
    future = Shift.objects.filter(starts_at__gt=now, cancelled_at__isnull=True)
    full = future.filter(seats_taken__gte=F("capacity"))
    assert full.exists()
    overlapping = [
        (shift, other)
        for shift in future.exclude(pk__in=full)
        for other in future.exclude(pk__in=full).exclude(opportunity=shift.opportunity)
        if shift.starts_at < other.ends_at and other.starts_at < shift.ends_at
    ]
    assert overlapping
    coordinator = person("coordinatrice")
    spaces = permissions.spaces_coordinated_by(coordinator)
    to_record = Signup.objects.filter(
        shift__opportunity__space__in=spaces,
        shift__starts_at__lt=now,
        state="confirmed",
        attended__isnull=True,
    )
    assert to_record.exists()
    assert HourEntry.objects.filter(
        space__in=spaces, state=HourEntry.State.PENDING, shift__isnull=True
    ).exists()
    # The weekly rota of the desk falls on one weekday, past and to come.
    desk = Opportunity.objects.get(title="Accoglienza allo sportello")
    weekdays = {timezone.localtime(shift.starts_at).weekday() for shift in desk.shifts.all()}
    assert len(weekdays) == 1


def test_the_pages_open_on_the_demo(seeded):
    client = Client()
    for url in (reverse("volunteering:list"), reverse("volunteering:offers")):
        assert client.get(url).status_code == 200
    client.force_login(person("volontario"))
    content = client.get(reverse("volunteering:mine")).content.decode()
    assert "Le mie ore" in content
    assert client.get(reverse("volunteering:certificate"))["Content-Type"] == "application/pdf"


def test_seeding_again_changes_nothing(seeded):
    before = (Opportunity.objects.count(), Shift.objects.count(), HourEntry.objects.count())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "Volunteering: the demo is already there" in out.getvalue()
    assert (Opportunity.objects.count(), Shift.objects.count(), HourEntry.objects.count()) == before
