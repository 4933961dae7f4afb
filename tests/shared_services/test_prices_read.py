"""What a household reads it pays, wherever it reads it: the service page (its place, the
summary, the price list), "my proposals", the confirmation message and the notifications. Below
the offer's minimum: what each will pay once it is reached, how many more are needed, and that
the service starts then; from the minimum on, the quota table's row for the current members.
For every pricing mode, and with co-payment by ISEE band."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from proposals import services
from shared_services import offers, pricing
from shared_services import services as service_ops
from shared_services.models import Membership, SharedService
from shared_services.pricing import BandData
from tests.participation.moderation_helpers import coordinator_of
from tests.proposals.helpers import published
from tests.shared_services.helpers import accredited_staff, offer_data
from tests.spaces.helpers import make_space
from wemi_community.notifications.models import Notification

pytestmark = pytest.mark.django_db

M = Membership.State
# The price list: from 4 households € 45 an hour for the group, from 6 € 54.
STEPS = (BandData(4, 5, Decimal("45.00")), BandData(6, 8, Decimal("54.00")))


def starting_service(pricing_mode: str, households: int = 8):
    """A service just born from an accepted proposal of ``households`` households, with the
    price list above: (service, coordinator, staff, the invited people in order)."""
    space = make_space("Spazio dei prezzi")
    coordinator = coordinator_of(space)
    proposal = published(space=space, households=households, threshold=3, pricing_mode=pricing_mode)
    for state in ("under_evaluation", "accepted"):
        services.proposal_answer(
            coordinator=coordinator, proposal=proposal, to_state=state, text="Avanti."
        )
    organisation, staff = accredited_staff()
    offer = offers.offer_submit(
        actor=staff,
        proposal=proposal,
        organisation=organisation,
        data=offer_data(STEPS, minimum=4, maximum=8),
    )
    service = offers.offer_choose(coordinator=coordinator, offer=offer)
    people = [m.user for m in service.memberships.select_related("user").order_by("pk")]
    return service, coordinator, staff, people


def confirm(service, person):
    service_ops.seat_confirm(actor=person, service=SharedService.objects.get(pk=service.pk))


def text(content: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</', content, re.S)
    assert match, element_id
    return " ".join(match.group(1).split())


def row_cells(content: str, households: int) -> list[str]:
    row = re.search(rf'<tr[^>]*data-households="{households}"[^>]*>(.*?)</tr>', content, re.S)
    assert row, households
    return [" ".join(cell.split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))]


def current_row(content: str) -> int | None:
    found = re.findall(r'wemi-quota-current" data-households="(\d+)"', content)
    return int(found[0]) if found else None


def page(client, person, service) -> str:
    client.force_login(person)
    response = client.get(service.get_absolute_url())
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def my_services_cell(client, person, service) -> str:
    client.force_login(person)
    content = html.unescape(client.get(reverse("proposals:mine")).content.decode())
    link = re.escape(service.get_absolute_url())
    row = re.search(
        rf'href="{link}".*?</th>\s*<td>.*?</td>\s*<td data-you-pay>(.*?)</td>', content, re.S
    )
    assert row, "my proposals lists the service"
    return " ".join(re.sub(r"<[^>]+>", " ", row.group(1)).split())


# --- Paid by the families -------------------------------------------------------------------


def test_the_first_household_to_confirm_reads_the_price_at_the_minimum(client):
    service, _coordinator, _staff, people = starting_service("paid")
    client.force_login(people[0])
    response = client.post(
        reverse("shared_services:seat_confirm", args=[service.pk]), {"household_size": "2"}
    )
    assert response.status_code == 302
    flash = " ".join(str(message) for message in get_messages(response.wsgi_request))
    expected = (
        "Con 4 famiglie ognuna pagherà € 11,25 all'ora. Il servizio parte quando 4 famiglie "
        "avranno confermato il posto: ne mancano 3."
    )
    assert expected in flash
    content = page(client, people[0], service)
    assert text(content, "my-share") == expected
    assert text(content, "service-quota") == "€ 11,25"
    assert text(content, "service-quota-note") == "da 4 famiglie: ne mancano 3"
    # Never the whole group's price as if one household paid it alone.
    assert "45,00 all'ora" not in content
    assert "Paghi € 45,00" not in content
    # The price list marks where the service can start, and no row as "now".
    assert current_row(content) is None
    assert 'class="wemi-quota-start" data-households="4"' in content
    assert "Il listino parte da 4 famiglie: ne mancano 3." in content
    assert my_services_cell(client, people[0], service) == "€ 11,25 da 4 famiglie: ne mancano 3"
    assert not Notification.objects.filter(kind="service.quota_changed").exists()


def test_one_more_needed_is_said_in_the_singular(client):
    service, _coordinator, _staff, people = starting_service("paid")
    for person in people[:3]:
        confirm(service, person)
    content = page(client, people[2], service)
    assert text(content, "my-share").endswith("ne manca 1.")
    assert text(content, "service-quota-note") == "da 4 famiglie: ne manca 1"


@pytest.mark.parametrize("households", range(4, 9))
def test_from_the_minimum_every_amount_is_the_quota_table_row(client, households):
    service, _coordinator, _staff, people = starting_service("paid")
    for person in people[:households]:
        confirm(service, person)
    expected = pricing.household_price(list(STEPS), households)
    assert not expected.below_minimum
    amount = f"€ {expected.quota:.2f}".replace(".", ",")
    group = f"€ {expected.group_price:.2f}".replace(".", ",")
    content = page(client, people[0], service)
    assert current_row(content) == households
    assert row_cells(content, households) == [group, amount]
    assert text(content, "service-quota") == amount
    assert 'id="service-quota-note"' not in content
    assert text(content, "my-share") == (
        f"Paghi {amount} all'ora ({group} per il gruppo, diviso tra {households} famiglie)."
    )
    assert my_services_cell(client, people[0], service) == amount
    service.refresh_from_db()
    assert service.current_quota == expected.quota


def test_members_are_told_their_new_price_only_when_it_moves(client):
    service, coordinator, staff, people = starting_service("paid")
    for person in people[:4]:
        confirm(service, person)
    # The first four confirmed at the minimum's price: nothing moved.
    assert not Notification.objects.filter(kind="service.quota_changed").exists()
    # Whoever may start it learns it can, once.
    ready = Notification.objects.filter(kind="service.minimum_reached")
    assert set(ready.values_list("recipient", flat=True)) == {coordinator.pk, staff.pk}
    confirm(service, people[4])
    told = Notification.objects.filter(kind="service.quota_changed", recipient=people[0])
    assert told.count() == 1
    assert (
        told.get().excerpt == "Paghi € 9,00 all'ora (€ 45,00 per il gruppo, diviso tra 5 famiglie)."
    )
    confirm(service, people[5])
    assert ready.count() == 2


def test_a_running_service_below_the_minimum_says_so(client):
    service, coordinator, _staff, people = starting_service("paid")
    for person in people[:4]:
        confirm(service, person)
    service_ops.service_start(actor=coordinator, service=service)
    service_ops.service_leave(actor=people[3], service=service)
    content = page(client, people[0], service)
    assert text(content, "my-share") == (
        "Con 4 famiglie ognuna pagherà € 11,25 all'ora. Il listino parte da 4 famiglie: ne "
        "manca 1. Fino ad allora il coordinamento vi dice come prosegue il servizio."
    )
    coordination = page(client, coordinator, service)
    assert 'id="service-totals-pending"' in coordination
    assert 'id="service-totals"' not in coordination


def test_a_visitor_reads_the_same_price_list(client):
    service, _coordinator, _staff, people = starting_service("paid")
    confirm(service, people[0])
    content = html.unescape(client.get(service.get_absolute_url()).content.decode())
    assert text(content, "service-quota") == "€ 11,25"
    assert 'id="my-share"' not in content


# --- Free for the families --------------------------------------------------------------------


def test_free_service_reads_free_at_every_step(client):
    service, _coordinator, _staff, people = starting_service("free")
    confirm(service, people[0])
    content = page(client, people[0], service)
    assert text(content, "my-share") == (
        "Il servizio è gratuito per te: il Comune paga l'ente. Il servizio parte quando 4 "
        "famiglie avranno confermato il posto: ne mancano 3."
    )
    assert text(content, "service-quota") == "Gratuito per le famiglie"
    assert "Per famiglia all'ora, a carico del Comune" in content
    assert my_services_cell(client, people[0], service) == "Gratuito"
    for person in people[1:6]:
        confirm(service, person)
    content = page(client, people[0], service)
    assert text(content, "my-share") == "Il servizio è gratuito per te: il Comune paga l'ente."
    assert not Notification.objects.filter(kind="service.quota_changed").exists()


# --- Co-payment ---------------------------------------------------------------------------------

SHARES = {"under_10k": 100, "10k_20k": 50, "20k_30k": 25, "over_30k": 0, "": 0}


def test_co_payment_each_household_reads_its_own_part_after_the_citys_share(client):
    service, coordinator, _staff, people = starting_service("copayment")
    service_ops.copayment_set(coordinator=coordinator, service=service, percents=SHARES)
    bands = ["10k_20k", "under_10k", "over_30k", "20k_30k", "10k_20k"]
    for person, band in zip(people, bands, strict=False):
        service_ops.isee_band_declare(actor=person, service=service, isee_band=band)
    client.force_login(people[0])
    response = client.post(reverse("shared_services:seat_confirm", args=[service.pk]))
    flash = " ".join(str(message) for message in get_messages(response.wsgi_request))
    below = (
        "Con 4 famiglie ogni quota sarà di € 11,25 all'ora: tu pagherai € 5,63 e il Comune € 5,62."
    )
    assert below in flash
    content = page(client, people[0], service)
    assert text(content, "my-share").startswith(below)
    assert text(content, "my-share").endswith("ne mancano 3.")
    # The price list has the household's own column, from the same function.
    assert row_cells(content, 4) == ["€ 45,00", "€ 11,25", "€ 5,63"]
    assert row_cells(content, 8) == ["€ 54,00", "€ 6,75", "€ 3,38"]
    assert my_services_cell(client, people[0], service).startswith("€ 5,63")
    confirm(service, people[1])
    content = page(client, people[1], service)
    assert text(content, "my-share").startswith(
        "Con 4 famiglie ogni quota sarà di € 11,25 all'ora: il Comune coprirà tutta la tua."
    )
    for person in people[2:4]:
        confirm(service, person)
    content = page(client, people[0], service)
    assert text(content, "my-share") == (
        "Paghi € 5,63 all'ora e il Comune paga € 5,62 (la tua quota con 4 famiglie: € 11,25)."
    )
    assert text(page(client, people[1], service), "my-share") == (
        "Non paghi nulla: il Comune copre tutta la tua quota di € 11,25 all'ora (con 4 famiglie)."
    )
    assert text(page(client, people[2], service), "my-share") == (
        "Paghi € 11,25 all'ora e il Comune paga € 0,00 (la tua quota con 4 famiglie: € 11,25)."
    )
    assert my_services_cell(client, people[1], service) == "€ 0,00"
    # The fifth moves the quota to € 9,00: each band is told its own part.
    confirm(service, people[4])
    excerpts = {
        person.pk: Notification.objects.get(kind="service.quota_changed", recipient=person).excerpt
        for person in people[:4]
    }
    assert excerpts[people[0].pk].startswith("Paghi € 4,50 all'ora e il Comune paga € 4,50")
    assert excerpts[people[1].pk].startswith("Non paghi nulla")
    assert excerpts[people[2].pk].startswith("Paghi € 9,00 all'ora e il Comune paga € 0,00")
    assert excerpts[people[3].pk].startswith("Paghi € 6,75 all'ora e il Comune paga € 2,25")
    # The coordinator's totals add up the same parts.
    coordination = page(client, coordinator, service)
    totals = dict(re.findall(r'data-total="(\w+)">(.*?)</td>', coordination))
    assert totals == {
        "group": "€ 45,00",
        "collected": "€ 45,00",
        "families": "€ 24,75",  # 4,50 + 0 + 9,00 + 6,75 + 4,50
        "city": "€ 20,25",  # 4,50 + 9,00 + 0 + 2,25 + 4,50
    }


def test_co_payment_shares_reach_the_members_with_their_own_amount(client):
    service, coordinator, _staff, people = starting_service("copayment")
    for person in people[:4]:
        confirm(service, person)
    service_ops.isee_band_declare(actor=people[0], service=service, isee_band="10k_20k")
    service_ops.copayment_set(coordinator=coordinator, service=service, percents=SHARES)
    told = Notification.objects.filter(kind="service.copayment_set")
    assert told.get(recipient=people[0]).excerpt.startswith("Paghi € 5,63 all'ora")
    assert told.get(recipient=people[1]).excerpt.startswith("Paghi € 11,25 all'ora")


def test_an_invited_household_of_a_co_payment_service_sees_its_share_before_confirming(client):
    service, coordinator, _staff, people = starting_service("copayment")
    service_ops.copayment_set(coordinator=coordinator, service=service, percents=SHARES)
    service_ops.isee_band_declare(actor=people[0], service=service, isee_band="20k_30k")
    content = page(client, people[0], service)
    assert text(content, "my-share").startswith(
        "Con 4 famiglie ogni quota sarà di € 11,25 all'ora: tu pagherai € 8,44 e il Comune € 2,81."
    )


# --- The offers on a proposal -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pricing_mode", "sentence", "column"),
    [
        (
            "paid",
            "Il listino parte da 6 famiglie: ne mancano 2. Con 6 famiglie ognuna paga € 9,00/h; "
            "con 8, € 6,75/h. Ogni nuova famiglia abbassa la quota di tutte.",
            "Ogni famiglia paga all'ora",
        ),
        (
            "copayment",
            "Il Comune copre parte della quota di ogni famiglia in base alla sua fascia ISEE. Il "
            "listino parte da 6 famiglie: ne mancano 2. Con 6 famiglie la quota di ognuna è di "
            "€ 9,00/h; con 8, di € 6,75/h. Ogni nuova famiglia abbassa la quota di tutte.",
            "Quota per famiglia all'ora",
        ),
        (
            "free",
            "Gratuito per le famiglie: il Comune paga all'ente il prezzo del gruppo.",
            "Per famiglia all'ora, a carico del Comune",
        ),
    ],
)
def test_an_offer_above_the_households_joined_says_how_many_are_missing(
    client, pricing_mode, sentence, column
):
    space = make_space("Spazio delle offerte")
    coordinator = coordinator_of(space)
    proposal = published(space=space, households=4, threshold=3, pricing_mode=pricing_mode)
    services.proposal_answer(
        coordinator=coordinator, proposal=proposal, to_state="under_evaluation", text="Vediamo."
    )
    organisation, staff = accredited_staff()
    offers.offer_submit(
        actor=staff,
        proposal=proposal,
        organisation=organisation,
        data=offer_data([BandData(6, 8, Decimal("54.00"))], minimum=6, maximum=8),
    )
    content = html.unescape(client.get(proposal.get_absolute_url()).content.decode())
    found = re.search(r'class="wemi-quota-sentence">(.*?)</p>', content, re.S)
    assert " ".join(found.group(1).split()) == sentence
    assert f'<th scope="col">{column}</th>' in content
    assert current_row(content) is None
    assert 'class="wemi-quota-start" data-households="6"' in content
    assert row_cells(content, 6) == ["€ 54,00", "€ 9,00"]
