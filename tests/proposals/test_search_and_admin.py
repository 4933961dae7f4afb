"""Proposals in the site search, the expiry task, and the thresholds in the admin."""

import pytest
from django.test import Client

from proposals import tasks
from proposals.models import Proposal, ProposalThreshold
from tests.factories import UserFactory
from tests.participation.moderation_helpers import city_staff, coordinator_of
from tests.proposals.helpers import category, draft, published
from tests.spaces.helpers import make_space

pytestmark = pytest.mark.django_db


def test_published_proposals_are_found_by_the_site_search_drafts_and_hidden_ones_not(client):
    space = make_space("Spazio della ricerca")
    published(space=space, title="Doposcuola con merenda a Greco")
    draft(UserFactory(), space, title="Doposcuola segreto in bozza")
    hidden = published(space=space, title="Doposcuola nascosto")
    Proposal.objects.filter(pk=hidden.pk).update(hidden_at="2026-01-01T00:00:00Z")
    response = client.get("/cerca/", {"q": "doposcuola"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Doposcuola con merenda a Greco" in content
    assert "Doposcuola segreto" not in content
    assert "Doposcuola nascosto" not in content


def test_the_hourly_task_expires_and_reports_what_it_did():
    proposal = published()
    Proposal.objects.filter(pk=proposal.pk).update(deadline="2020-01-01")
    assert tasks.expire_overdue() == {"proposals_expired": 1, "invitations_expired": 0}
    assert tasks.expire_overdue() == {"proposals_expired": 0, "invitations_expired": 0}


def _admin(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_city_staff_set_thresholds_in_the_admin():
    space = make_space("Spazio con soglia")
    client = _admin(city_staff(is_staff=True))
    url = "/admin/snippets/proposals/proposalthreshold/"
    assert client.get(url).status_code == 200
    response = client.post(
        f"{url}add/", {"category": category().pk, "space": space.pk, "households": 7}
    )
    assert response.status_code == 302
    assert ProposalThreshold.objects.get().households == 7
    # One per category and space: a second row for the same pair is refused.
    response = client.post(
        f"{url}add/", {"category": category().pk, "space": space.pk, "households": 9}
    )
    assert response.status_code == 200
    assert ProposalThreshold.objects.count() == 1
    # Under two households there is nothing to share.
    response = client.post(f"{url}add/", {"category": category().pk, "households": 1})
    assert response.status_code == 200
    assert ProposalThreshold.objects.count() == 1


def test_coordinators_do_not_change_the_citys_thresholds():
    space = make_space("Spazio senza permessi")
    client = _admin(coordinator_of(space, is_staff=True))
    response = client.get("/admin/snippets/proposals/proposalthreshold/add/")
    assert response.status_code in (302, 403)
