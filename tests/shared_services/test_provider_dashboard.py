"""The provider dashboard: proposals open to offers, the provider's offers and services, the
disputed sessions; who may see it; a fixed number of queries whatever the rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.models import Proposal
from shared_services import deliveries as service_deliveries
from shared_services import offers
from shared_services.models import (
    DeliveryCheck,
    DeliveryEntry,
    Membership,
    Offer,
    PriceBand,
    SharedService,
)
from tests.factories import UserFactory
from tests.participation.moderation_helpers import city_staff, coordinator_of
from tests.proposals.helpers import category, past, published
from tests.shared_services.helpers import accredited_staff, offer_data, running_service
from tests.spaces.helpers import make_space

pytestmark = pytest.mark.django_db

URL = reverse("shared_services:provider_dashboard")


def section(content: str, section_id: str) -> str:
    start = content.index(f'id="{section_id}"')
    return content[start : content.index("</section>", start)]


def test_permissions(client, resident):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(resident)
    assert client.get(URL).status_code == 403
    client.force_login(coordinator_of(make_space("Spazio coordinato")))
    assert client.get(URL).status_code == 403
    client.force_login(accredited_staff()[1])
    assert client.get(URL).status_code == 200
    client.force_login(city_staff())
    assert client.get(URL).status_code == 200


def test_open_proposals_offers_and_services(client):
    # An accepted proposal with this provider's offer, a running service of the provider with
    # a disputed session, a proposal under evaluation of the same category without offers.
    service, _coordinator, staff = running_service(4)
    organisation = service.provider
    entry = service_deliveries.delivery_log(actor=staff, service=service, date=past(), hours="3")
    member = service.memberships.filter(state=Membership.State.MEMBER).first().user
    service_deliveries.delivery_check(
        actor=member, entry=entry, verdict="disputed", note="Mai arrivata"
    )
    accepted_space = make_space("Spazio accettato")
    accepted_coordinator = coordinator_of(accepted_space)
    proposal = published(space=accepted_space, households=3, threshold=3, title="Accettata")
    for state in ("under_evaluation", "accepted"):
        services.proposal_answer(
            coordinator=accepted_coordinator, proposal=proposal, to_state=state, text="Ok"
        )
    offer = offers.offer_submit(
        actor=staff, proposal=proposal, organisation=organisation, data=offer_data()
    )
    space = make_space("Spazio in valutazione")
    coordinator = coordinator_of(space)
    waiting = published(space=space, households=3, threshold=3, title="In valutazione")
    services.proposal_answer(
        coordinator=coordinator, proposal=waiting, to_state="under_evaluation", text="Ok"
    )
    elsewhere = published(households=3, threshold=3, title="Altra categoria")
    Proposal.objects.filter(pk=elsewhere.pk).update(
        state="under_evaluation", category=category("Badante")
    )

    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    open_section = section(content, "proposte-aperte")
    assert f'data-proposal="{waiting.pk}"' in open_section
    assert reverse("shared_services:offer_new", args=[waiting.pk]) in open_section
    assert f'data-proposal="{proposal.pk}"' in open_section  # accepted, still no service
    assert (
        reverse("shared_services:offer_new", args=[proposal.pk]) not in open_section
    )  # offer sent
    assert f'data-proposal="{elsewhere.pk}"' not in open_section
    assert f'data-proposal="{service.proposal_id}"' not in open_section  # has its service
    assert f'data-offer="{offer.pk}"' in section(content, "offerte")
    services_section = section(content, "servizi")
    assert f'data-service="{service.pk}"' in services_section
    assert f"{service.get_absolute_url()}#log-session" in services_section
    row = services_section[services_section.index(f'data-service="{service.pk}"') :]
    assert "<td data-sessions>1</td>" in row and "<td data-hours>3</td>" in row
    disputed = section(content, "contestati")
    assert f'data-entry="{entry.pk}"' in disputed and "Mai arrivata" in disputed

    # Another provider sees none of it but the open proposals of its categories.
    client.force_login(accredited_staff()[1])
    content = client.get(URL).content.decode()
    assert f'data-offer="{offer.pk}"' not in content
    assert f'data-service="{service.pk}"' not in content
    assert f'data-entry="{entry.pk}"' not in content
    assert f'data-proposal="{waiting.pk}"' in content

    # City staff see every provider's work, without the provider's actions.
    client.force_login(city_staff())
    content = client.get(URL).content.decode()
    assert f'data-offer="{offer.pk}"' in content
    assert f'data-service="{service.pk}"' in content
    assert reverse("shared_services:offer_new", args=[waiting.pk]) not in content


def add_rows(count: int, organisation, staff, *, start: int = 0) -> None:
    """``count`` rows in every list of the dashboard, written straight to the tables."""
    space = make_space(f"Spazio di carico {start}")
    kind = category()
    author = UserFactory()
    now = timezone.now()
    checker = UserFactory()
    for index in range(start, start + count):
        open_one = Proposal.objects.create(
            author=author,
            space=space,
            category=kind,
            title=f"Aperta {index}",
            state=Proposal.State.UNDER_EVALUATION,
            published_at=now,
            threshold=3,
        )
        Offer.objects.create(
            proposal=open_one,
            organisation=organisation,
            submitted_by=staff,
            min_households=2,
            max_households=6,
            schedule="Lunedì",
        )
        taken = Proposal.objects.create(
            author=author,
            space=space,
            category=kind,
            title=f"Servizio {index}",
            state=Proposal.State.ACCEPTED,
            published_at=now,
            threshold=3,
        )
        offer = Offer.objects.create(
            proposal=taken,
            organisation=organisation,
            submitted_by=staff,
            min_households=2,
            max_households=6,
            schedule="Martedì",
            state=Offer.State.CHOSEN,
        )
        PriceBand.objects.create(
            offer=offer, min_households=2, max_households=6, group_price_per_hour=Decimal("30")
        )
        service = SharedService.objects.create(
            proposal=taken,
            offer=offer,
            provider=organisation,
            space=space,
            category=kind,
            title=f"Servizio {index}",
            schedule="Martedì",
            pricing_mode="paid",
            seats=6,
            min_households=2,
            confirm_by=now,
            state=SharedService.State.RUNNING,
        )
        entry = DeliveryEntry.objects.create(
            service=service, date=past(), hours=Decimal("2"), logged_by=staff, disputed_count=1
        )
        DeliveryCheck.objects.create(
            entry=entry, user=checker, verdict=DeliveryCheck.Verdict.DISPUTED, note="No"
        )


def count_queries(client) -> int:
    client.get(URL)  # once, so one-off work (site root, user profile) is not counted
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.instants
def test_fixed_number_of_queries(client):
    organisation, staff = accredited_staff()
    add_rows(3, organisation, staff)
    client.force_login(staff)
    few = count_queries(client)
    content = client.get(URL).content.decode()
    assert content.count("data-service=") == 3 and content.count("data-entry=") == 3
    add_rows(27, organisation, staff, start=3)
    many = count_queries(client)
    assert many == few
    content = client.get(URL).content.decode()
    assert content.count("data-service=") == 20  # one page
    assert "servizi=2" in content


@pytest.mark.instants
def test_fixed_number_of_queries_for_city_staff(client):
    organisation, staff = accredited_staff()
    add_rows(3, organisation, staff)
    client.force_login(city_staff())
    few = count_queries(client)
    add_rows(27, organisation, staff, start=3)
    assert count_queries(client) == few
