"""``seed_demo --city`` at a thousandth of Milan: the counts follow the scale, the counters
agree with the rows, the pages answer, and a second run adds nothing."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from wagtail.models import Page

from events.models import Event, Registration
from labs.models import Lab, Need
from proposals.models import Proposal, Support
from shared_services.models import DeliveryEntry, Membership, SharedService
from spaces_pages.models import SpacePage
from volunteering.models import HourEntry, Shift
from wemi_community.accounts.city import CITY_DOMAIN
from wemi_community.accounts.demo import DEMO_PASSWORD
from wemi_community.accounts.models import User
from wemi_community.notifications.models import Notification

SCALE = 0.001


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker):
    """The demo and the city on top of it, once for the module, rolled back at its end; gives
    what the command printed."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("seed_demo", city=True, scale=SCALE, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(city, db):
    return city


def residents():
    return User.objects.filter(email__endswith="@" + CITY_DOMAIN)


def test_the_counts_follow_the_scale(seeded):
    assert residents().count() == 100
    assert Proposal.objects.filter(author__in=residents()).count() == 50
    assert Event.objects.filter(registrations__user__in=residents()).distinct().count() == 10
    assert Registration.objects.filter(user__in=residents()).count() == 200
    assert Need.objects.filter(author__in=residents()).count() == 100
    assert Lab.objects.filter(participants__user__in=residents()).distinct().count() == 1
    assert HourEntry.objects.filter(volunteer__in=residents()).count() == 100
    assert Shift.objects.filter(opportunity__title__startswith="Accoglienza").count() >= 1
    assert Notification.objects.filter(recipient__in=residents()).count() == 1_000
    # The real spaces and one synthetic (60 × 0.001, at least one).
    assert SpacePage.objects.filter(locale__language_code="it", slug="prova-1").exists()
    # Each phase prints its rows and seconds.
    assert "residents" in seeded and "notifications" in seeded and "City loaded in" in seeded


def test_the_proposals_counters_match_their_households(seeded):
    proposals = Proposal.objects.filter(author__in=residents()).annotate(
        joined=Count("supports"), people=Sum("supports__household_size")
    )
    assert proposals.exists()
    for proposal in proposals:
        assert proposal.households_count == proposal.joined
        assert proposal.people_count == proposal.people
    assert Support.objects.filter(proposal__in=proposals).count() > 0


def test_no_event_is_overbooked_and_the_counters_match(seeded):
    events = Event.objects.filter(registrations__user__in=residents()).distinct()
    for event in events.annotate(
        confirmed=Sum("registrations__seats", filter=Q(registrations__state="confirmed")),
        waiting=Sum("registrations__seats", filter=Q(registrations__state="waitlisted")),
    ):
        assert (event.confirmed or 0) == event.seats_taken <= event.capacity
        assert (event.waiting or 0) == event.waitlist_seats
    assert not events.filter(seats_taken__gt=F("capacity")).exists()


def test_shifts_and_services_keep_their_places(seeded):
    for shift in Shift.objects.annotate(
        confirmed=Count("signups", filter=Q(signups__state="confirmed")),
        waiting=Count("signups", filter=Q(signups__state="waitlisted")),
    ):
        assert shift.confirmed == shift.seats_taken <= shift.capacity
        assert shift.waiting == shift.waitlist_count
    services = SharedService.objects.filter(proposal__author__in=residents())
    assert services.exists()
    for service in services.annotate(
        members=Count("memberships", filter=Q(memberships__state="member")),
        waiting=Count("memberships", filter=Q(memberships__state="waitlisted")),
    ):
        assert service.members == service.members_count <= service.seats
        assert service.waiting == service.waitlist_count
    assert DeliveryEntry.objects.filter(service__in=services).count() == 20 * services.count()
    assert Membership.objects.filter(service__in=services).exists()


def test_the_page_tree_holds_and_the_pages_answer(seeded, client):
    assert Page.find_problems() == ([], [], [], [], [])
    space = SpacePage.objects.live().filter(slug="prova-1", locale__language_code="it").get()
    for url in ("/proposte/", "/eventi/", "/spazi/", space.url):
        assert client.get(url).status_code == 200, url


def test_a_resident_signs_in_with_the_demo_password(seeded, rf):
    email = residents().first().email
    assert authenticate(rf.post("/"), username=email, password=DEMO_PASSWORD) is not None


def test_a_second_run_adds_nothing(seeded):
    counts = (residents().count(), Proposal.objects.count(), Notification.objects.count())
    out = io.StringIO()
    call_command("seed_demo", city=True, scale=SCALE, stdout=out)
    assert "already loaded" in out.getvalue()
    assert (residents().count(), Proposal.objects.count(), Notification.objects.count()) == counts


def test_the_residents_are_active_so_the_retention_warns_nobody_at_once(seeded):
    from django.utils import timezone

    from wemi_community.accounts import retention

    assert not residents().filter(last_login__isnull=True).exists()
    assert retention.warnings_send(now=timezone.now()) == 0
