"""Who acts and for whom in a shared service, on the household's side: declaring the ISEE
band, confirming or disputing a session, rating the service. The household itself as
before; the desk of the service's space for it, with both in the audit trail; nobody
else."""

import pytest
from django.core.exceptions import PermissionDenied

from shared_services import deliveries, services
from shared_services.models import DeliveryCheck, ServiceRating
from tests.factories import UserFactory
from tests.factories.roles import DeskOperatorFactory
from tests.factories.spaces import SpaceFactory
from tests.proposals.helpers import past
from tests.shared_services.helpers import running_service
from wemi_community.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def audit(action: str) -> tuple:
    entry = AuditEntry.objects.filter(action=action).latest("pk")
    return entry.actor, entry.on_behalf_of


def setting():
    """A running service, one of its member households, a session logged, the desk of its
    space and the desk of another space."""
    shared, _coordinator, staff = running_service(households=3)
    member = shared.memberships.select_related("user").first().user
    entry = deliveries.delivery_log(actor=staff, service=shared, date=past(), hours="2")
    return (
        shared,
        member,
        entry,
        DeskOperatorFactory(space=shared.space),
        DeskOperatorFactory(space=SpaceFactory()),
    )


def test_the_household_acts_for_itself_as_before():
    shared, member, entry, _desk, _other = setting()
    services.isee_band_declare(actor=member, service=shared, isee_band="under_10k")
    assert audit("service.isee_declared") == (member, None)
    deliveries.delivery_check(actor=member, entry=entry, verdict="confirmed")
    assert audit("service.delivery_confirmed") == (member, None)
    deliveries.service_rate(actor=member, service=shared, stars=4)
    assert audit("service.rated") == (member, None)


def test_the_desk_acts_for_a_member_household():
    shared, member, entry, desk, _other = setting()
    membership = services.isee_band_declare(
        actor=desk, person=member, service=shared, isee_band="under_10k"
    )
    assert membership.user == member and membership.isee_band == "under_10k"
    assert audit("service.isee_declared") == (desk, member)
    deliveries.delivery_check(
        actor=desk, person=member, entry=entry, verdict="disputed", note="Non è venuta"
    )
    assert DeliveryCheck.objects.get(entry=entry).user == member
    assert audit("service.delivery_disputed") == (desk, member)
    deliveries.service_rate(actor=desk, person=member, service=shared, stars=5)
    assert ServiceRating.objects.get(service=shared).user == member
    assert audit("service.rated") == (desk, member)


def test_another_space_s_desk_or_a_stranger_may_not():
    shared, member, entry, _desk, other = setting()
    for outsider in (other, UserFactory()):
        with pytest.raises(PermissionDenied):
            services.isee_band_declare(
                actor=outsider, person=member, service=shared, isee_band="under_10k"
            )
        with pytest.raises(PermissionDenied):
            deliveries.delivery_check(
                actor=outsider, person=member, entry=entry, verdict="confirmed"
            )
        with pytest.raises(PermissionDenied):
            deliveries.service_rate(actor=outsider, person=member, service=shared, stars=1)
    assert not DeliveryCheck.objects.exists() and not ServiceRating.objects.exists()
    assert not shared.memberships.exclude(isee_band="").exists()


def test_the_desk_may_not_act_for_someone_outside_the_service():
    shared, _member, entry, desk, _other = setting()
    resident = UserFactory()
    with pytest.raises(PermissionDenied):
        deliveries.delivery_check(actor=desk, person=resident, entry=entry, verdict="confirmed")
    with pytest.raises(PermissionDenied):
        deliveries.service_rate(actor=desk, person=resident, service=shared, stars=3)
