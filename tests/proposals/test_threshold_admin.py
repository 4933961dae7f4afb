"""The proposal thresholds changed in the Wagtail admin leave their audit entries (who, which
row, the figures before and after); a coordinator or a resident changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from proposals import thresholds
from proposals.models import ProposalThreshold
from tests.factories import UserFactory
from tests.participation.moderation_helpers import city_staff, coordinator_of
from tests.proposals.helpers import category
from tests.spaces.helpers import make_space
from wemi_community.core.models import AuditEntry

pytestmark = pytest.mark.django_db

URL = "/admin/snippets/proposals/proposalthreshold/"


def _admin(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def entries():
    return list(
        AuditEntry.objects.filter(action__startswith="proposal.threshold")
        .order_by("pk")
        .values_list("actor_id", "action", "target_type__model", "target_id", "data")
    )


def test_setting_changing_and_removing_a_threshold():
    space = make_space("Spazio con soglia")
    staff = city_staff(is_staff=True)
    client = _admin(staff)
    babysitting = category()
    response = client.post(
        f"{URL}add/", {"category": babysitting.pk, "space": space.pk, "households": 7}
    )
    assert response.status_code == 302
    threshold = ProposalThreshold.objects.get()
    assert thresholds.threshold_for(babysitting, space) == 7
    first = {"category": babysitting.pk, "space": space.pk, "households": 7}
    assert entries() == [
        (
            staff.pk,
            "proposal.threshold_set",
            "proposalthreshold",
            str(threshold.pk),
            {"before": None, "after": first},
        )
    ]

    response = client.post(
        f"{URL}edit/{threshold.pk}/",
        {"category": babysitting.pk, "space": space.pk, "households": 5},
    )
    assert response.status_code == 302
    assert thresholds.threshold_for(babysitting, space) == 5
    second = first | {"households": 5}
    assert entries()[-1] == (
        staff.pk,
        "proposal.threshold_changed",
        "proposalthreshold",
        str(threshold.pk),
        {"before": first, "after": second},
    )

    response = client.post(f"{URL}delete/{threshold.pk}/")
    assert response.status_code == 302
    assert not ProposalThreshold.objects.exists()
    assert entries()[-1] == (
        staff.pk,
        "proposal.threshold_removed",
        "proposalthreshold",
        str(threshold.pk),
        {"before": second, "after": None},
    )
    assert len(entries()) == 3


def test_saving_the_same_figure_writes_no_entry():
    staff = city_staff(is_staff=True)
    threshold = ProposalThreshold.objects.create(category=category(), households=4)
    response = _admin(staff).post(
        f"{URL}edit/{threshold.pk}/", {"category": threshold.category_id, "households": 4}
    )
    assert response.status_code == 302
    assert entries() == []


def test_removing_thresholds_in_bulk_is_audited_too():
    staff = city_staff(is_staff=True)
    threshold = ProposalThreshold.objects.create(category=category(), households=4)
    url = reverse("wagtail_bulk_action", args=["proposals", "proposalthreshold", "delete"])
    response = _admin(staff).post(f"{url}?id={threshold.pk}&next={URL}")
    assert response.status_code == 302
    assert not ProposalThreshold.objects.exists()
    assert entries() == [
        (
            staff.pk,
            "proposal.threshold_removed",
            "proposalthreshold",
            str(threshold.pk),
            {
                "before": {"category": threshold.category_id, "space": None, "households": 4},
                "after": None,
            },
        )
    ]


@pytest.mark.parametrize("who", ["coordinator", "resident"])
def test_others_change_no_threshold(who):
    space = make_space("Spazio senza permessi")
    user = coordinator_of(space, is_staff=True) if who == "coordinator" else UserFactory()
    threshold = ProposalThreshold.objects.create(category=category(), households=4)
    client = _admin(user)
    edit = client.post(f"{URL}edit/{threshold.pk}/", {"category": category().pk, "households": 9})
    delete = client.post(f"{URL}delete/{threshold.pk}/")
    assert edit.status_code in (302, 403)
    assert delete.status_code in (302, 403)
    threshold.refresh_from_db()
    assert threshold.households == 4
    assert entries() == []


def test_the_service_refuses_anyone_but_city_staff():
    space = make_space("Spazio del servizio")
    threshold = ProposalThreshold(category=category(), households=3)
    with pytest.raises(thresholds.PermissionDenied):
        thresholds.threshold_save(threshold=threshold, by=coordinator_of(space))
    assert not ProposalThreshold.objects.exists()
