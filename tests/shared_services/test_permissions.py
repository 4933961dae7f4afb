"""The permission matrix of a shared service, and who chooses and withdraws an offer."""

import pytest
from django.contrib.auth.models import AnonymousUser

from shared_services import offers
from shared_services import permissions as service_permissions
from shared_services import services as service_ops
from shared_services.models import Membership
from tests.factories import UserFactory
from tests.participation.moderation_helpers import city_staff, coordinator_of
from tests.shared_services.helpers import accepted_with_offer, accredited_staff, running_service
from tests.spaces.helpers import make_space

pytestmark = pytest.mark.django_db


SERVICE_CHECKS = {
    "private": service_permissions.can_view_service_private,
    "coordinate": service_permissions.can_coordinate_service,
    "log": service_permissions.can_log_delivery,
    "check": service_permissions.can_check_delivery,
    "rate": service_permissions.can_rate_service,
    "leave": service_permissions.can_leave_service,
    "request": service_permissions.can_request_seat,
}


def test_the_service_matrix():
    shared, coordinator, staff = running_service(3, maximum=3)
    member = shared.memberships.first().user
    waiting = UserFactory()
    service_ops.seat_confirm(actor=waiting, service=shared)
    assert Membership.objects.get(user=waiting).state == Membership.State.WAITLISTED
    _other_org, other_provider = accredited_staff()
    people = {
        "anonymous": AnonymousUser(),
        "member": member,
        "waitlisted": waiting,
        "resident": UserFactory(),
        "coordinator": coordinator,
        "other_coordinator": coordinator_of(make_space("Altro spazio")),
        "city_staff": city_staff(),
        "provider": staff,
        "other_provider": other_provider,
    }
    found = {
        action: {name for name, user in people.items() if check(user, shared)}
        for action, check in SERVICE_CHECKS.items()
    }
    assert found == {
        "private": {"member", "coordinator", "city_staff", "provider"},
        "coordinate": {"coordinator", "city_staff"},
        "log": {"provider"},
        "check": {"member"},
        "rate": {"member"},
        "leave": {"member", "waitlisted"},
        "request": {
            "resident",
            "coordinator",
            "other_coordinator",
            "city_staff",
            "provider",
            "other_provider",
        },
    }


def test_offers_may_be_chosen_only_by_the_space_and_withdrawn_only_by_their_provider():
    proposal, offer, coordinator, staff = accepted_with_offer()
    assert service_permissions.can_choose_offer(coordinator, offer)
    assert not service_permissions.can_choose_offer(staff, offer)
    assert not service_permissions.can_choose_offer(coordinator_of(make_space("Terzo")), offer)
    assert service_permissions.can_withdraw_offer(staff, offer)
    assert not service_permissions.can_withdraw_offer(coordinator, offer)
    offers.offer_choose(coordinator=coordinator, offer=offer)
    offer.refresh_from_db()
    proposal.refresh_from_db()
    assert not service_permissions.can_choose_offer(coordinator, offer)
    assert not service_permissions.can_offer_on_proposal(staff, proposal)
