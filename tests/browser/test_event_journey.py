"""Events in real browsers: Giulia finds a workshop, takes 3 seats and downloads the event for
her calendar while Franco, on the same page, sees the free seats drop live; Franco joins the
waitlist of a full event and gets the seat when Giulia cancels hers; the coordinator checks
Giulia in by code on a phone; Giulia downloads her course certificate and its code verifies."""

import re
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import expect

from events import courses, services
from events.models import Registration
from tests.browser import asgi_server
from tests.browser.helpers import sign_in
from tests.events.helpers import move_to_the_past, publish, space_with_coordinator, weekly_course
from tests.factories import UserFactory
from wemi_community.certificates.models import Certificate

asgi_live_server = asgi_server.asgi_live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world():
    """Seeded before the browser starts (see test_live_bell)."""
    space, coordinator = space_with_coordinator("WeMi Capuana di prova", municipio=8)
    giulia = UserFactory(display_name="Giulia", notification_preference="never")
    franco = UserFactory(display_name="Franco", notification_preference="never")
    workshop, _c = publish(
        space=space, coordinator=coordinator, title="Laboratorio di cucito creativo", capacity=10
    )
    full, _c = publish(
        space=space,
        coordinator=coordinator,
        title="Merenda in musica",
        capacity=2,
        max_seats_per_registration=2,
        days=8,
    )
    services.registration_create(actor=giulia, event=full, seats=2)
    educator = UserFactory(display_name="Laura")
    course, _c = weekly_course(space=space, coordinator=coordinator, educator=educator)
    enrollment = courses.enrollment_create(actor=giulia, course=course)
    sessions = list(course.sessions.order_by("starts_at"))
    for index, session in enumerate(sessions[:3]):
        move_to_the_past(session, days=3 - index)
        courses.attendance_record(actor=educator, session=session, present_ids=[enrollment.pk])
    return {
        "space": space,
        "coordinator": coordinator,
        "giulia": giulia,
        "franco": franco,
        "workshop": workshop,
        "full": full,
        "course": course,
    }


def test_registering_waiting_checking_in_and_the_certificate(world, asgi_live_server, browser_page):
    server = asgi_live_server
    errors = []
    browser = browser_page.context.browser
    giulia = browser_page
    giulia.on("pageerror", lambda error: errors.append(str(error)))
    franco_context = browser.new_context(locale="it-IT", viewport={"width": 1280, "height": 900})
    franco = franco_context.new_page()
    franco.on("pageerror", lambda error: errors.append(str(error)))
    workshop, full = world["workshop"], world["full"]

    # Franco looks at the workshop: 10 seats free, live.
    sign_in(franco, server, world["franco"])
    franco.goto(f"{server.url}/eventi/{workshop.pk}/")
    seats = franco.locator("[data-seats-text]")
    expect(seats).to_have_text("10 posti liberi")

    # Giulia finds it at her space and takes 3 seats.
    sign_in(giulia, server, world["giulia"])
    giulia.goto(f"{server.url}/eventi/?space={world['space'].pk}")
    giulia.get_by_role("link", name="Laboratorio di cucito creativo").click()
    giulia.get_by_label("Posti").select_option("3")
    giulia.get_by_role("button", name="Iscriviti").click()
    expect(giulia.locator("#my-registration")).to_contain_text("Sei iscritto con 3 posti.")
    code = giulia.locator("#registration-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{8}", code)
    expect(seats).to_have_text("7 posti liberi")  # on Franco's screen, without a reload

    # The .ics link gives a calendar with the event.
    with giulia.expect_download() as download_info:
        giulia.locator("#ics-link").click()
    calendar = icalendar.Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    (item,) = [component for component in calendar.walk() if component.name == "VEVENT"]
    assert str(item["SUMMARY"]) == "Laboratorio di cucito creativo"

    # Franco waits for the full event; Giulia gives up her seats; Franco gets them.
    franco.goto(f"{server.url}/eventi/{full.pk}/")
    franco.get_by_label("Posti").select_option("2")
    franco.get_by_role("button", name="Iscriviti alla lista d'attesa").click()
    expect(franco.locator("#my-registration")).to_contain_text("lista d'attesa")
    giulia.goto(f"{server.url}/eventi/{full.pk}/")
    giulia.get_by_role("button", name="Non posso venire: annulla").click()
    expect(giulia.get_by_text("La tua iscrizione è annullata")).to_be_visible()
    franco.reload()
    expect(franco.locator("#my-registration")).to_contain_text("Sei iscritto con 2 posti.")
    expect(franco.locator("#my-registration")).to_contain_text(
        "Si sono liberati 2 posti e sono andati a te"
    )

    # The coordinator checks Giulia in by her code, on a phone.
    desk_context = browser.new_context(locale="it-IT", viewport=PHONE)
    desk = desk_context.new_page()
    desk.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(desk, server, world["coordinator"])
    desk.goto(f"{server.url}/eventi/{workshop.pk}/accoglienza/")
    desk.get_by_label("Codice di iscrizione").fill(code.lower())
    desk.get_by_role("button", name="Registra l'arrivo").click()
    expect(desk.locator("#check-in-ok")).to_contain_text("Giulia")
    expect(desk.locator("#arrived")).to_have_text("1 arrivati su 1 iscrizioni")
    assert desk.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    arrived = server.call(
        lambda: Registration.objects.get(event=workshop, user=world["giulia"]).checked_in_at
    )
    assert arrived is not None

    # Giulia's certificate: the PDF, then its code on the public page.
    giulia.goto(f"{server.url}/eventi/corsi/{world['course'].pk}/")
    expect(giulia.get_by_text("Incontri frequentati: 3 su 4.")).to_be_visible()
    pdf = giulia.context.request.get(
        f"{server.url}/eventi/corsi/{world['course'].pk}/attestato.pdf"
    )
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    certificate_code = server.call(lambda: Certificate.objects.get().code)
    giulia.goto(f"{server.url}/verifica/")
    giulia.get_by_label("Codice di verifica").fill(certificate_code.replace("-", " ").lower())
    giulia.get_by_role("button", name="Verifica").click()
    expect(giulia.locator("#certificate-valid")).to_contain_text("Attestato autentico")
    expect(giulia.get_by_text("partecipando a 3 incontri su 4")).to_be_visible()

    assert errors == []
    desk_context.close()
    franco_context.close()
