"""The offer pages: making an offer with its price list, the offers and their quota tables on
the proposal, withdrawing an offer and the coordinator's choice."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from proposals import services
from shared_services import offers
from shared_services.models import Membership, Offer, PriceBand, SharedService
from shared_services.pricing import BandData
from tests.factories import OrganisationFactory, OrganisationStaffFactory, UserFactory
from tests.participation.moderation_helpers import coordinator_of
from tests.proposals.helpers import published
from tests.shared_services.helpers import accepted_with_offer, accredited_staff, offer_data
from tests.spaces.helpers import make_space

pytestmark = pytest.mark.django_db


def assert_login(response) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def under_evaluation(households: int = 4):
    space = make_space("Spazio delle offerte")
    coordinator = coordinator_of(space)
    proposal = published(space=space, households=households, threshold=min(households, 3))
    services.proposal_answer(
        coordinator=coordinator, proposal=proposal, to_state="under_evaluation", text="Vediamo."
    )
    proposal.refresh_from_db()
    return proposal, coordinator


def offer_post(bands, *, minimum="2", maximum="6", schedule="Martedì 16:30–19", **extra):
    """What the offer form posts: the offer's fields and the price list's rows."""
    data = {
        "min_households": minimum,
        "max_households": maximum,
        "schedule": schedule,
        "description": "Educatrice qualificata.",
        "bands-TOTAL_FORMS": str(len(bands) + 1),
        "bands-INITIAL_FORMS": "0",
        "bands-MIN_NUM_FORMS": "0",
        "bands-MAX_NUM_FORMS": "50",
        **extra,
    }
    for index, (low, high, price) in enumerate([*bands, ("", "", "")]):
        data[f"bands-{index}-min_households"] = str(low)
        data[f"bands-{index}-max_households"] = str(high)
        data[f"bands-{index}-group_price_per_hour"] = str(price)
    return data


# --- Making an offer --------------------------------------------------------------------------


def test_offer_form_for_accredited_staff(client):
    proposal, _coordinator = under_evaluation()
    _organisation, staff = accredited_staff()
    client.force_login(staff)
    response = client.get(reverse("shared_services:offer_new", args=[proposal.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="bands-TOTAL_FORMS"' in content
    assert 'name="bands-3-group_price_per_hour"' in content  # a few empty rows, no JS needed
    assert 'name="organisation"' not in content  # one provider: nothing to choose


def test_offer_saved_with_comma_and_dot_prices(client):
    proposal, _coordinator = under_evaluation()
    organisation, staff = accredited_staff()
    client.force_login(staff)
    response = client.post(
        reverse("shared_services:offer_new", args=[proposal.pk]),
        offer_post([(2, 3, "30,00"), (4, 6, "36.50")]),
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"{proposal.get_absolute_url()}#offerte")
    offer = Offer.objects.get(proposal=proposal)
    assert offer.organisation == organisation
    assert offer.state == Offer.State.SUBMITTED
    assert [
        (band.min_households, band.max_households, band.group_price_per_hour)
        for band in offer.bands.all()
    ] == [(2, 3, Decimal("30.00")), (4, 6, Decimal("36.50"))]


def test_staff_of_several_providers_chooses_which(client):
    proposal, _coordinator = under_evaluation()
    first, staff = accredited_staff()
    second = OrganisationFactory(name="Altra cooperativa")
    second.accredited_categories.add(proposal.category)
    OrganisationStaffFactory(organisation=second, user=staff)
    client.force_login(staff)
    url = reverse("shared_services:offer_new", args=[proposal.pk])
    assert 'name="organisation"' in client.get(url).content.decode()
    response = client.post(url, offer_post([(2, 6, "40")], organisation=str(second.pk)))
    assert response.status_code == 302
    assert Offer.objects.get(proposal=proposal).organisation == second


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([(2, 3, "30"), (5, 6, "36")], ("No band covers %(from)s–%(to)s households.", 4, 4)),
        ([(2, 4, "30"), (4, 6, "36")], ("Band %(band)s overlaps the band before it.", "4–6")),
        ([(2, 3, "30"), (4, 8, "36")], None),  # outside min–max
        ([(2, 3, "0"), (4, 6, "36")], ("Band %(band)s needs a price above zero.", "2–3")),
        ([(2, 3, "-5"), (4, 6, "36")], ("Band %(band)s needs a price above zero.", "2–3")),
        ([], ("Add at least one price band.",)),
        ([(2, 3, "30")], ("No band covers %(from)s–%(to)s households.", 4, 6)),
    ],
)
def test_incoherent_price_lists_are_refused(client, bands, message):
    proposal, _coordinator = under_evaluation()
    _organisation, staff = accredited_staff()
    client.force_login(staff)
    response = client.post(
        reverse("shared_services:offer_new", args=[proposal.pk]), offer_post(bands)
    )
    assert response.status_code == 422
    assert not Offer.objects.exists()
    assert not PriceBand.objects.exists()
    content = response.content.decode()
    assert 'id="price-list-errors"' in content
    if message is None:
        expected = gettext("Band %(band)s falls outside %(min)s–%(max)s households.") % {
            "band": "4–8",
            "min": 2,
            "max": 6,
        }
    elif len(message) == 1:
        expected = gettext(message[0])
    elif len(message) == 2:
        expected = gettext(message[0]) % {"band": message[1]}
    else:
        expected = gettext(message[0]) % {"from": message[1], "to": message[2]}
    errors = content[content.index('id="price-list-errors"') :]
    assert escape(expected) in errors[: errors.index("</div>")]


def test_bad_price_and_missing_fields_show_next_to_fields(client):
    proposal, _coordinator = under_evaluation()
    _organisation, staff = accredited_staff()
    client.force_login(staff)
    response = client.post(
        reverse("shared_services:offer_new", args=[proposal.pk]),
        offer_post([(2, 6, "trenta")], schedule=""),
    )
    assert response.status_code == 422
    assert not Offer.objects.exists()
    content = response.content.decode()
    assert 'id="id_bands-0-group_price_per_hour_error"' in content
    assert 'id="id_schedule_error"' in content


def test_offer_on_a_gathering_proposal_is_409(client):
    proposal = published(households=2)
    _organisation, staff = accredited_staff()
    client.force_login(staff)
    url = reverse("shared_services:offer_new", args=[proposal.pk])
    response = client.get(url)
    assert response.status_code == 409
    assert 'id="offer-refused"' in response.content.decode()
    response = client.post(url, offer_post([(2, 6, "30")]))
    assert response.status_code == 409
    assert not Offer.objects.exists()


def test_second_offer_of_the_same_provider_is_409(client):
    proposal, _offer, _coordinator, staff = accepted_with_offer()
    client.force_login(staff)
    response = client.post(
        reverse("shared_services:offer_new", args=[proposal.pk]), offer_post([(2, 6, "30")])
    )
    assert response.status_code == 409
    assert Offer.objects.filter(proposal=proposal).count() == 1


def test_offer_page_permissions(client, resident):
    proposal, coordinator = under_evaluation()
    url = reverse("shared_services:offer_new", args=[proposal.pk])
    response = client.get(url)
    assert_login(response)
    response = client.post(url, offer_post([(2, 6, "30")]))
    assert_login(response)
    for user in (resident, coordinator, accredited_staff("Badante")[1]):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, offer_post([(2, 6, "30")])).status_code == 403
    assert not Offer.objects.exists()
    # A draft is nobody's business but its author's.
    from tests.proposals.helpers import draft

    hidden = draft(UserFactory(), make_space("Altro spazio"))
    client.force_login(accredited_staff()[1])
    assert client.get(reverse("shared_services:offer_new", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("shared_services:offer_new", args=[999999])).status_code == 404


# --- Offers on the proposal's page ---------------------------------------------------------


def render_offers(proposal, user) -> str:
    request = RequestFactory().get(proposal.get_absolute_url())
    request.user = user
    template = Template('{% include "shared_services/includes/offers.html" %}')
    return template.render(Context({"proposal": proposal, "request": request, "user": user}))


def quota_cell(content: str, households: int) -> str:
    row = re.search(rf'<tr[^>]*data-households="{households}"[^>]*>(.*?)</tr>', content, re.S)
    assert row, households
    return re.sub(r"\s+", " ", row.group(1))


def test_offer_quota_table_numbers_and_current_row(resident):
    proposal, offer, _coordinator, _staff = accepted_with_offer(households=4)
    content = render_offers(proposal, resident)
    assert offer.organisation.name in content
    # 2–3 households € 30 for the group; 4–6 € 36.
    assert "€ 15,00" in quota_cell(content, 2)
    assert "€ 10,00" in quota_cell(content, 3)
    assert "€ 9,00" in quota_cell(content, 4)
    assert "€ 6,00" in quota_cell(content, 6)
    current = re.findall(
        r'<tr class="[^"]*wemi-quota-current[^"]*" data-households="(\d+)"', content
    )
    assert current == ["4"]
    assert "<caption>" in content and 'scope="col"' in content
    sentence = re.sub(r"\s+", " ", content)
    assert "4" in sentence and "€ 9,00/h" in sentence and "€ 6,00/h" in sentence


def test_quota_rounds_up_to_the_cent(resident):
    proposal, _coordinator = under_evaluation(households=3)
    organisation, staff = accredited_staff()
    offers.offer_submit(
        actor=staff,
        proposal=proposal,
        organisation=organisation,
        data=offer_data([BandData(2, 6, Decimal("10.00"))]),
    )
    content = render_offers(proposal, resident)
    assert "€ 3,34" in quota_cell(content, 3)  # 10 / 3 rounded up: the quotas cover the price
    assert "€ 5,00" in quota_cell(content, 2)


def test_offers_actions_by_person(client, resident):
    proposal, offer, coordinator, staff = accepted_with_offer()
    choose = reverse("shared_services:offer_choose", args=[offer.pk])
    withdraw = reverse("shared_services:offer_withdraw", args=[offer.pk])
    make = reverse("shared_services:offer_new", args=[proposal.pk])
    as_coordinator = render_offers(proposal, coordinator)
    assert choose in as_coordinator and withdraw not in as_coordinator
    as_staff = render_offers(proposal, staff)
    assert withdraw in as_staff and choose not in as_staff
    assert make not in as_staff  # its provider already has an offer on this proposal
    other_staff = accredited_staff()[1]
    assert make in render_offers(proposal, other_staff)
    as_resident = render_offers(proposal, resident)
    assert choose not in as_resident and withdraw not in as_resident and make not in as_resident


def test_accredited_staff_told_when_offers_open(resident):
    proposal = published(households=2)
    staff = accredited_staff()[1]
    content = render_offers(proposal, staff)
    assert 'class="alert alert-info wemi-offers-closed"' in content
    assert reverse("shared_services:offer_new", args=[proposal.pk]) not in content
    assert render_offers(proposal, resident).strip() == ""


def test_withdrawn_offer_hidden_from_residents(resident):
    proposal, offer, coordinator, staff = accepted_with_offer()
    offers.offer_withdraw(actor=staff, offer=offer)
    assert f'id="offerta-{offer.pk}"' not in render_offers(proposal, resident)
    assert f'id="offerta-{offer.pk}"' in render_offers(proposal, coordinator)


# --- Withdrawing --------------------------------------------------------------------------------


def test_withdraw_offer(client):
    proposal, offer, _coordinator, staff = accepted_with_offer()
    client.force_login(staff)
    url = reverse("shared_services:offer_withdraw", args=[offer.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.state == Offer.State.WITHDRAWN
    again = client.post(url)
    assert again.status_code == 409


def test_withdraw_permissions(client, resident):
    proposal, offer, coordinator, _staff = accepted_with_offer()
    url = reverse("shared_services:offer_withdraw", args=[offer.pk])
    response = client.post(url)
    assert_login(response)
    for user in (resident, coordinator, accredited_staff()[1]):
        client.force_login(user)
        assert client.post(url).status_code == 403
    offer.refresh_from_db()
    assert offer.state == Offer.State.SUBMITTED
    assert client.post(reverse("shared_services:offer_withdraw", args=[999999])).status_code == 404


# --- Choosing -----------------------------------------------------------------------------------


def test_coordinator_chooses_offer(client):
    proposal, offer, coordinator, _staff = accepted_with_offer(households=4)
    client.force_login(coordinator)
    url = reverse("shared_services:offer_choose", args=[offer.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert f'value="{settings.WEMI_SERVICE_CONFIRM_DAYS}"' in page.content.decode()
    response = client.post(url, {"confirm_days": "5", "contact": "Telefono 02 1234"})
    service = SharedService.objects.get(proposal=proposal)
    assert response.status_code == 302
    assert response["Location"] == service.get_absolute_url()
    assert service.contact == "Telefono 02 1234"
    assert service.memberships.filter(state=Membership.State.INVITED).count() == 4
    assert client.post(url, {"confirm_days": "5"}).status_code == 409


def test_choose_bad_days_is_422(client):
    proposal, offer, coordinator, _staff = accepted_with_offer()
    client.force_login(coordinator)
    url = reverse("shared_services:offer_choose", args=[offer.pk])
    for days in ("0", "61", "abc"):
        response = client.post(url, {"confirm_days": days})
        assert response.status_code == 422
        assert 'id="id_confirm_days_error"' in response.content.decode()
    assert not SharedService.objects.exists()


def test_choose_permissions(client, resident):
    proposal, offer, coordinator, staff = accepted_with_offer()
    url = reverse("shared_services:offer_choose", args=[offer.pk])
    response = client.post(url, {"confirm_days": "7"})
    assert_login(response)
    other_coordinator = coordinator_of(make_space("Spazio lontano"))
    for user in (resident, staff, other_coordinator):
        client.force_login(user)
        assert client.post(url, {"confirm_days": "7"}).status_code == 403
    assert not SharedService.objects.exists()


def test_choose_before_acceptance_is_409(client):
    proposal, coordinator = under_evaluation()
    organisation, staff = accredited_staff()
    offer = offers.offer_submit(
        actor=staff, proposal=proposal, organisation=organisation, data=offer_data()
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("shared_services:offer_choose", args=[offer.pk]), {"confirm_days": "7"}
    )
    assert response.status_code == 409
    expected = escape(gettext("Accept the proposal before choosing an offer."))
    assert expected in response.content.decode()
    assert not SharedService.objects.exists()


def test_proposal_page_shows_the_offers(client):
    proposal, offer, coordinator, _staff = accepted_with_offer(households=4)
    client.force_login(coordinator)
    response = client.get(proposal.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="offerta-{offer.pk}"' in content
    assert reverse("shared_services:offer_choose", args=[offer.pk]) in content
    assert "€ 9,00" in quota_cell(content, 4)


def test_the_coordinator_reads_what_comes_next_under_evaluation(client, resident):
    proposal, coordinator = under_evaluation(households=4)
    hint = 'id="offers-hint"'
    client.force_login(coordinator)
    content = client.get(proposal.get_absolute_url()).content.decode()
    assert hint in content
    assert "ne scegli una dopo averla accettata" in content
    client.force_login(resident)
    assert hint not in client.get(proposal.get_absolute_url()).content.decode()
    services.proposal_answer(
        coordinator=coordinator, proposal=proposal, to_state="accepted", text="Accolta."
    )
    client.force_login(coordinator)
    assert hint not in client.get(proposal.get_absolute_url()).content.decode()
