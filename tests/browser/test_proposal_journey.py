"""From a need to a running shared service, in a real browser, as its people meet it.

Giulia proposes a shared baby sitter with the wizard; three neighbours press "Ci sto" and the
threshold is reached; the coordinator evaluates and accepts it; the provider offers a price
list; the coordinator chooses it; the four households confirm and watch their quota fall;
the service starts, the provider logs a session and a member confirms it.

Then the README's journey on the seeded demo, signed in as the accounts it names, in the
order it tells, with the demo proposal it names at each step."""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect, sync_playwright

from proposals.models import Proposal, ProposalThreshold
from shared_services.models import DeliveryEntry, Membership, SharedService
from tests import instants
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.helpers import demo_totp_code
from tests.factories import UserFactory
from tests.participation.moderation_helpers import coordinator_of
from tests.proposals.helpers import CATEGORY, category
from tests.shared_services.helpers import accredited_staff
from tests.spaces.helpers import make_space
from wemi_community.accounts.demo import DEMO_ORGANISATION, DEMO_PASSWORD, demo_email

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
def browser(monkeypatch, settings, csp_watcher):
    if instants.chosen() is not None:
        # Chromium expires cookies by the machine's real clock, not the server's moved one.
        settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
        settings.CSRF_COOKIE_AGE = None
    # Playwright's sync API keeps an event loop on this thread; the ORM checks at the end
    # are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield csp_watcher.watch_browser(chromium)
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

    # 6. The households confirm; the quota per family falls as they do. Alone, below the
    # offer's minimum of 2, Giulia reads what each will pay with 2, never the group's € 30.
    expect(coordinator.locator("#service-quota")).to_have_text("€ 15,00")
    expected_quota = {"author": "15,00", "anna": "15,00", "bruno": "10,00", "carla": "9,00"}
    for name, quota in expected_quota.items():
        page = as_person(browser, live_server, cookies[name])
        page.goto(service_url)
        page.locator("form.wemi-seat-form button[type=submit]").click()
        page.wait_for_load_state()
        expect(page.locator("#service-quota")).to_contain_text(quota)
        if name == "author":
            expect(page.locator("#my-share")).to_have_text(
                "Con 2 famiglie ognuna pagherà € 15,00 all'ora. Il servizio parte quando 2 "
                "famiglie avranno confermato il posto: ne manca 1."
            )
        else:
            expect(page.locator("#my-share")).to_contain_text(f"Paghi € {quota} all'ora")
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


# --- The README's journey on the demo --------------------------------------------------------

DOPOSCUOLA = "Doposcuola condiviso il martedì e il giovedì"
PSICOMOTRICITA = "Laboratorio di psicomotricità per bambini dai 3 ai 6 anni"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(settings):
    # As `make run` seeds it: the staff logins type their authenticator app's code.
    settings.WEMI_DEMO_SECOND_FACTOR = True
    call_command("seed_demo", stdout=io.StringIO())


def sign_in(browser, live_server, local_part: str, viewport=None):
    """Signs a demo account in through the login page, with the README's password."""
    context = browser.new_context(
        locale="it-IT", viewport=viewport or {"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/account/accedi/")
    page.get_by_label("E-mail").fill(demo_email(local_part))
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Accedi").last.click()
    page.wait_for_url(lambda url: "/accedi/" not in url)
    if "/verifica-accesso/" in page.url:
        # The staff demo logins have an authenticator app (README): its code, as people type it.
        page.get_by_label("Codice").fill(demo_totp_code(local_part))
        page.get_by_role("button", name="Verifica").click()
        page.wait_for_url(lambda url: "/verifica-accesso/" not in url)
    return page


def answer_as_coordinator(page, state: str, text: str) -> None:
    form = page.locator("#answer-form")
    form.locator("[name=to_state]").select_option(state)
    form.locator("[name=text]").fill(text)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text(text)


def declare_and_confirm(page, service_url: str, isee_band: str) -> None:
    page.goto(service_url)
    isee = page.locator("#quota-personale form")
    isee.locator("[name=isee_band]").select_option(isee_band)
    isee.locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Conferma il mio posto").click()
    page.wait_for_load_state()


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_readme_journey_on_the_demo(demo, live_server, browser, tmp_path):
    server = live_server.url

    # 3. The coordinator takes the Doposcuola, at its threshold, under evaluation.
    coordinator = sign_in(browser, live_server, "coordinatrice")
    coordinator.goto(f"{server}/proposte/?q=Doposcuola")
    coordinator.get_by_role("link", name=DOPOSCUOLA).first.click()
    coordinator.wait_for_load_state()
    proposal_url = coordinator.url
    expect(coordinator.locator("main .wemi-state-threshold_reached").first).to_be_visible()
    answer_as_coordinator(coordinator, "under_evaluation", "La valutiamo con gli enti.")

    # 4. The provider finds it, and the psychomotricity lab, waiting for an offer.
    provider = sign_in(browser, live_server, "ente")
    provider.goto(f"{server}/proposte/ente/")
    waiting = provider.locator("#proposte-aperte")
    expect(waiting.locator("tr", has_text=PSICOMOTRICITA)).to_contain_text("Fai un'offerta")
    provider.screenshot(path=str(tmp_path / "demo-1-provider-dashboard.png"), full_page=True)
    waiting.locator("tr", has_text=DOPOSCUOLA).get_by_role("link", name="Fai un'offerta").click()
    provider.wait_for_load_state()
    provider.fill("main [name=min_households]", "2")
    provider.fill("main [name=max_households]", "6")
    provider.fill("main [name=schedule]", "Martedì e giovedì, 16:30–18:30")
    for index, (low, high, price) in enumerate(((2, 3, "30,00"), (4, 6, "36,00"))):
        provider.fill(f"main [name='bands-{index}-min_households']", str(low))
        provider.fill(f"main [name='bands-{index}-max_households']", str(high))
        provider.fill(f"main [name='bands-{index}-group_price_per_hour']", price)
    provider.locator("form.wemi-offer-form button[type=submit]").click()
    provider.wait_for_url(re.compile(r"/proposte/\d+/(#[\w-]*)?$"))
    offer_card = provider.locator("article.wemi-offer", has_text=DEMO_ORGANISATION)
    # Five households joined: 36 / 5 = € 7,20 each.
    expect(offer_card.locator("tr.wemi-quota-current")).to_contain_text("€ 7,20")

    # 5. Accepted first, then the offer is chosen: the service invites the households.
    coordinator.goto(proposal_url)
    answer_as_coordinator(coordinator, "accepted", "Accolta: parte il doposcuola.")
    coordinator.locator("article.wemi-offer", has_text=DEMO_ORGANISATION).get_by_role(
        "button", name=re.compile("Scegli questa offerta")
    ).click()
    coordinator.wait_for_url(re.compile(r"/proposte/servizi/\d+/"))
    service_url = coordinator.url.split("#")[0]

    # 6. Co-payment shares per ISEE band.
    shares = coordinator.locator("#compartecipazione")
    for band, percent in (("under_10k", "100"), ("10k_20k", "50"), ("20k_30k", "25")):
        shares.locator(f"[name='{band}']").fill(percent)
    shares.get_by_role("button", name="Salva le percentuali di compartecipazione").click()
    coordinator.wait_for_load_state()

    # 7. The first household to confirm reads the price once the minimum is there.
    residente = sign_in(browser, live_server, "residente")
    declare_and_confirm(residente, service_url, "10k_20k")
    expect(residente.locator("#my-share")).to_have_text(
        "Con 2 famiglie ogni quota sarà di € 15,00 all'ora: tu pagherai € 7,50 e il Comune "
        "€ 7,50. Il servizio parte quando 2 famiglie avranno confermato il posto: ne manca 1."
    )
    expect(residente.locator("#service-quota-note")).to_have_text("da 2 famiglie: ne manca 1")
    expect(residente.locator("main")).not_to_contain_text("Paghi € 30,00")
    phone = sign_in(browser, live_server, "residente", viewport=PHONE)
    phone.goto(service_url)
    expect(phone.locator("#my-share")).to_contain_text("ne manca 1")
    assert fits_the_phone(phone)
    phone.screenshot(path=str(tmp_path / "demo-2-first-confirmed-phone.png"), full_page=True)
    phone.context.close()

    vicino = sign_in(browser, live_server, "vicino")
    declare_and_confirm(vicino, service_url, "under_10k")
    expect(vicino.locator("#my-share")).to_have_text(
        "Non paghi nulla: il Comune copre tutta la tua quota di € 15,00 all'ora (con 2 famiglie)."
    )
    residente.goto(service_url)
    expect(residente.locator("#my-share")).to_have_text(
        "Paghi € 7,50 all'ora e il Comune paga € 7,50 (la tua quota con 2 famiglie: € 15,00)."
    )
    current = residente.locator("tr.wemi-quota-current")
    expect(current).to_have_attribute("data-households", "2")
    expect(current.locator("[data-you-pay]")).to_have_text("€ 7,50")
    residente.goto(f"{server}/proposte/mie/")
    expect(residente.locator("#my-services tr", has_text=DOPOSCUOLA)).to_contain_text("€ 7,50")

    # 8. The provider starts the service and logs a session.
    provider.goto(service_url)
    provider.get_by_role("button", name="Avvia il servizio").click()
    provider.wait_for_load_state()
    expect(provider.locator("#service-state")).to_have_class(re.compile("bg-success"))
    log = provider.locator("#log-session")
    log.locator("[name=hours]").fill("2")
    log.locator("[name=notes]").fill("Compiti di matematica e lettura")
    log.locator("button[type=submit]").click()
    provider.wait_for_load_state()
    expect(provider.locator("#service-sessions")).to_have_text("1")

    # 9. One member confirms the session, the other disputes it; both rate the service.
    residente.goto(service_url)
    residente.locator("form.wemi-check-form button[name=verdict][value=confirmed]").click()
    residente.wait_for_load_state()
    vicino.goto(service_url)
    vicino.locator("details.wemi-dispute summary").click()
    dispute = vicino.locator("form.wemi-dispute-form")
    dispute.locator("[name=note]").fill("Siamo finiti alle 18, non alle 18:30.")
    dispute.locator("button[type=submit]").click()
    vicino.wait_for_load_state()
    for page, stars in ((residente, 5), (vicino, 4)):
        page.goto(service_url)
        page.locator(f"#valutazione label[for=id_stars_{stars - 1}]").click()
        page.get_by_role("button", name="Invia la tua valutazione").click()
        page.wait_for_load_state()
    expect(vicino.locator("#service-rating")).to_contain_text("4,5")
    vicino.screenshot(path=str(tmp_path / "demo-3-service.png"), full_page=True)
    provider.goto(f"{server}/proposte/ente/")
    expect(provider.locator("#contestati")).to_contain_text("Siamo finiti alle 18")
    for page in (coordinator, provider, residente, vicino):
        page.context.close()

    service = SharedService.objects.get(proposal__title=DOPOSCUOLA)
    assert service.state == SharedService.State.RUNNING
    assert service.members_count == 2
    entry = DeliveryEntry.objects.get(service=service)
    assert (entry.confirmed_count, entry.disputed_count) == (1, 1)
