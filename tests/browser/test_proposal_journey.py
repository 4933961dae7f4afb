"""From a need to a running shared service, in a real browser, as its people meet it.

Giulia proposes a shared baby sitter with the wizard; three neighbours press "Ci sto" and the
threshold is reached; the coordinator evaluates and accepts it; the provider offers a price
list; the coordinator chooses it; the four households confirm and watch their quota fall;
the service starts, the provider logs a session and a member confirms it."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from playwright.sync_api import expect, sync_playwright

from proposals.models import DeliveryEntry, Membership, Proposal, ProposalThreshold, SharedService
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import UserFactory
from tests.participation.moderation_helpers import coordinator_of
from tests.proposals.helpers import CATEGORY, accredited_staff, category
from tests.spaces.helpers import make_space

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Baby sitter condivisa per la scala B"


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


@pytest.fixture
def cast():
    """Everyone and their session, made before the browser starts."""
    space = make_space("WeMi Prova Proposte", municipio=5)
    ProposalThreshold.objects.create(category=category(), households=4)
    people = {
        "author": UserFactory(display_name="Giulia", household_size=2),
        "anna": UserFactory(display_name="Anna"),
        "bruno": UserFactory(display_name="Bruno"),
        "carla": UserFactory(display_name="Carla"),
        "coordinator": coordinator_of(space),
    }
    _organisation, people["provider"] = accredited_staff(CATEGORY)
    cookies = {name: session_cookie(user) for name, user in people.items()}
    return space, people, cookies


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API keeps an event loop on this thread; the ORM checks at the end
    # are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def as_person(browser, live_server, cookie):
    context = browser.new_context(locale="it-IT", viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def submit(page, action_suffix: str, **fields):
    form = page.locator(f"form[action$='{action_suffix}']").first
    for name, value in fields.items():
        form.locator(f"[name='{name}']").fill(str(value))
    form.locator("button[type=submit]").first.click()
    page.wait_for_load_state()


def test_a_need_becomes_a_running_shared_service(cast, live_server, browser, tmp_path):
    space, people, cookies = cast
    server = live_server.url

    # 1. Giulia proposes, step by step, and publishes.
    giulia = as_person(browser, live_server, cookies["author"])
    giulia.goto(f"{server}/proposte/nuova/?spazio={space.pk}")
    giulia.select_option("main [name=category]", label=CATEGORY)
    giulia.click("button[name=action][value=next]")
    giulia.fill("main [name=title]", TITLE)
    giulia.fill("main [name=description]", "Cerchiamo una baby sitter il **martedì** e il giovedì.")
    giulia.click("button[name=action][value=next]")
    giulia.check("main [name=audience][value=children]", force=True)
    giulia.check("main [name=days][value='1']", force=True)
    giulia.check("main [name=time_slots][value=afternoon]", force=True)
    giulia.check("main [name=pricing_mode][value=paid]", force=True)
    giulia.click("button[name=action][value=next]")
    expect(giulia.locator("main")).to_contain_text(TITLE)
    giulia.click("#publish-form button[name=action][value=publish]")
    giulia.wait_for_url(re.compile(r"/proposte/\d+/$"))
    proposal_url = giulia.url
    giulia.screenshot(path=str(tmp_path / "1-published.png"), full_page=True)
    expect(giulia.locator("main .wemi-state-gathering").first).to_be_visible()

    # 2. Three neighbours join with their households.
    for name, size in (("anna", 3), ("bruno", 2), ("carla", 4)):
        page = as_person(browser, live_server, cookies[name])
        page.goto(proposal_url)
        submit(page, "/ci-sto/", household_size=size)
        expect(page.locator("#change-form")).to_be_visible()
        page.context.close()
    giulia.reload()
    expect(giulia.locator("main .wemi-state-threshold_reached").first).to_be_visible()
    expect(giulia.locator("main progress.wemi-progress").first).to_have_attribute("value", "4")

    # 3. The coordinator evaluates and accepts it, with public answers.
    coordinator = as_person(browser, live_server, cookies["coordinator"])
    coordinator.goto(proposal_url)
    for state, text in (
        ("under_evaluation", "La valutiamo con le famiglie."),
        ("accepted", "Si parte!"),
    ):
        form = coordinator.locator("#answer-form")
        form.locator("[name=to_state]").select_option(state)
        form.locator("[name=text]").fill(text)
        form.locator("button[type=submit]").click()
        coordinator.wait_for_load_state()
        expect(coordinator.locator("main")).to_contain_text(text)

    # 4. The provider offers a price list by households.
    provider = as_person(browser, live_server, cookies["provider"])
    provider.goto(proposal_url + "offerte/nuova/")
    provider.fill("main [name=min_households]", "2")
    provider.fill("main [name=max_households]", "6")
    provider.fill("main [name=schedule]", "Martedì e giovedì 16:30–19:00")
    provider.fill("main [name='bands-0-min_households']", "2")
    provider.fill("main [name='bands-0-max_households']", "3")
    provider.fill("main [name='bands-0-group_price_per_hour']", "30,00")
    provider.fill("main [name='bands-1-min_households']", "4")
    provider.fill("main [name='bands-1-max_households']", "6")
    provider.fill("main [name='bands-1-group_price_per_hour']", "36,00")
    provider.locator("form.wemi-offer-form button[type=submit]").click()
    provider.wait_for_url(re.compile(r"/proposte/\d+/(#[\w-]*)?$"))
    # With 4 families each pays 36 / 4 = € 9,00 an hour.
    expect(provider.locator("main")).to_contain_text("9,00")
    provider.screenshot(path=str(tmp_path / "2-offer.png"), full_page=True)

    # 5. The coordinator chooses it: the service invites the four households.
    coordinator.goto(proposal_url)
    coordinator.locator("form.wemi-offer-choose button[type=submit]").click()
    coordinator.wait_for_url(re.compile(r"/proposte/servizi/\d+/$"))
    service_url = coordinator.url

    # 6. The households confirm; the quota per family falls as they do.
    expected_quota = {"author": "30,00", "anna": "15,00", "bruno": "10,00", "carla": "9,00"}
    for name, quota in expected_quota.items():
        page = as_person(browser, live_server, cookies[name])
        page.goto(service_url)
        page.locator("form.wemi-seat-form button[type=submit]").click()
        page.wait_for_load_state()
        expect(page.locator("#service-quota")).to_contain_text(quota)
        if name != "author":
            page.context.close()
    giulia.goto(service_url)
    expect(giulia.locator("#service-seats")).to_contain_text("4")

    # 7. It starts; the provider logs a session; Giulia confirms it.
    coordinator.goto(service_url)
    submit(coordinator, "/avvia/")
    expect(coordinator.locator("#service-state")).to_have_class(re.compile("bg-success"))
    provider.goto(service_url)
    log = provider.locator("#log-session")
    log.locator("[name=hours]").fill("2,5")
    log.locator("[name=notes]").fill("Compiti e giochi in cortile")
    log.locator("button[type=submit]").click()
    provider.wait_for_load_state()
    expect(provider.locator("#service-hours")).to_contain_text("2,5")
    giulia.goto(service_url)
    giulia.locator("form.wemi-check-form button[name=verdict][value=confirmed]").first.click()
    giulia.wait_for_load_state()
    giulia.screenshot(path=str(tmp_path / "3-service.png"), full_page=True)
    giulia.context.close()
    coordinator.context.close()
    provider.context.close()

    proposal = Proposal.objects.get(title=TITLE)
    assert proposal.state == Proposal.State.ACCEPTED
    shared = SharedService.objects.get(proposal=proposal)
    assert shared.state == SharedService.State.RUNNING
    assert shared.members_count == 4
    assert shared.current_quota == Decimal("9.00")
    assert set(shared.memberships.values_list("state", flat=True)) == {Membership.State.MEMBER}
    entry = DeliveryEntry.objects.get(service=shared)
    assert entry.hours == Decimal("2.50")
    assert entry.confirmed_count == 1
