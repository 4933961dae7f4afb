"""Past a rate limit in a real browser: htmx's comment form and the lab wall's script each
show the Italian notice to the person, the page stays where it was and what they typed stays
in the form. The limits are lowered to one for the test (the server runs in this process)."""

import pytest
from playwright.sync_api import expect

from tests.browser import asgi_server
from tests.browser.helpers import sign_in
from tests.factories import UserFactory
from tests.labs.helpers import member, need_category, open_lab
from tests.spaces.helpers import make_space
from wemi_community.core.ratelimits import RATES

asgi_live_server = asgi_server.asgi_live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOTICE = "Troppe richieste: non è stato salvato nulla."


@pytest.fixture
def conversation():
    """Made before the browser starts (see test_first_visit)."""
    return make_space("WeMi Prova Limiti"), UserFactory(notification_preference="never")


@pytest.fixture
def room():
    lab, _coordinator, _facilitator = open_lab()
    anna = member(lab, "Anna")
    return lab, anna, need_category()


def test_htmx_shows_the_notice_and_keeps_the_comment(
    conversation, live_server, browser_page, monkeypatch
):
    monkeypatch.setitem(RATES, "comment", "1/h")
    space, person = conversation
    page = browser_page
    sign_in(page, live_server, person)
    page.goto(live_server.url + space.url)
    page.evaluate("window.notReloaded = true")
    form = page.locator(".wemi-comments form.wemi-comment-form").first
    form.get_by_label("Il tuo commento").fill("Il primo commento")
    form.get_by_role("button", name="Pubblica il commento").click()
    expect(page.locator(".wemi-comments")).to_contain_text("Il primo commento")

    form = page.locator(".wemi-comments form.wemi-comment-form").first
    form.get_by_label("Il tuo commento").fill("Il secondo commento")
    form.get_by_role("button", name="Pubblica il commento").click()
    alert = page.locator("#wemi-htmx-alerts [role='alert']")
    expect(alert).to_contain_text(NOTICE)
    expect(alert).to_be_visible()
    expect(form.get_by_label("Il tuo commento")).to_have_value("Il secondo commento")
    assert page.evaluate("window.notReloaded") is True


def test_the_wall_shows_the_notice_next_to_the_form(
    room, asgi_live_server, browser_page, monkeypatch
):
    monkeypatch.setitem(RATES, "need", "1/h")
    lab, anna, category = room
    server = asgi_live_server
    page = browser_page
    sign_in(page, server, anna.user)
    page.goto(f"{server.url}/laboratori/{lab.pk}/")
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Che tipo di aiuto").select_option(str(category.pk))
    page.get_by_label("Il tuo bisogno").fill("Un doposcuola")
    page.get_by_role("button", name="Aggiungilo alla parete").click()
    expect(page.get_by_text("Il tuo bisogno è sulla parete.")).to_be_visible()

    page.get_by_label("Il tuo bisogno").fill("Una badante condivisa")
    page.get_by_role("button", name="Aggiungilo alla parete").click()
    expect(page.locator("[data-need-status]")).to_contain_text(NOTICE)
    expect(page.get_by_label("Il tuo bisogno")).to_have_value("Una badante condivisa")
    assert page.evaluate("window.notReloaded") is True
