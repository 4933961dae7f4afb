"""The shared-service page and its actions, for every kind of person, with the bad inputs."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from shared_services import deliveries as service_deliveries
from shared_services import offers
from shared_services import services as service_ops
from shared_services.models import (
    CopaymentShare,
    DeliveryCheck,
    DeliveryEntry,
    Membership,
    ServiceRating,
    SharedService,
)
from tests.factories import UserFactory
from tests.participation.moderation_helpers import coordinator_of
from tests.proposals.helpers import past
from tests.shared_services.helpers import accepted_with_offer, accredited_staff, running_service
from tests.spaces.helpers import make_space

pytestmark = pytest.mark.django_db

M = Membership.State


def url(name: str, pk: int) -> str:
    return reverse(f"shared_services:{name}", args=[pk])


def members(service) -> list:
    return [
        membership.user
        for membership in service.memberships.filter(state=M.MEMBER)
        .select_related("user")
        .order_by("pk")
    ]


def starting_service(households: int = 4, **kwargs):
    _proposal, offer, coordinator, staff = accepted_with_offer(households, **kwargs)
    service = offers.offer_choose(coordinator=coordinator, offer=offer)
    return service, coordinator, staff


def waitlisted_in_full_service():
    """A running service with every seat taken and one household on the waitlist."""
    service, coordinator, staff = running_service(4, maximum=4)
    waiting = UserFactory(display_name="In attesa")
    service_ops.seat_confirm(actor=waiting, service=service)
    service.refresh_from_db()
    return service, coordinator, staff, waiting


def text_of(response, element_id: str) -> str:
    content = response.content.decode()
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</', content, re.S)
    assert match, element_id
    return " ".join(match.group(1).split())


def assert_login(response) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- Who sees what ------------------------------------------------------------------------------


def test_public_summary_for_anonymous(client):
    service, _coordinator, _staff = running_service(4)
    response = client.get(service.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert service.title in content and service.provider.name in content
    assert text_of(response, "service-quota") == "€ 9,00"
    assert text_of(response, "service-waitlist") == "0"
    assert "4" in text_of(response, "service-seats") and "6" in text_of(response, "service-seats")
    assert 'id="member-list"' not in content
    assert 'id="service-schedule"' not in content
    assert url("seat_confirm", service.pk) not in content
    assert url("delivery_new", service.pk) not in content


def test_unknown_service_is_404(client):
    assert client.get(url("service", 999999)).status_code == 404


def test_resident_may_ask_for_a_seat(client, resident):
    service, _coordinator, _staff = running_service(4)
    client.force_login(resident)
    response = client.get(service.get_absolute_url())
    content = response.content.decode()
    assert url("seat_confirm", service.pk) in content
    assert 'id="member-list"' not in content
    response = client.post(url("seat_confirm", service.pk), {"household_size": "3"})
    assert response.status_code == 302
    membership = Membership.objects.get(service=service, user=resident)
    assert membership.state == M.MEMBER and membership.household_size == 3
    service.refresh_from_db()
    assert service.members_count == 5


def test_member_sees_private_part_and_actions(client):
    service, _coordinator, _staff = running_service(4)
    member = members(service)[0]
    client.force_login(member)
    response = client.get(service.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert text_of(response, "service-schedule") == service.schedule
    assert 'id="member-list"' in content
    for other in members(service):
        assert other.display_name in content
    assert url("service_leave", service.pk) in content
    assert url("service_rate", service.pk) in content
    assert url("seat_confirm", service.pk) not in content
    assert 'data-state="member"' in content


def test_waitlisted_household(client):
    service, _coordinator, _staff, waiting = waitlisted_in_full_service()
    assert Membership.objects.get(service=service, user=waiting).state == M.WAITLISTED
    client.force_login(waiting)
    response = client.get(service.get_absolute_url())
    content = response.content.decode()
    assert 'data-state="waitlisted"' in content
    assert 'id="member-list"' not in content
    assert url("service_leave", service.pk) in content
    assert text_of(response, "service-waitlist") == "1"


def test_staff_and_coordinators_see_private_part(client):
    service, coordinator, staff = running_service(4)
    other_staff = accredited_staff()[1]
    other_coordinator = coordinator_of(make_space("Spazio lontano"))
    for user, private in (
        (staff, True),
        (coordinator, True),
        (other_staff, False),
        (other_coordinator, False),
    ):
        client.force_login(user)
        content = client.get(service.get_absolute_url()).content.decode()
        assert ('id="member-list"' in content) is private, user
    client.force_login(staff)
    content = client.get(service.get_absolute_url()).content.decode()
    assert url("delivery_new", service.pk) in content
    assert url("service_end", service.pk) not in content
    client.force_login(coordinator)
    content = client.get(service.get_absolute_url()).content.decode()
    assert url("service_end", service.pk) in content
    assert url("delivery_new", service.pk) not in content
    assert 'id="service-totals"' in content


def test_waitlist_shown_in_order_to_the_provider(client):
    service, _coordinator, staff, waiting = waitlisted_in_full_service()
    second = UserFactory(display_name="Seconda in attesa")
    service_ops.seat_confirm(actor=second, service=service)
    client.force_login(staff)
    content = client.get(service.get_absolute_url()).content.decode()
    waitlist = content[content.index('id="waitlist"') :]
    assert waitlist.index(waiting.display_name) < waitlist.index(second.display_name)


# --- Seats --------------------------------------------------------------------------------------


def test_confirm_within_the_window(client):
    service, _coordinator, _staff = starting_service(4)
    invited = service.memberships.select_related("user").first()
    client.force_login(invited.user)
    page = client.get(service.get_absolute_url()).content.decode()
    assert url("seat_confirm", service.pk) in page and url("seat_decline", service.pk) in page
    response = client.post(url("seat_confirm", service.pk), {"household_size": "2"})
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.state == M.MEMBER


def test_confirming_after_the_window_is_409(client):
    service, _coordinator, _staff = starting_service(4)
    invited = service.memberships.select_related("user").first()
    SharedService.objects.filter(pk=service.pk).update(
        confirm_by=timezone.now() - datetime.timedelta(hours=1)
    )
    client.force_login(invited.user)
    page = client.get(service.get_absolute_url()).content.decode()
    assert url("seat_confirm", service.pk) not in page
    response = client.post(url("seat_confirm", service.pk), {"household_size": "2"})
    assert response.status_code == 409
    assert 'id="service-error"' in response.content.decode()
    invited.refresh_from_db()
    assert invited.state == M.INVITED


def test_bad_household_size_is_422(client):
    service, _coordinator, _staff = running_service(4)
    resident = UserFactory()
    client.force_login(resident)
    for size in ("0", "21", "tre"):
        response = client.post(url("seat_confirm", service.pk), {"household_size": size})
        assert response.status_code == 422
        assert 'id="id_household_size_error"' in response.content.decode()
    assert not Membership.objects.filter(user=resident).exists()


def test_decline(client):
    service, _coordinator, _staff = starting_service(4)
    invited = service.memberships.select_related("user").first()
    client.force_login(invited.user)
    assert client.post(url("seat_decline", service.pk)).status_code == 302
    invited.refresh_from_db()
    assert invited.state == M.DECLINED


def test_asking_before_the_start_is_409(client, resident):
    service, _coordinator, _staff = starting_service(4)
    client.force_login(resident)
    response = client.post(url("seat_confirm", service.pk), {"household_size": "2"})
    assert response.status_code == 409
    assert not Membership.objects.filter(user=resident).exists()


def test_full_service_puts_on_the_waitlist(client, resident):
    service, _coordinator, _staff = running_service(4, maximum=4)
    client.force_login(resident)
    page = client.get(service.get_absolute_url()).content.decode()
    assert gettext("Join the waitlist") in page
    client.post(url("seat_confirm", service.pk), {"household_size": "1"})
    assert Membership.objects.get(user=resident).state == M.WAITLISTED


def test_leave_lowers_nothing_twice_and_moves_the_quota(client):
    service, _coordinator, _staff = running_service(4)
    member = members(service)[0]
    client.force_login(member)
    before = client.get(service.get_absolute_url())
    assert text_of(before, "service-quota") == "€ 9,00"  # 36 € / 4
    assert client.get(url("service_leave", service.pk)).status_code == 200
    response = client.post(url("service_leave", service.pk))
    assert response.status_code == 302
    after = client.get(service.get_absolute_url())
    assert text_of(after, "service-quota") == "€ 10,00"  # 30 € / 3
    current = re.findall(r'wemi-quota-current" data-households="(\d+)"', after.content.decode())
    assert current == ["3"]
    again = client.post(url("service_leave", service.pk))
    assert again.status_code == 409
    assert gettext("You already left this service.") in again.content.decode()
    assert client.get(url("service_leave", service.pk)).status_code == 409


def test_waitlisted_leaves_the_queue(client):
    service, _coordinator, _staff, waiting = waitlisted_in_full_service()
    client.force_login(waiting)
    assert client.post(url("service_leave", service.pk)).status_code == 302
    service.refresh_from_db()
    assert service.waitlist_count == 0
    assert Membership.objects.get(user=waiting).state == M.LEFT


def test_actions_need_login(client):
    service, _coordinator, _staff = running_service(4)
    entry = DeliveryEntry.objects.create(
        service=service, date=past(), hours=Decimal("2"), logged_by=_staff
    )
    for name in (
        "seat_confirm",
        "seat_decline",
        "service_leave",
        "isee_declare",
        "copayment",
        "service_start",
        "service_end",
        "delivery_new",
        "service_rate",
    ):
        assert_login(client.post(url(name, service.pk)))
    assert_login(client.post(url("delivery_check", entry.pk), {"verdict": "confirmed"}))


def test_get_on_an_action_goes_back_to_the_page(client, resident):
    service, _coordinator, _staff = running_service(4)
    client.force_login(resident)
    response = client.get(url("seat_confirm", service.pk))
    assert response.status_code == 302 and response["Location"] == service.get_absolute_url()


# --- Co-payment ---------------------------------------------------------------------------------


def test_isee_and_copayment_shares(client):
    service, coordinator, _staff = running_service(4, pricing_mode="copayment")
    member = members(service)[0]
    client.force_login(coordinator)
    page = client.get(service.get_absolute_url()).content.decode()
    assert 'name="undeclared"' in page and 'name="under_10k"' in page
    response = client.post(
        url("copayment", service.pk),
        {"under_10k": "50", "10k_20k": "30", "20k_30k": "10", "over_30k": "0", "undeclared": "0"},
    )
    assert response.status_code == 302
    assert CopaymentShare.objects.get(service=service, isee_band="under_10k").city_percent == 50
    client.force_login(member)
    response = client.post(url("isee_declare", service.pk), {"isee_band": "under_10k"})
    assert response.status_code == 302
    page = client.get(service.get_absolute_url())
    share = text_of(page, "my-share")
    assert "€ 4,50" in share  # 9,00 split in half
    client.force_login(coordinator)
    page = client.get(service.get_absolute_url()).content.decode()
    totals = page[page.index('id="service-totals"') :]
    assert re.search(r'data-total="group">€ 36,00', totals)
    assert re.search(r'data-total="collected">€ 36,00', totals)
    assert re.search(r'data-total="city">€ 4,50', totals)
    assert re.search(r'data-total="families">€ 31,50', totals)


@pytest.mark.parametrize("value", ["101", "abc", "-1"])
def test_bad_copayment_is_422(client, value):
    service, coordinator, _staff = running_service(4, pricing_mode="copayment")
    client.force_login(coordinator)
    data = {"under_10k": value, "10k_20k": "0", "20k_30k": "0", "over_30k": "0", "undeclared": "0"}
    response = client.post(url("copayment", service.pk), data)
    assert response.status_code == 422
    assert 'id="id_under_10k_error"' in response.content.decode()
    assert not CopaymentShare.objects.exists()


def test_copayment_permissions(client, resident):
    service, _coordinator, staff = running_service(4, pricing_mode="copayment")
    data = {"under_10k": "50", "10k_20k": "0", "20k_30k": "0", "over_30k": "0", "undeclared": "0"}
    other_coordinator = coordinator_of(make_space("Spazio lontano"))
    for user in (resident, members(service)[0], staff, other_coordinator):
        client.force_login(user)
        assert client.post(url("copayment", service.pk), data).status_code == 403
    assert not CopaymentShare.objects.exists()


def test_isee_needs_a_place(client, resident):
    service, _coordinator, _staff = running_service(4, pricing_mode="copayment")
    client.force_login(resident)
    assert (
        client.post(url("isee_declare", service.pk), {"isee_band": "over_30k"}).status_code == 403
    )
    client.force_login(members(service)[0])
    response = client.post(url("isee_declare", service.pk), {"isee_band": "lots"})
    assert response.status_code == 422


# --- Start and end ------------------------------------------------------------------------------


def test_start_when_enough_members(client):
    service, coordinator, _staff = starting_service(4)
    client.force_login(coordinator)
    response = client.post(url("service_start", service.pk))
    assert response.status_code == 409  # nobody confirmed yet
    assert 'id="service-error"' in response.content.decode()
    for membership in service.memberships.select_related("user")[:2]:
        service_ops.seat_confirm(actor=membership.user, service=service)
    page = client.get(service.get_absolute_url()).content.decode()
    assert url("service_start", service.pk) in page
    assert client.post(url("service_start", service.pk)).status_code == 302
    service.refresh_from_db()
    assert service.state == SharedService.State.RUNNING


def test_end_only_by_the_coordinator(client, resident):
    service, coordinator, staff = running_service(4)
    other_coordinator = coordinator_of(make_space("Spazio lontano"))
    for user in (resident, members(service)[0], staff, other_coordinator):
        client.force_login(user)
        assert client.post(url("service_end", service.pk)).status_code == 403
    client.force_login(coordinator)
    assert client.post(url("service_end", service.pk)).status_code == 302
    service.refresh_from_db()
    assert service.state == SharedService.State.ENDED
    assert client.post(url("service_end", service.pk)).status_code == 409


# --- The delivery log ---------------------------------------------------------------------------


def test_log_a_session_and_members_check_it(client):
    service, _coordinator, staff = running_service(4)
    client.force_login(staff)
    response = client.post(
        url("delivery_new", service.pk),
        {"date": past().isoformat(), "hours": "2,5", "notes": "Compiti e merenda"},
    )
    assert response.status_code == 302
    entry = DeliveryEntry.objects.get(service=service)
    assert entry.hours == Decimal("2.50")
    first, second = members(service)[:2]
    client.force_login(first)
    page = client.get(service.get_absolute_url())
    assert url("delivery_check", entry.pk) in page.content.decode()
    assert text_of(page, "service-sessions") == "1"
    assert text_of(page, "service-hours") == "2,50"
    assert client.post(url("delivery_check", entry.pk), {"verdict": "confirmed"}).status_code == 302
    client.force_login(second)
    response = client.post(
        url("delivery_check", entry.pk), {"verdict": "disputed", "note": "Finito alle 18"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.confirmed_count, entry.disputed_count) == (1, 1)
    page = client.get(service.get_absolute_url()).content.decode()
    assert 'data-verdict="disputed"' in page


@pytest.mark.parametrize(
    ("date", "hours", "field"),
    [
        (-1, "0", "hours"),
        (-1, "25", "hours"),
        (-1, "due", "hours"),
        (1, "2", "date"),
        ("ieri", "2", "date"),
    ],
)
def test_bad_sessions_are_422(client, date, hours, field):
    service, _coordinator, staff = running_service(4)
    client.force_login(staff)
    # Whole numbers are days from today, read when the test runs.
    value = date if isinstance(date, str) else (timezone.localdate() + datetime.timedelta(date))
    value = str(value)
    response = client.post(url("delivery_new", service.pk), {"date": value, "hours": hours})
    assert response.status_code == 422
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not DeliveryEntry.objects.exists()


def test_more_than_24_hours_on_a_day_is_422(client):
    service, _coordinator, staff = running_service(4)
    client.force_login(staff)
    day = past().isoformat()
    assert (
        client.post(url("delivery_new", service.pk), {"date": day, "hours": "20"}).status_code
        == 302
    )
    response = client.post(url("delivery_new", service.pk), {"date": day, "hours": "5"})
    assert response.status_code == 422
    assert gettext("More than 24 hours on the same day.") in response.content.decode()
    assert DeliveryEntry.objects.count() == 1


def test_logging_permissions(client, resident):
    service, coordinator, _staff = running_service(4)
    other_staff = accredited_staff()[1]
    data = {"date": past().isoformat(), "hours": "2"}
    for user in (resident, members(service)[0], coordinator, other_staff):
        client.force_login(user)
        assert client.post(url("delivery_new", service.pk), data).status_code == 403
    assert not DeliveryEntry.objects.exists()


def test_logging_before_the_start_is_409(client):
    service, _coordinator, staff = starting_service(4)
    client.force_login(staff)
    response = client.post(
        url("delivery_new", service.pk), {"date": past().isoformat(), "hours": "2"}
    )
    assert response.status_code == 409
    assert not DeliveryEntry.objects.exists()


def test_dispute_needs_a_note(client):
    service, _coordinator, staff = running_service(4)
    entry = service_deliveries.delivery_log(actor=staff, service=service, date=past(), hours="2")
    member = members(service)[0]
    client.force_login(member)
    response = client.post(url("delivery_check", entry.pk), {"verdict": "disputed", "note": " "})
    assert response.status_code == 422
    assert f'id="id_check_{entry.pk}_note_error"' in response.content.decode()
    assert not DeliveryCheck.objects.exists()


def test_only_members_check_sessions(client, resident):
    service, coordinator, staff = running_service(4)
    entry = service_deliveries.delivery_log(actor=staff, service=service, date=past(), hours="2")
    for user in (resident, coordinator, staff):
        client.force_login(user)
        response = client.post(url("delivery_check", entry.pk), {"verdict": "confirmed"})
        assert response.status_code == 403
    assert client.post(url("delivery_check", 999999), {"verdict": "confirmed"}).status_code == 404
    assert not DeliveryCheck.objects.exists()


# --- Ratings ------------------------------------------------------------------------------------


def test_member_rates(client):
    service, _coordinator, _staff = running_service(4)
    member = members(service)[0]
    client.force_login(member)
    response = client.post(url("service_rate", service.pk), {"stars": "4", "comment": "Brava"})
    assert response.status_code == 302
    assert ServiceRating.objects.get(service=service, user=member).stars == 4
    page = client.get(service.get_absolute_url())
    assert text_of(page, "service-rating").startswith("4")
    assert 'type="radio"' in page.content.decode()


@pytest.mark.parametrize("stars", ["0", "6", "", "tante"])
def test_bad_stars_are_422(client, stars):
    service, _coordinator, _staff = running_service(4)
    client.force_login(members(service)[0])
    response = client.post(url("service_rate", service.pk), {"stars": stars})
    assert response.status_code == 422
    assert 'id="id_stars_error"' in response.content.decode()
    assert not ServiceRating.objects.exists()


def test_only_members_rate(client, resident):
    service, coordinator, staff = running_service(4)
    for user in (resident, coordinator, staff):
        client.force_login(user)
        assert client.post(url("service_rate", service.pk), {"stars": "5"}).status_code == 403
    assert not ServiceRating.objects.exists()


# --- The space's page -------------------------------------------------------------------------


def test_space_page_lists_its_services(client):
    service, _coordinator, _staff = running_service(4)
    response = client.get(service.space.url)
    assert response.status_code == 200
    content = response.content.decode()
    section = content[content.index('class="list-unstyled wemi-space-services"') :]
    assert service.get_absolute_url() in section
    assert service.provider.name in section
    assert re.search(r"4\D+6\D+2", " ".join(section[: section.index("</ul>")].split()))
