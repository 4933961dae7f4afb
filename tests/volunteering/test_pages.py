"""The volunteering pages as people meet them: the opportunities with their filters and
suggestions, an opportunity and its shifts, signing up and cancelling, the profile, "my
volunteering" with hours and the certificate, invitations, the offers of help; bad input."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import municipio
from tests.volunteering.helpers import (
    day,
    move_to_the_past,
    opportunity,
    shift,
    skill,
    space_with_coordinator,
    volunteer,
)
from volunteering import hours, services
from volunteering.models import HourEntry, Signup, VolunteerOffer, VolunteerProfile
from wemi_community.certificates.models import Certificate

pytestmark = pytest.mark.django_db

LIST = "/volontariato/"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- The list -------------------------------------------------------------------------------


def test_the_list_shows_open_opportunities_with_their_next_shift(client):
    desk, coordinator = opportunity(
        title="Accoglienza del sabato", skills=["Accoglienza e ascolto"]
    )
    shift(desk, coordinator, days=3)
    closed, other = opportunity(title="Senza turni in arrivo")
    response = client.get(LIST)
    assert response.status_code == 200
    content = text_of(response)
    assert "Accoglienza del sabato" in content
    assert "Accoglienza e ascolto" in content
    assert "1 turno in arrivo" in content
    # An opportunity without shifts to come is not listed.
    assert "Senza turni in arrivo" not in content


def test_the_list_never_shows_who_volunteers(client):
    desk, coordinator = opportunity(title="Accoglienza del sabato")
    first = shift(desk, coordinator, days=3)
    person = volunteer(display_name="Ginevra Riservata", email="ginevra@example.org")
    services.signup_create(actor=person, shift=first)
    for url in (LIST, desk.get_absolute_url()):
        content = Client().get(url).content.decode()
        assert "Ginevra" not in content and "ginevra@example.org" not in content


def test_filters_by_space_municipio_skill_and_day(client):
    north, north_coordinator = space_with_coordinator("WeMi Nord", municipio=9)
    south, south_coordinator = space_with_coordinator("WeMi Sud", municipio=5)
    homework, _ = opportunity(
        space=north,
        coordinator=north_coordinator,
        title="Compiti del pomeriggio",
        skills=["Aiuto compiti"],
    )
    shift(homework, north_coordinator, days=4)
    cooking, _ = opportunity(
        space=south, coordinator=south_coordinator, title="Cucina insieme", skills=["Cucina"]
    )
    shift(cooking, south_coordinator, days=6)

    def titles(**query):
        content = client.get(LIST, query).content.decode()
        return {title for title in ("Compiti del pomeriggio", "Cucina insieme") if title in content}

    assert titles() == {"Compiti del pomeriggio", "Cucina insieme"}
    assert titles(space=north.pk) == {"Compiti del pomeriggio"}
    assert titles(municipio=municipio(5).pk) == {"Cucina insieme"}
    assert titles(skill=skill("Cucina").pk) == {"Cucina insieme"}
    assert titles(day=day(4).isoformat()) == {"Compiti del pomeriggio"}
    assert titles(q="pomeriggio") == {"Compiti del pomeriggio"}


def test_fits_my_availability_keeps_the_shifts_in_the_volunteers_slots(client):
    morning, coordinator = opportunity(title="Turno del mattino")
    first = shift(morning, coordinator, days=4, start=9, end=11)
    evening, other = opportunity(title="Turno della sera")
    shift(evening, other, days=4, start=19, end=21)
    weekday = first.starts_at.astimezone().weekday()
    person = volunteer(availability=[f"{weekday}-morning"])
    content = client_of(person).get(LIST, {"fits": "on"}).content.decode()
    assert "Turno del mattino" in content and "Turno della sera" not in content


def test_fits_without_a_profile_asks_for_one(resident_client):
    content = text_of(resident_client.get(LIST, {"fits": "on"}))
    assert "prima crea il tuo profilo di volontariato" in content


@pytest.mark.parametrize(
    "query",
    [
        {"space": "nessuno"},
        {"municipio": "999999"},
        {"skill": "x"},
        {"day": "31/02/2026"},
        {"page": "9999"},
        {"page": "abc"},
        {"q": "x" * 500},
    ],
)
def test_bad_filters_never_break_the_list(client, query):
    desk, coordinator = opportunity()
    shift(desk, coordinator)
    assert client.get(LIST, query).status_code == 200


def test_the_list_is_paginated(client):
    space, coordinator = space_with_coordinator()
    for number in range(13):
        created, _ = opportunity(
            space=space, coordinator=coordinator, title=f"Attività {number:02}"
        )
        shift(created, coordinator, days=3)
    first = client.get(LIST).content.decode()
    second = client.get(LIST, {"page": 2}).content.decode()
    on_first = {n for n in range(13) if f"Attività {n:02}" in first}
    on_second = {n for n in range(13) if f"Attività {n:02}" in second}
    assert len(on_first) == 12 and len(on_second) == 1
    assert not on_first & on_second
    assert "13 attività" in text_of(client.get(LIST))


def _opportunities(count: int, *, start: int = 0):
    space, coordinator = space_with_coordinator()
    for number in range(start, start + count):
        created, _ = opportunity(
            space=space,
            coordinator=coordinator,
            title=f"Attività {number}",
            skills=["Cucina", "Aiuto compiti"],
        )
        shift(created, coordinator, days=3)
        shift(created, coordinator, days=4)


@pytest.mark.instants
def test_the_list_reads_its_data_in_a_fixed_number_of_queries(
    django_assert_num_queries, django_assert_max_num_queries
):
    # Free every morning: the shifts (10–12, in 3 and 4 days) fit on any day of the week, so
    # the filtered list shows rows whenever the test runs.
    mornings = [f"{weekday}-morning" for weekday in range(7)]
    person = volunteer(skills=["Cucina"], availability=mornings)
    viewer = client_of(person)
    filtered = {"skill": skill("Cucina").pk, "fits": "on"}
    _opportunities(2)
    viewer.get(LIST)
    with CaptureQueriesContext(connection) as captured:
        assert viewer.get(LIST).status_code == 200
    few = len(captured.captured_queries)
    # Each query string has its own cached filter options: compare warm pages with warm ones.
    viewer.get(LIST, filtered)
    with CaptureQueriesContext(connection) as captured:
        response = viewer.get(LIST, filtered)
    assert "Attività 1" in text_of(response)
    few_filtered = len(captured.captured_queries)
    _opportunities(10, start=2)
    viewer.get(LIST)
    with django_assert_num_queries(few):
        assert viewer.get(LIST).status_code == 200
    viewer.get(LIST, filtered)
    with django_assert_num_queries(few_filtered):
        response = viewer.get(LIST, filtered)
    assert "Attività 11" in text_of(response)
    # Filtering adds at most the one query of the skills it checks the choice against (the
    # unfiltered page takes the options it shows from their cached fragment).
    assert few_filtered <= few + 1


# --- An opportunity and its shifts ----------------------------------------------------------


def test_an_anonymous_visitor_is_asked_to_sign_in(client):
    desk, coordinator = opportunity()
    first = shift(desk, coordinator)
    content = text_of(client.get(desk.get_absolute_url()))
    assert "Accedi per iscriverti" in content
    response = client.post(reverse("volunteering:signup", args=[first.pk]))
    assert response.status_code == 302 and "/accedi/" in response["Location"]
    assert not Signup.objects.exists()


def test_an_unknown_opportunity_is_404(client):
    assert client.get("/volontariato/opportunita/999999/").status_code == 404


def test_without_a_profile_signing_up_leads_to_the_profile(resident_client):
    desk, coordinator = opportunity()
    first = shift(desk, coordinator)
    content = text_of(resident_client.get(desk.get_absolute_url()))
    assert "crea il tuo profilo di volontariato" in content
    response = resident_client.post(reverse("volunteering:signup", args=[first.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("volunteering:profile") + "?next=")
    assert not Signup.objects.exists()


def test_a_volunteer_signs_up_and_cancels(client):
    desk, coordinator = opportunity(title="Accoglienza")
    first = shift(desk, coordinator, days=5, capacity=2)
    person = volunteer()
    viewer = client_of(person)
    response = viewer.post(reverse("volunteering:signup", args=[first.pk]), follow=True)
    assert "Sei nel turno. Grazie!" in text_of(response)
    assert "Ci sei" in text_of(response)
    first.refresh_from_db()
    assert first.seats_taken == 1
    response = viewer.post(reverse("volunteering:signup_cancel", args=[first.pk]), follow=True)
    assert "Non sei più nel turno." in text_of(response)
    first.refresh_from_db()
    assert first.seats_taken == 0
    assert Signup.objects.get(volunteer=person).state == Signup.State.CANCELLED


def test_a_full_shift_offers_the_waitlist(client):
    desk, coordinator = opportunity()
    first = shift(desk, coordinator, capacity=1)
    services.signup_create(actor=volunteer(), shift=first)
    late = client_of(volunteer())
    page = text_of(late.get(desk.get_absolute_url())).replace("&#x27;", "'")
    assert "Al completo: lista d'attesa aperta" in page
    assert "Iscriviti alla lista d'attesa" in page
    response = late.post(reverse("volunteering:signup", args=[first.pk]), follow=True)
    assert "sei in lista d&#x27;attesa" in response.content.decode()
    assert Signup.objects.filter(state=Signup.State.WAITLISTED).count() == 1


def test_an_overlapping_shift_is_refused_naming_the_clash():
    desk, coordinator = opportunity(title="Accoglienza allo sportello")
    morning = shift(desk, coordinator, days=5, start=9, end=12)
    other, other_coordinator = opportunity(title="Aiuto compiti")
    clashing = shift(other, other_coordinator, days=5, start=11, end=13)
    person = volunteer()
    services.signup_create(actor=person, shift=morning)
    response = client_of(person).post(reverse("volunteering:signup", args=[clashing.pk]))
    assert response.status_code == 409
    content = text_of(response)
    assert "Si sovrappone al tuo turno “Accoglienza allo sportello”" in content
    assert "09:00" in content and "12:00" in content
    assert not Signup.objects.filter(shift=clashing).exists()


def test_below_the_minimum_age_the_sign_up_is_refused():
    desk, coordinator = opportunity(min_age=18)
    first = shift(desk, coordinator)
    young = volunteer(age_group="16_17")
    response = client_of(young).post(reverse("volunteering:signup", args=[first.pk]))
    assert response.status_code == 409
    assert "per volontari dai 18 anni in su" in text_of(response)
    assert not Signup.objects.exists()


def test_cancelling_after_the_deadline_is_refused():
    desk, coordinator = opportunity(cancel_hours=48)
    first = shift(desk, coordinator, days=1)
    person = volunteer()
    services.signup_create(actor=person, shift=first)
    viewer = client_of(person)
    page = text_of(viewer.get(desk.get_absolute_url()))
    assert "Ci sei" in page
    response = viewer.post(reverse("volunteering:signup_cancel", args=[first.pk]))
    assert response.status_code == 409
    assert "fino a 48 ore prima" in text_of(response)
    assert Signup.objects.get().state == Signup.State.CONFIRMED


def test_cancelling_a_shift_one_is_not_on_is_a_conflict():
    desk, coordinator = opportunity()
    first = shift(desk, coordinator)
    response = client_of(volunteer()).post(reverse("volunteering:signup_cancel", args=[first.pk]))
    assert response.status_code == 409
    assert "Non sei in questo turno." in text_of(response)


def test_signing_up_twice_is_a_conflict():
    desk, coordinator = opportunity()
    first = shift(desk, coordinator)
    person = volunteer()
    viewer = client_of(person)
    viewer.post(reverse("volunteering:signup", args=[first.pk]))
    response = viewer.post(reverse("volunteering:signup", args=[first.pk]))
    assert response.status_code == 409
    assert Signup.objects.count() == 1


def test_get_on_a_sign_up_is_not_allowed():
    desk, coordinator = opportunity()
    first = shift(desk, coordinator)
    assert (
        client_of(volunteer()).get(reverse("volunteering:signup", args=[first.pk])).status_code
        == 405
    )


# --- The profile ----------------------------------------------------------------------------


def profile_form(**changes) -> dict:
    values = {
        "age_group": "adult",
        "skills": [skill("Aiuto compiti").pk, skill("Cucina").pk],
        "tags": "chitarra, patente B",
        "languages": ["italiano", "arabo"],
        "other_languages": "berbero",
        "availability": ["1-morning", "3-afternoon"],
        "municipio": municipio(8).pk,
        "bio": "Insegnante in pensione.",
        "active": "on",
    }
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def test_a_resident_creates_a_volunteer_profile(resident, resident_client):
    page = resident_client.get(reverse("volunteering:profile"))
    assert page.status_code == 200
    assert "Diventa volontario" in text_of(page)
    response = resident_client.post(reverse("volunteering:profile"), profile_form())
    assert response.status_code == 302 and response["Location"] == reverse("volunteering:mine")
    profile = VolunteerProfile.objects.get(user=resident)
    assert {s.name for s in profile.skills.all()} == {"Aiuto compiti", "Cucina"}
    assert profile.languages == ["italiano", "arabo", "berbero"]
    assert profile.tags == ["chitarra", "patente B"]
    assert profile.municipio.number == 8
    edit = resident_client.get(reverse("volunteering:profile"))
    assert 'value="1-morning" id="slot-1-morning" checked' in edit.content.decode()


def test_the_profile_goes_back_where_the_volunteer_was(resident_client):
    target = "/volontariato/opportunita/1/"
    response = resident_client.post(
        reverse("volunteering:profile") + "?next=" + target, profile_form()
    )
    assert response["Location"] == target
    outside = resident_client.post(
        reverse("volunteering:profile") + "?next=//altrove.example/", profile_form()
    )
    assert outside["Location"] == reverse("volunteering:mine")


def test_a_profile_without_an_age_says_so_in_italian(resident, resident_client):
    response = resident_client.post(reverse("volunteering:profile"), profile_form(age_group=None))
    assert response.status_code == 422
    assert "Indica la tua età: il volontariato comincia a 14 anni." in text_of(response)
    assert not VolunteerProfile.objects.filter(user=resident).exists()


def test_a_bad_availability_slot_is_refused(resident, resident_client):
    response = resident_client.post(
        reverse("volunteering:profile"), profile_form(availability=["9-night"])
    )
    assert response.status_code == 422
    assert not VolunteerProfile.objects.filter(user=resident).exists()


def test_the_profile_needs_an_account(client):
    response = client.get(reverse("volunteering:profile"))
    assert response.status_code == 302 and "/accedi/" in response["Location"]


# --- My volunteering, hours and the certificate -------------------------------------------


def test_my_volunteering_needs_a_profile_first(resident_client):
    response = resident_client.get(reverse("volunteering:mine"))
    assert response["Location"] == reverse("volunteering:profile")


def test_my_volunteering_lists_shifts_suggestions_and_hours():
    desk, coordinator = opportunity(title="Accoglienza", skills=["Accoglienza e ascolto"])
    first = shift(desk, coordinator, days=4)
    person = volunteer(skills=["Accoglienza e ascolto"], languages=["arabo"])
    services.signup_create(actor=person, shift=first)
    other, other_coordinator = opportunity(
        title="Sportello in arabo", skills=["Accoglienza e ascolto"], languages=["arabo"]
    )
    shift(other, other_coordinator, days=6)
    content = text_of(client_of(person).get(reverse("volunteering:mine")))
    assert "I miei prossimi turni" in content and "Accoglienza" in content
    assert "Sportello in arabo" in content
    assert "parli arabo" in content


def test_logging_hours_then_they_wait_for_approval():
    space, coordinator = space_with_coordinator("WeMi Tre Castelli")
    person = volunteer()
    response = client_of(person).post(
        reverse("volunteering:hours_log"),
        {"space": space.pk, "day": day(-2).isoformat(), "hours": "2,5", "activity": "Volantini"},
    )
    assert response.status_code == 302
    entry = HourEntry.objects.get(volunteer=person)
    assert entry.state == HourEntry.State.PENDING and str(entry.hours) == "2.50"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"day": "tomorrow"}, "Inserisci una data valida."),
        ({"day": 3}, "non per un giorno che deve ancora venire"),
        ({"hours": "25"}, "Un giorno ha al massimo 24 ore."),
        ({"hours": "due"}, "Scrivi le ore come numero"),
        ({"hours": ""}, "Scrivi le ore."),
        ({"activity": ""}, "Scrivi che cosa hai fatto."),
        ({"space": ""}, "Scegli lo Spazio WeMi."),
    ],
)
def test_bad_hours_are_refused_next_to_the_field(values, message):
    space, _coordinator = space_with_coordinator()
    person = volunteer()
    data = {"space": space.pk, "day": day(-1).isoformat(), "hours": "2", "activity": "Turno"}
    data.update(values)
    if isinstance(data["day"], int):  # days from today, read when the test runs
        data["day"] = day(data["day"]).isoformat()
    response = client_of(person).post(reverse("volunteering:hours_log"), data)
    assert response.status_code == 422
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not HourEntry.objects.exists()


def test_more_than_24_hours_in_a_day_is_refused_over_several_entries():
    space, _coordinator = space_with_coordinator()
    person = volunteer()
    hours.hours_log(actor=person, space=space, day=day(-1), hours="20", activity="Festa")
    response = client_of(person).post(
        reverse("volunteering:hours_log"),
        {"space": space.pk, "day": day(-1).isoformat(), "hours": "5", "activity": "Pulizie"},
    )
    assert response.status_code == 422
    assert "sarebbero più di 24" in text_of(response)
    assert HourEntry.objects.count() == 1


def test_someone_without_a_profile_cannot_log_hours(resident_client):
    space, _coordinator = space_with_coordinator()
    response = resident_client.post(
        reverse("volunteering:hours_log"),
        {"space": space.pk, "day": day(-1).isoformat(), "hours": "2", "activity": "Turno"},
    )
    assert response.status_code == 403


def _approved_hours(person, space, coordinator, amount="3"):
    entry = hours.hours_log(
        actor=person, space=space, day=day(-3), hours=amount, activity="Accoglienza"
    )
    return hours.hours_review(actor=coordinator, entry=entry, approve=True)


def test_the_certificate_is_a_pdf_whose_code_verifies(client):
    space, coordinator = space_with_coordinator("WeMi Ornato")
    person = volunteer(display_name="Samira Haddad")
    _approved_hours(person, space, coordinator, "3")
    _approved_hours(person, space, coordinator, "1,5")
    viewer = client_of(person)
    summary = text_of(viewer.get(reverse("volunteering:mine")))
    assert "WeMi Ornato" in summary and "4,50" in summary
    response = viewer.get(reverse("volunteering:certificate"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    issued = Certificate.objects.get(holder=person)
    check = client.get(reverse("certificates:verify", args=[issued.code]))
    assert check.status_code == 200
    content = text_of(check)
    assert "Samira Haddad" in content and "4,5" in content
    # The same period asked again gives the same certificate, not a new code.
    viewer.get(reverse("volunteering:certificate"))
    assert Certificate.objects.filter(holder=person).count() == 1


def test_a_tampered_certificate_code_is_not_found_clearly(client):
    space, coordinator = space_with_coordinator()
    person = volunteer()
    _approved_hours(person, space, coordinator)
    client_of(person).get(reverse("volunteering:certificate"))
    code = Certificate.objects.get().code
    tampered = code[:-1] + ("A" if code[-1] != "A" else "B")
    response = client.get(reverse("certificates:verify", args=[tampered]))
    assert response.status_code == 404
    assert "non" in text_of(response).lower()


def test_no_certificate_without_approved_hours():
    person = volunteer()
    response = client_of(person).get(reverse("volunteering:certificate"))
    assert response.status_code == 409
    assert "Non ci sono ore approvate in questo periodo." in text_of(response)
    assert not Certificate.objects.exists()


def test_a_certificate_period_ending_before_it_starts_is_refused():
    space, coordinator = space_with_coordinator()
    person = volunteer()
    _approved_hours(person, space, coordinator)
    response = client_of(person).get(
        reverse("volunteering:certificate"),
        {"start": day(-1).isoformat(), "end": day(-10).isoformat()},
    )
    assert response.status_code == 422
    assert not Certificate.objects.exists()


def test_the_certificate_counts_only_the_chosen_space_and_period():
    first, first_coordinator = space_with_coordinator("WeMi Primo")
    second, second_coordinator = space_with_coordinator("WeMi Secondo")
    person = volunteer()
    _approved_hours(person, first, first_coordinator, "2")
    _approved_hours(person, second, second_coordinator, "5")
    response = client_of(person).get(reverse("volunteering:certificate"), {"space": first.pk})
    assert response.status_code == 200
    issued = Certificate.objects.get()
    assert issued.details["hours"] == "2.00"
    assert issued.issuer_name == "WeMi Primo"


# --- Invitations ----------------------------------------------------------------------------


def test_an_invited_volunteer_accepts_from_my_volunteering():
    desk, coordinator = opportunity(title="Festa di quartiere")
    first = shift(desk, coordinator)
    person = volunteer()
    invitation = services.invite(actor=coordinator, shift=first, volunteer=person)
    viewer = client_of(person)
    assert "Festa di quartiere" in text_of(viewer.get(reverse("volunteering:mine")))
    response = viewer.post(
        reverse("volunteering:invitation_answer", args=[invitation.pk]), {"answer": "accept"}
    )
    assert response.status_code == 302
    assert Signup.objects.get(volunteer=person, shift=first).state == Signup.State.CONFIRMED
    again = viewer.post(
        reverse("volunteering:invitation_answer", args=[invitation.pk]), {"answer": "decline"}
    )
    assert again.status_code == 409


def test_someone_else_cannot_answer_an_invitation():
    desk, coordinator = opportunity()
    first = shift(desk, coordinator)
    invitation = services.invite(actor=coordinator, shift=first, volunteer=volunteer())
    intruder = client_of(volunteer())
    response = intruder.post(
        reverse("volunteering:invitation_answer", args=[invitation.pk]), {"answer": "accept"}
    )
    assert response.status_code == 403
    assert not Signup.objects.exists()


# --- Offers of help -------------------------------------------------------------------------


def offer_form(**changes) -> dict:
    values = {
        "title": "Conversazione in italiano",
        "description": "Per chi sta imparando.",
        "skills": [skill("Insegnamento dell'italiano").pk],
        "municipio": municipio(8).pk,
        "availability": ["1-afternoon"],
    }
    values.update(changes)
    return values


def test_a_volunteer_publishes_an_offer_that_everyone_sees_without_their_name(client):
    person = volunteer(display_name="Nadia Amrani", email="nadia@example.org")
    response = client_of(person).post(reverse("volunteering:offer_new"), offer_form())
    offer = VolunteerOffer.objects.get()
    assert response["Location"] == offer.get_absolute_url()
    listing = text_of(client.get(reverse("volunteering:offers")))
    assert "Conversazione in italiano" in listing
    page = text_of(client.get(offer.get_absolute_url()))
    assert "martedì pomeriggio" in page
    for content in (listing, page):
        assert "Nadia" not in content and "nadia@example.org" not in content


def test_an_offer_without_a_title_is_refused(resident_client):
    person = volunteer()
    response = client_of(person).post(reverse("volunteering:offer_new"), offer_form(title=""))
    assert response.status_code == 422
    assert "Scrivi in poche parole che cosa offri." in text_of(response)
    assert not VolunteerOffer.objects.exists()


def test_offering_help_needs_a_profile(resident_client):
    response = resident_client.get(reverse("volunteering:offer_new"))
    assert response.status_code == 302 and "profilo" in response["Location"]


def test_only_its_volunteer_withdraws_an_offer(client):
    person = volunteer()
    client_of(person).post(reverse("volunteering:offer_new"), offer_form())
    offer = VolunteerOffer.objects.get()
    url = reverse("volunteering:offer_withdraw", args=[offer.pk])
    assert client_of(volunteer()).post(url).status_code == 403
    assert client_of(person).post(url).status_code == 302
    offer.refresh_from_db()
    assert offer.state == VolunteerOffer.State.WITHDRAWN
    # Withdrawn: gone for the public, still there for its author.
    assert client.get(offer.get_absolute_url()).status_code == 404
    assert client_of(person).get(offer.get_absolute_url()).status_code == 200
    assert "Conversazione" not in client.get(reverse("volunteering:offers")).content.decode()


# --- Found elsewhere ------------------------------------------------------------------------


def test_search_finds_opportunities(client):
    desk, coordinator = opportunity(title="Facilitazione digitale per lo SPID")
    shift(desk, coordinator)
    content = client.get("/cerca/", {"q": "SPID"}).content.decode()
    assert "Facilitazione digitale per lo SPID" in content
    assert desk.get_absolute_url() in content


def test_the_space_page_shows_its_volunteering(client):
    space, coordinator = space_with_coordinator("WeMi Lorenteggio")
    desk, _ = opportunity(space=space, coordinator=coordinator, title="Sportello del martedì")
    shift(desk, coordinator)
    content = text_of(client.get(space.url))
    assert "Fai volontariato con noi" in content
    assert "Sportello del martedì" in content


def test_the_english_list(client):
    desk, coordinator = opportunity()
    shift(desk, coordinator)
    content = client.get("/en" + LIST).content.decode()
    assert '<html lang="en">' in content and "Find an opportunity" in content


def test_pages_in_the_past_are_not_listed_but_their_hours_stay(client):
    desk, coordinator = opportunity(title="Solo nel passato")
    first = shift(desk, coordinator)
    person = volunteer()
    services.signup_create(actor=person, shift=first)
    move_to_the_past(first)
    assert "Solo nel passato" not in client.get(LIST).content.decode()
    hours.attendance_confirm(
        actor=coordinator, signup=Signup.objects.get(volunteer=person), attended=True
    )
    assert HourEntry.objects.get(volunteer=person).state == HourEntry.State.APPROVED
