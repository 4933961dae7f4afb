"""The desk in a real browser, as Luca at the sportello of WeMi San Gottardo meets it: he
registers Rosa, who has no e-mail, prints her consent form and records it signed, starts an
assisted session (the banner names her and counts down), joins a proposal for her household
of 3, takes 2 seats at tomorrow's event and enrols her in the financial-education course
through the ordinary pages, ends the session and prints the receipt with the codes. The
trail names Luca for Rosa; tomorrow's reminder lands in the desk's call list, where he marks
the call done. He logs her phone call, books her an appointment at the digital-facilitation
point in a second session, and prints her activation code: with it Rosa sets her e-mail and
password and finds online everything the desk did for her."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from desk.appointments import slots_publish
from desk.models import Appointment, AssistedSession, CallEntry, DeskContact, DeskResident
from events.models import Enrollment, Registration
from events.reminders import reminder_send, reminders_due
from proposals.models import Support
from tests.browser import asgi_server
from tests.browser.helpers import sign_in
from tests.desk.helpers import desk_space
from tests.events.helpers import publish, weekly_course
from tests.factories import nil_in
from tests.factories.proposals import ProposalFactory
from tests.participation.moderation_helpers import coordinator_of
from wemi_community.core.models import AuditEntry

asgi_live_server = asgi_server.asgi_live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world():
    """Made before the browser starts (see test_first_visit)."""
    space, operator = desk_space("WeMi San Gottardo", municipio=5)
    coordinator = coordinator_of(space)
    event, _c = publish(
        space=space, coordinator=coordinator, title="Merenda in cortile", days=1, capacity=10
    )
    course, _c = weekly_course(space=space, coordinator=coordinator, title="Educazione finanziaria")
    proposal = ProposalFactory(space=space, title="Baby sitter condivisa")
    slots_publish(
        actor=operator,
        space=space,
        point="station-1",
        first_day=event.starts_at.date() + datetime.timedelta(days=1),
        last_day=event.starts_at.date() + datetime.timedelta(days=7),
        length=45,
    )
    return {
        "space": space,
        "operator": operator,
        "event": event,
        "course": course,
        "proposal": proposal,
        "nil": nil_in(5),
    }


def _rosa():
    return DeskResident.objects.select_related("user").get(user__first_name="Rosa").user


def _done_for_rosa(rosa, event, course, proposal, operator) -> dict:
    registration = Registration.objects.get(event=event, user=rosa)
    return {
        "household": Support.objects.get(proposal=proposal, user=rosa).household_size,
        "seats": registration.seats,
        "code": registration.code,
        "enrolled": Enrollment.objects.filter(course=course, user=rosa).exists(),
        "by_operator": set(
            AuditEntry.objects.filter(actor=operator, on_behalf_of=rosa).values_list(
                "action", flat=True
            )
        ),
        "session": AssistedSession.objects.get(person=rosa),
    }


def _remind_tomorrows_people() -> None:
    for person_id, event_id in reminders_due():
        reminder_send(user_id=person_id, event_id=event_id)


def test_the_desk_acts_for_rosa(world, asgi_live_server, browser_page):
    live_server = server = asgi_live_server
    page = browser_page
    operator, event, course, proposal = (
        world["operator"],
        world["event"],
        world["course"],
        world["proposal"],
    )
    sign_in(page, live_server, operator)

    # Register Rosa, without e-mail.
    page.goto(live_server.url + "/sportello/")
    page.get_by_role("link", name="Registra un residente").first.click()
    page.locator("#id_first_name").fill("Rosa")
    page.locator("#id_last_name").fill("Bianchi")
    page.locator("#id_phone").fill("02 1234 5678")
    page.locator("#id_nil").select_option(str(world["nil"].pk))
    page.locator("#id_household_size").fill("3")
    page.locator("#desk-resident-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Rosa Bianchi")
    rosa = server.call(_rosa)
    assert rosa.email is None and not rosa.has_usable_password()

    # Print her consent form, then record it signed.
    with page.context.expect_page() as printed:
        page.get_by_role("link", name="Stampa il modulo di consenso").click()
    consent = printed.value
    consent.wait_for_load_state()
    expect(consent.locator("body")).to_contain_text("Consenso al trattamento dei dati personali")
    expect(consent.locator("body")).to_contain_text("Rosa")
    expect(consent.locator("body")).to_contain_text("Informativa privacy, versione")
    consent.close()
    page.get_by_role("button", name="La persona ha firmato il modulo di consenso").click()
    expect(page.locator("#desk-consent")).to_contain_text("Consenso firmato il")

    # Start the session: the banner names her and counts down.
    page.get_by_role("button", name="Inizia una sessione assistita").click()
    banner = page.locator("#wemi-assist-banner")
    expect(banner).to_contain_text("Stai agendo per Rosa Bianchi")
    expect(banner.locator(".wemi-assist-countdown")).to_have_text(re.compile(r"^(29|30):\d\d$"))

    # Join the proposal for her household of 3.
    page.goto(live_server.url + proposal.get_absolute_url())
    page.locator(
        "#join-form input[name=household_size], form input[name=household_size]"
    ).first.fill("3")
    page.get_by_role("button", name="Ci sto").click()
    expect(page.locator("#wemi-assist-banner")).to_be_visible()
    # Two seats at tomorrow's event.
    page.goto(live_server.url + event.get_absolute_url())
    page.locator("#register-form select[name=seats]").select_option("2")
    page.locator("#register-form button[type=submit]").click()
    expect(page.locator(".wemi-registration-card")).to_contain_text("2")
    # The financial-education course.
    page.goto(live_server.url + course.get_absolute_url())
    page.get_by_role("button", name="Iscriviti al corso").click()
    expect(page.get_by_role("button", name="Annulla la mia iscrizione")).to_be_visible()

    # End the session and print the receipt, with the registration's code.
    page.locator("#wemi-assist-banner").get_by_role("button", name="Termina la sessione").click()
    expect(page.locator("#wemi-assist-banner")).to_have_count(0)
    done = server.call(_done_for_rosa, rosa, event, course, proposal, operator)
    assert done["household"] == 3 and done["seats"] == 2 and done["enrolled"]
    assert {"proposal.joined", "event.registered", "course.enrolled"} <= done["by_operator"]
    assert done["session"].end_reason == "ended"
    page.goto(live_server.url + f"/sportello/sessioni/{done['session'].pk}/ricevuta/")
    expect(page.locator("body")).to_contain_text("Merenda in cortile")
    expect(page.locator("body")).to_contain_text(done["code"])
    expect(page.locator("body")).to_contain_text("Educazione finanziaria")
    assert page.locator("svg").count() >= 2

    # Tomorrow's reminder lands in the desk's call list.
    server.call(_remind_tomorrows_people)
    page.goto(live_server.url + "/sportello/chiamate/")
    row = page.locator("li, tr").filter(has_text="Rosa Bianchi").first
    expect(row).to_contain_text("Merenda in cortile")
    row.get_by_role("button", name="Persona avvisata").click()
    expect(page.locator("body")).to_contain_text("Rosa Bianchi")
    assert (
        server.call(lambda: CallEntry.objects.get(person=rosa, kind="event.reminder").state)
        == "done"
    )

    # Log her phone call.
    page.goto(live_server.url + f"/sportello/persone/{rosa.pk}/")
    page.get_by_role("link", name="Registra un contatto").first.click()
    page.locator("input[name=channel][value=phone]").check(force=True)
    page.locator("input[name=topics]").first.check(force=True)
    page.locator("input[name=outcome][value=registered]").check(force=True)
    page.locator("#desk-contact-form button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("Contatto registrato")
    # A digital-facilitation appointment, booked for her in a second session.
    page.goto(live_server.url + f"/sportello/persone/{rosa.pk}/")
    page.get_by_role("button", name="Inizia una sessione assistita").click()
    expect(page.locator("#wemi-assist-banner")).to_contain_text("Rosa Bianchi")
    page.goto(live_server.url + f"/sportello/appuntamenti/{world['space'].pk}/")
    page.locator("input[name=slot]").first.check(force=True)
    page.locator("input[name=topic]").fill("SPID")
    page.locator("#desk-book-form button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("SPID")
    page.locator("#wemi-assist-banner").get_by_role("button", name="Termina la sessione").click()
    booked = server.call(_booked_for, rosa)
    assert booked["appointment_booked_by"] == operator.pk and booked["contacts"] == 1

    # Her activation code; with it she sets her e-mail and password.
    page.goto(live_server.url + f"/sportello/persone/{rosa.pk}/")
    with page.context.expect_page() as printed:
        page.get_by_role("button", name="Stampa un codice di attivazione").click()
    sheet = printed.value
    sheet.wait_for_load_state()
    code = sheet.locator("#activation-code").inner_text().strip()
    sheet.close()
    page.context.clear_cookies()
    page.goto(live_server.url + "/sportello/attiva/")
    form = page.locator("#desk-activate")
    form.locator("input[name=code]").fill(code)
    form.locator("input[name=email]").fill("rosa.bianchi@example.org")
    form.locator("input[name=password1]").fill("Una-password-lunga-2026")
    form.locator("input[name=password2]").fill("Una-password-lunga-2026")
    form.locator("input[name=privacy_consent]").check(force=True)
    form.locator("button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("Merenda in cortile")
    page.goto(live_server.url + "/account/profilo/")
    expect(page.locator("#done-at-desks")).to_contain_text(
        "Fatto per te allo sportello di WeMi San Gottardo"
    )
    expect(page.locator("#done-at-desks")).to_contain_text("Educazione finanziaria")


def _booked_for(rosa) -> dict:
    appointment = Appointment.objects.get(person=rosa)
    return {
        "appointment_booked_by": appointment.booked_by_id,
        "contacts": DeskContact.objects.filter(person=rosa).count(),
    }
