"""The live wall in the room, in real browsers over real websockets: the projector on the
facilitator's screen, a member's phone, and a guest who joins with the invitation link. The
guest's need reaches the other two without a reload; "me too" counts move on every screen;
the guest's own need never offers "me too" to the guest, not even in another tab."""

import re

import pytest
from playwright.sync_api import expect

from labs import needs
from tests.browser import asgi_server
from tests.browser.helpers import sign_in
from tests.factories import UserFactory
from tests.labs.helpers import member, need_category, open_lab

asgi_live_server = asgi_server.asgi_live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def room():
    """Seeded before the browser starts (see test_live_bell)."""
    facilitator = UserFactory(display_name="Paolo", notification_preference="never")
    lab, _coordinator, facilitator = open_lab(facilitator=facilitator)
    anna = member(lab, "Anna")
    anna.user.notification_preference = "never"
    anna.user.save(update_fields=["notification_preference"])
    category = need_category()
    first = needs.need_post(
        actor=anna.user, participant=anna, category=category, text="Pedibus al mattino"
    )
    return lab, facilitator, anna, category, first


def live(page):
    expect(page.locator("[data-live-status][data-state='live']")).to_be_visible()
    page.evaluate("window.wemiNotReloaded = true")


def not_reloaded(page):
    assert page.evaluate("window.wemiNotReloaded === true")


def card(page, text):
    return page.locator("[data-need-id]", has_text=text)


def test_a_guests_need_and_me_too_reach_every_screen_live(room, asgi_live_server, browser_page):
    lab, facilitator, anna, category, first = room
    server = asgi_live_server
    errors = []
    browser = browser_page.context.browser

    # The projector: the facilitator's screen in the assembly room.
    projector = browser_page
    projector.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(projector, server, facilitator)
    projector.goto(f"{server.url}/laboratori/{lab.pk}/proiezione/")
    expect(projector.get_by_text("Inquadra il codice per partecipare")).to_be_visible()
    expect(card(projector, "Pedibus al mattino")).to_be_visible()
    live(projector)

    # Anna's phone, signed in, on the lab's page.
    anna_context = browser.new_context(locale="it-IT", viewport=PHONE)
    phone = anna_context.new_page()
    phone.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(phone, server, anna.user)
    phone.goto(f"{server.url}/laboratori/{lab.pk}/")
    live(phone)

    # A guest scans the QR code: the invitation link, a nickname, the lab.
    guest_context = browser.new_context(locale="it-IT", viewport=PHONE)
    guest = guest_context.new_page()
    guest.on("pageerror", lambda error: errors.append(str(error)))
    guest.goto(f"{server.url}/laboratori/invito/{lab.invite_token}/")
    guest.get_by_label("Il tuo soprannome").fill("Rosa")
    guest.get_by_role("button", name="Partecipa come ospite").click()
    guest.wait_for_url(re.compile(rf"/laboratori/{lab.pk}/$"))
    expect(guest.get_by_text("Sei “Rosa”")).to_be_visible()
    live(guest)
    # The same guest in a second tab of the same browser.
    guest_tab = guest_context.new_page()
    guest_tab.on("pageerror", lambda error: errors.append(str(error)))
    guest_tab.goto(f"{server.url}/laboratori/{lab.pk}/")
    live(guest_tab)

    guest.get_by_label("Che tipo di aiuto").select_option(str(category.pk))
    guest.get_by_label("Il tuo bisogno").fill("Qualcuno che porti a spasso il cane")
    guest.get_by_role("button", name="Aggiungilo alla parete").click()
    expect(guest.get_by_text("Il tuo bisogno è sulla parete.")).to_be_visible()
    expect(card(guest, "Qualcuno che porti a spasso il cane")).to_have_count(1)

    for screen in (projector, phone):
        arrived = card(screen, "Qualcuno che porti a spasso il cane")
        expect(arrived).to_be_visible()
        expect(arrived).to_contain_text("Rosa")
        expect(arrived.locator("[data-count]")).to_have_text("0")
    expect(projector.locator("[data-needs-total]")).to_have_text("2")
    expect(card(phone, "Qualcuno che porti a spasso il cane").get_by_role("button")).to_have_count(
        1
    )
    for own in (guest, guest_tab):
        mine = card(own, "Qualcuno che porti a spasso il cane")
        expect(mine).to_be_visible()
        expect(mine.get_by_text("Il tuo bisogno")).to_be_visible()
        expect(mine.get_by_role("button", name="Anche io")).to_have_count(0)

    # Anna says "me too" on her phone: every screen counts it.
    card(phone, "Qualcuno che porti a spasso il cane").get_by_role(
        "button", name="Anche io"
    ).click()
    for screen in (projector, phone, guest):
        expect(
            card(screen, "Qualcuno che porti a spasso il cane").locator("[data-count]")
        ).to_have_text("1")
    # And Rosa says "me too" to Anna's need, which was there before she came.
    card(guest, "Pedibus al mattino").get_by_role("button", name="Anche io").click()
    expect(card(projector, "Pedibus al mattino").locator("[data-count]")).to_have_text("1")
    expect(card(phone, "Pedibus al mattino").locator("[data-count]")).to_have_text("1")

    for screen in (projector, phone, guest, guest_tab):
        not_reloaded(screen)
        # Each need shows once, however it arrived.
        expect(card(screen, "Qualcuno che porti a spasso il cane")).to_have_count(1)
    assert errors == []
    guest_context.close()
    anna_context.close()
