"""Volunteering in a real browser: Samira, a resident, becomes a volunteer, sees the
opportunities suggested for her with their reasons, takes a shift and is refused one that
overlaps it; after the shift the coordinator confirms she came; Samira downloads the
certificate of her hours and its code verifies on the public page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import asgi_server
from tests.browser.helpers import sign_in
from tests.factories import UserFactory
from tests.volunteering.helpers import move_to_the_past, opportunity, shift, space_with_coordinator
from volunteering.models import HourEntry
from wemi_community.certificates.models import Certificate

asgi_live_server = asgi_server.asgi_live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world():
    """Seeded before the browser starts (see test_live_bell)."""
    space, coordinator = space_with_coordinator("WeMi Capuana di prova", municipio=8)
    homework, _ = opportunity(
        space=space,
        coordinator=coordinator,
        title="Aiuto compiti per le medie",
        skills=["Aiuto compiti"],
        languages=["arabo"],
        commitment="regular",
    )
    first = shift(homework, coordinator, days=4, start=15, end=17, capacity=3, place="Sala studio")
    party, _ = opportunity(space=space, coordinator=coordinator, title="Merenda di quartiere")
    clashing = shift(party, coordinator, days=4, start=16, end=18, capacity=5)
    samira = UserFactory(display_name="Samira", notification_preference="never")
    return {
        "coordinator": coordinator,
        "samira": samira,
        "homework": homework,
        "first": first,
        "party": party,
        "clashing": clashing,
    }


def test_becoming_a_volunteer_taking_a_shift_and_the_certificate(
    world, asgi_live_server, browser_page
):
    server = asgi_live_server
    errors = []
    samira = browser_page
    samira.on("pageerror", lambda error: errors.append(str(error)))
    first = world["first"]
    weekday = server.call(lambda: first.starts_at.astimezone().weekday())

    # Samira becomes a volunteer from the opportunities' page.
    sign_in(samira, server, world["samira"])
    samira.goto(f"{server.url}/volontariato/")
    samira.get_by_role("link", name="Diventa volontario").click()
    # Bootstrap Italia draws the boxes on the labels: people click those.
    samira.locator("#profile-form label", has_text="18 anni o più").click()
    samira.get_by_label("Municipio", exact=True).select_option(label="Municipio 8")
    samira.locator("#profile-form label").get_by_text("Aiuto compiti", exact=True).click()
    samira.locator("#profile-form label").get_by_text("Arabo", exact=True).click()
    samira.locator(f"#slot-{weekday}-afternoon").check()
    expect(samira.get_by_label("Aiuto compiti", exact=True)).to_be_checked()
    samira.get_by_role("button", name="Salva").click()
    expect(samira.get_by_text("Il tuo profilo di volontariato è salvato.")).to_be_visible()

    # Her suggestions say why.
    suggestion = samira.locator(".wemi-suggestion", has_text="Aiuto compiti per le medie")
    expect(suggestion).to_contain_text("sai fare: Aiuto compiti")
    expect(suggestion).to_contain_text("parli arabo")
    expect(suggestion).to_contain_text("vicino a te, nel Municipio 8")

    # She takes the shift.
    suggestion.get_by_role("link", name="Aiuto compiti per le medie").click()
    samira.locator(f"#turno-{first.pk}").get_by_role("button", name="Ci sono io").click()
    expect(samira.get_by_text("Sei nel turno. Grazie!")).to_be_visible()
    expect(samira.locator(f"#turno-{first.pk}")).to_contain_text("Ci sei")

    # The party's shift overlaps it: refused, naming the clash.
    samira.goto(f"{server.url}/volontariato/opportunita/{world['party'].pk}/")
    samira.locator(f"#turno-{world['clashing'].pk}").get_by_role(
        "button", name="Ci sono io"
    ).click()
    expect(samira.locator("#volunteering-error")).to_contain_text(
        "Si sovrappone al tuo turno “Aiuto compiti per le medie”"
    )

    # The shift takes place; the coordinator confirms Samira came.
    server.call(lambda: move_to_the_past(first))
    coordinator_context = browser_page.context.browser.new_context(
        locale="it-IT", viewport={"width": 1280, "height": 900}
    )
    coordinator = coordinator_context.new_page()
    coordinator.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(coordinator, server, world["coordinator"])
    coordinator.goto(f"{server.url}/volontariato/opportunita/{world['homework'].pk}/")
    past = coordinator.locator("#turni-passati")
    expect(past).to_contain_text("1 presenza da confermare")
    past.get_by_role("link", name=re.compile("Elenco del turno")).click()
    coordinator.locator("#roster").get_by_role("button", name=re.compile("^Presente")).click()
    expect(coordinator.get_by_text("Presenza registrata.")).to_be_visible()
    hours_logged = server.call(
        lambda: str(HourEntry.objects.get(volunteer=world["samira"], state="approved").hours)
    )
    assert hours_logged == "2.00"

    # Samira's hours and her certificate, whose code verifies.
    samira.goto(f"{server.url}/volontariato/mie/")
    expect(samira.locator("#ore")).to_contain_text("Aiuto compiti per le medie")
    pdf = samira.context.request.get(f"{server.url}/volontariato/mie/attestato.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    code = server.call(lambda: Certificate.objects.get(holder=world["samira"]).code)
    samira.goto(f"{server.url}/verifica/")
    samira.get_by_label("Codice di verifica").fill(code.lower())
    samira.get_by_role("button", name="Verifica").click()
    expect(samira.locator("#certificate-valid")).to_contain_text("Attestato autentico")
    expect(samira.locator("main")).to_contain_text(
        "Samira ha prestato 2,0 ore di volontariato presso WeMi Capuana di prova"
    )

    assert errors == []
    coordinator_context.close()
