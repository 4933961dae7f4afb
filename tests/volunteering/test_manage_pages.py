"""The coordinators' volunteering pages: publishing an opportunity and its shifts, the roster
(attendance, suggestions, invitations), approving hours, the CSV and the City's report, taking
up an offer of help; bad input and another space's coordinator."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event
from tests.factories import municipio
from tests.participation.moderation_helpers import city_staff
from tests.volunteering.helpers import (
    day,
    move_to_the_past,
    opportunity,
    shift,
    skill,
    space_with_coordinator,
    start_now,
    volunteer,
)
from volunteering import hours, offers, services, slots
from volunteering.models import (
    HourEntry,
    Invitation,
    Opportunity,
    Shift,
    Signup,
    VolunteerOffer,
)
from wemi_community.notifications.models import Notification

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode()).replace("&#x27;", "'")


def opportunity_form(**changes) -> dict:
    values = {
        "title": "Accoglienza del sabato",
        "description": "Accogliere chi arriva.",
        "skills": [skill("Accoglienza e ascolto").pk],
        "languages": "arabo, inglese",
        "commitment": "regular",
        "min_age": "16",
        "cancel_hours": "24",
    }
    values.update(changes)
    return values


def shift_form(**changes) -> dict:
    values = {
        "date": day(7).isoformat(),
        "start_time": "09:00",
        "end_time": "12:30",
        "capacity": "3",
        "place": "Ingresso",
        "skills": [skill("Accoglienza e ascolto").pk],
    }
    values.update(changes)
    return values


# --- Publishing -----------------------------------------------------------------------------


def test_a_coordinator_publishes_an_opportunity_then_its_shifts():
    space, coordinator = space_with_coordinator("WeMi Gratosoglio")
    client = client_of(coordinator)
    assert client.get(reverse("volunteering:opportunity_create")).status_code == 200
    response = client.post(
        reverse("volunteering:opportunity_create"), opportunity_form(space=space.pk)
    )
    created = Opportunity.objects.get()
    assert response["Location"] == created.get_absolute_url() + "#nuovo-turno"
    assert created.space == space and created.min_age == 16
    assert created.languages == ["arabo", "inglese"]
    response = client.post(reverse("volunteering:shift_add", args=[created.pk]), shift_form())
    assert response.status_code == 302
    added = Shift.objects.get()
    assert added.capacity == 3 and added.place == "Ingresso"
    assert added.slots == slots.shift_mask(added.starts_at, added.ends_at) != 0
    page = text_of(client.get(created.get_absolute_url()))
    assert "Elenco del turno (0/3)" in page


def test_an_opportunity_without_a_title_is_refused_in_italian():
    space, coordinator = space_with_coordinator()
    response = client_of(coordinator).post(
        reverse("volunteering:opportunity_create"), opportunity_form(space=space.pk, title="")
    )
    assert response.status_code == 422
    assert "Dai un titolo all'attività." in text_of(response)
    assert not Opportunity.objects.exists()


def test_a_coordinator_cannot_publish_for_another_space():
    _mine, coordinator = space_with_coordinator()
    other, _other_coordinator = space_with_coordinator()
    response = client_of(coordinator).post(
        reverse("volunteering:opportunity_create"), opportunity_form(space=other.pk)
    )
    assert response.status_code == 422
    assert not Opportunity.objects.exists()


def test_a_resident_cannot_publish(resident_client):
    assert resident_client.get(reverse("volunteering:opportunity_create")).status_code == 403


def test_editing_an_opportunity():
    created, coordinator = opportunity(title="Prima")
    client = client_of(coordinator)
    url = reverse("volunteering:opportunity_edit", args=[created.pk])
    assert 'value="Prima"' in client.get(url).content.decode()
    response = client.post(url, opportunity_form(title="Dopo"))
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.title == "Dopo"
    other_space, other = space_with_coordinator()
    assert client_of(other).post(url, opportunity_form(title="Rubata")).status_code == 403
    created.refresh_from_db()
    assert created.title == "Dopo"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start_time": "12:00", "end_time": "09:00"}, "Il turno deve finire dopo l'inizio."),
        ({"start_time": "10:00", "end_time": "10:00"}, "Il turno deve finire dopo l'inizio."),
        ({"capacity": "0"}, "Da 1 a 200 volontari."),
        ({"capacity": "-3"}, "Da 1 a 200 volontari."),
        ({"capacity": "tanti"}, "Scrivi un numero intero."),
        ({"date": day(-2).isoformat()}, "Scegli un inizio nel futuro."),
        ({"date": ""}, "Scegli il giorno."),
        ({"date": "2026-02-31"}, "Inserisci una data valida."),
    ],
)
def test_bad_shifts_are_refused_next_to_the_field(changes, message):
    created, coordinator = opportunity()
    response = client_of(coordinator).post(
        reverse("volunteering:shift_add", args=[created.pk]), shift_form(**changes)
    )
    assert response.status_code == 422
    assert message in text_of(response)
    assert not Shift.objects.exists()


def test_another_spaces_coordinator_cannot_add_shifts():
    created, _coordinator = opportunity()
    _space, other = space_with_coordinator()
    response = client_of(other).post(
        reverse("volunteering:shift_add", args=[created.pk]), shift_form()
    )
    assert response.status_code == 403
    assert not Shift.objects.exists()


def test_cancelling_a_shift_tells_its_volunteers():
    created, coordinator = opportunity(title="Festa")
    planned = shift(created, coordinator)
    person = volunteer()
    services.signup_create(actor=person, shift=planned)
    response = client_of(coordinator).post(reverse("volunteering:shift_cancel", args=[planned.pk]))
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.cancelled_at is not None
    assert Notification.objects.filter(
        recipient=person, kind="volunteering.shift_cancelled"
    ).exists()
    again = client_of(coordinator).post(reverse("volunteering:shift_cancel", args=[planned.pk]))
    assert again.status_code == 409


# --- The roster -----------------------------------------------------------------------------


def test_the_roster_shows_who_signed_up_with_their_contact():
    created, coordinator = opportunity()
    planned = shift(created, coordinator, capacity=3)
    person = volunteer(
        display_name="Chiara Bassi", email="chiara@example.org", languages=["inglese"]
    )
    services.signup_create(actor=person, shift=planned)
    content = text_of(client_of(coordinator).get(reverse("volunteering:roster", args=[planned.pk])))
    assert "Chiara Bassi" in content and "chiara@example.org" in content
    assert "Parla inglese" in content
    # Attendance waits for the shift to start.
    assert 'name="came"' not in content


def test_the_roster_suggests_volunteers_and_invites_them():
    space, coordinator = space_with_coordinator(municipio=8)
    created, _ = opportunity(
        space=space, coordinator=coordinator, skills=["Aiuto compiti"], title="Compiti"
    )
    planned = shift(created, coordinator, capacity=2)
    weekday = planned.starts_at.astimezone().weekday()
    good = volunteer(
        display_name="Marco Aiuto",
        skills=["Aiuto compiti"],
        availability=[f"{weekday}-morning"],
        municipio_number=8,
    )
    client = client_of(coordinator)
    content = text_of(client.get(reverse("volunteering:roster", args=[planned.pk])))
    assert "Marco Aiuto" in content
    assert "sa fare: Aiuto compiti" in content and "abita nel Municipio 8" in content
    response = client.post(
        reverse("volunteering:invite", args=[planned.pk]), {"volunteer": good.pk}
    )
    assert response.status_code == 302
    assert Invitation.objects.get().volunteer == good
    assert Notification.objects.filter(recipient=good, kind="volunteering.invited").exists()
    after = text_of(client.get(reverse("volunteering:roster", args=[planned.pk])))
    assert "In attesa di risposta" in after
    again = client.post(reverse("volunteering:invite", args=[planned.pk]), {"volunteer": good.pk})
    assert again.status_code == 409
    assert Invitation.objects.count() == 1


def test_inviting_someone_without_a_profile_is_refused(resident):
    created, coordinator = opportunity()
    planned = shift(created, coordinator)
    response = client_of(coordinator).post(
        reverse("volunteering:invite", args=[planned.pk]), {"volunteer": resident.pk}
    )
    assert response.status_code == 409
    assert "non ha un profilo di volontariato attivo" in text_of(response)
    assert not Invitation.objects.exists()


def test_confirming_attendance_logs_the_hours():
    created, coordinator = opportunity(title="Sportello")
    planned = shift(created, coordinator, start=(9, 0), end=(12, 30))
    came, missed = volunteer(), volunteer()
    services.signup_create(actor=came, shift=planned)
    services.signup_create(actor=missed, shift=planned)
    move_to_the_past(planned)
    client = client_of(coordinator)
    roster = reverse("volunteering:roster", args=[planned.pk])
    assert 'name="came"' in client.get(roster).content.decode()
    first, second = (Signup.objects.get(volunteer=person) for person in (came, missed))
    client.post(reverse("volunteering:attendance", args=[planned.pk, first.pk]), {"came": "yes"})
    client.post(reverse("volunteering:attendance", args=[planned.pk, second.pk]), {"came": "no"})
    entry = HourEntry.objects.get()
    assert entry.volunteer == came and str(entry.hours) == "3.50"
    assert entry.state == HourEntry.State.APPROVED
    again = client.post(
        reverse("volunteering:attendance", args=[planned.pk, first.pk]), {"came": "yes"}
    )
    assert again.status_code == 409
    assert HourEntry.objects.count() == 1
    # The opportunity's page leads the coordinator to the past shift.
    page = text_of(client.get(created.get_absolute_url()))
    assert "Turni passati: chi c'era" in page


def test_attendance_before_the_shift_starts_is_a_conflict():
    created, coordinator = opportunity()
    planned = shift(created, coordinator)
    services.signup_create(actor=volunteer(), shift=planned)
    signup = Signup.objects.get()
    response = client_of(coordinator).post(
        reverse("volunteering:attendance", args=[planned.pk, signup.pk]), {"came": "yes"}
    )
    assert response.status_code == 409
    assert not HourEntry.objects.exists()


def test_attendance_of_a_shift_under_way_is_accepted():
    created, coordinator = opportunity()
    planned = shift(created, coordinator)
    services.signup_create(actor=volunteer(), shift=planned)
    start_now(planned)
    signup = Signup.objects.get()
    response = client_of(coordinator).post(
        reverse("volunteering:attendance", args=[planned.pk, signup.pk]), {"came": "yes"}
    )
    assert response.status_code == 302
    assert HourEntry.objects.count() == 1


# --- Hours to approve -----------------------------------------------------------------------


def _pending(space, person=None, amount="2"):
    return hours.hours_log(
        actor=person or volunteer(),
        space=space,
        day=day(-2),
        hours=amount,
        activity="Volantini",
    )


def test_the_hours_to_review_are_read_by_the_spaces_ids_not_a_permission_subquery():
    """PostgreSQL cannot tell how few spaces a permission subquery yields, and with a city's
    hours it then reads every pending hour: the page asks for the spaces' ids first."""
    space, coordinator = space_with_coordinator()
    _pending(space)
    client = client_of(coordinator)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("volunteering:hours_review")).status_code == 200
    hour_reads = [
        q["sql"] for q in queries.captured_queries if 'FROM "volunteering_hourentry"' in q["sql"]
    ]
    assert hour_reads
    assert not [sql for sql in hour_reads if "guardian" in sql.lower()]


def test_the_coordinator_approves_and_rejects_with_a_reason():
    space, coordinator = space_with_coordinator()
    first, second = _pending(space), _pending(space)
    client = client_of(coordinator)
    page = text_of(client.get(reverse("volunteering:hours_review")))
    assert page.count("Volantini") == 2
    client.post(reverse("volunteering:hours_decide", args=[first.pk]), {"decision": "approve"})
    first.refresh_from_db()
    assert first.state == HourEntry.State.APPROVED
    assert Notification.objects.filter(
        recipient=first.volunteer, kind="volunteering.hours_approved"
    ).exists()
    refused = client.post(
        reverse("volunteering:hours_decide", args=[second.pk]), {"decision": "reject"}
    )
    assert refused.status_code == 422
    assert "Scrivi perché, così il volontario capisce." in text_of(refused)
    second.refresh_from_db()
    assert second.state == HourEntry.State.PENDING
    client.post(
        reverse("volunteering:hours_decide", args=[second.pk]),
        {"decision": "reject", "reason": "Quel giorno lo spazio era chiuso."},
    )
    second.refresh_from_db()
    assert second.state == HourEntry.State.REJECTED
    assert second.rejection_reason == "Quel giorno lo spazio era chiuso."
    twice = client.post(
        reverse("volunteering:hours_decide", args=[second.pk]), {"decision": "approve"}
    )
    assert twice.status_code == 409


def test_another_spaces_coordinator_cannot_approve_hours():
    space, _coordinator = space_with_coordinator()
    entry = _pending(space)
    _other_space, other = space_with_coordinator()
    client = client_of(other)
    assert "Volantini" not in client.get(reverse("volunteering:hours_review")).content.decode()
    response = client.post(
        reverse("volunteering:hours_decide", args=[entry.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.state == HourEntry.State.PENDING


def test_city_staff_approve_any_spaces_hours():
    space, _coordinator = space_with_coordinator()
    entry = _pending(space)
    response = client_of(city_staff()).post(
        reverse("volunteering:hours_decide", args=[entry.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == HourEntry.State.APPROVED


# --- The CSV and the City's report ----------------------------------------------------------


def _approved(space, coordinator, *, name, amount, days_ago):
    person = volunteer(display_name=name)
    entry = hours.hours_log(
        actor=person, space=space, day=day(-days_ago), hours=amount, activity="Sportello"
    )
    hours.hours_review(actor=coordinator, entry=entry, approve=True)
    return person


def test_the_csv_holds_the_coordinators_spaces_in_the_period():
    space, coordinator = space_with_coordinator("WeMi Mio")
    other, other_coordinator = space_with_coordinator("WeMi Altro")
    _approved(space, coordinator, name="Anna Recente", amount="2", days_ago=3)
    _approved(space, coordinator, name="Bruno Vecchio", amount="4", days_ago=40)
    _approved(other, other_coordinator, name="Carla Altrove", amount="1", days_ago=3)
    response = client_of(coordinator).get(
        reverse("volunteering:hours_export"), {"start": day(-10).isoformat()}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["spazio", "volontario", "giorno", "ore", "attività"]
    assert [row[1] for row in rows[1:]] == ["Anna Recente"]
    assert rows[1][3] == "2,00"


def test_the_csv_with_a_period_ending_before_it_starts_is_refused():
    _space, coordinator = space_with_coordinator()
    response = client_of(coordinator).get(
        reverse("volunteering:hours_export"),
        {"start": day(-1).isoformat(), "end": day(-9).isoformat()},
    )
    assert response.status_code == 422


def test_a_formula_in_a_name_stays_text_in_the_csv():
    space, coordinator = space_with_coordinator()
    _approved(space, coordinator, name="=HYPERLINK(1)", amount="1", days_ago=2)
    response = client_of(coordinator).get(reverse("volunteering:hours_export"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert not rows[1][1].startswith("=")


def test_the_citys_report_counts_hours_per_space():
    north, north_coordinator = space_with_coordinator("WeMi Nord")
    south, south_coordinator = space_with_coordinator("WeMi Sud")
    _approved(north, north_coordinator, name="Uno", amount="2", days_ago=3)
    _approved(north, north_coordinator, name="Due", amount="1,5", days_ago=4)
    _approved(south, south_coordinator, name="Tre", amount="4", days_ago=5)
    staff = client_of(city_staff())
    content = text_of(staff.get(reverse("volunteering:report")))
    rows = {
        title: (volunteers, amount)
        for title, volunteers, amount in re.findall(
            r'<th scope="row">([^<]+)</th><td class="text-end">(\d*)</td>'
            r'<td class="text-end">(?:<strong>)?([\d,]+)',
            content,
        )
    }
    assert rows["WeMi Nord"] == ("2", "3,50")
    assert rows["WeMi Sud"] == ("1", "4")
    assert "7,50" in content
    # A coordinator sees only their own spaces.
    own = text_of(client_of(south_coordinator).get(reverse("volunteering:report")))
    assert "WeMi Sud" in own and "WeMi Nord" not in own


def test_a_resident_sees_no_report(resident_client):
    assert resident_client.get(reverse("volunteering:report")).status_code == 403
    assert resident_client.get(reverse("volunteering:hours_export")).status_code == 403


# --- Offers of help taken up ----------------------------------------------------------------


def _offer(**changes):
    person = volunteer(display_name="Nadia Amrani")
    data = {
        "title": "Conversazione in italiano",
        "description": "Per chi sta imparando.",
        "skills": [skill("Insegnamento dell'italiano")],
        "municipio": municipio(8),
        "availability": slots.mask_of(["1-afternoon"]),
    }
    data.update(changes)
    return offers.offer_publish(actor=person, data=data), person


def test_a_coordinator_takes_up_an_offer_as_an_opportunity():
    offer, person = _offer()
    space, coordinator = space_with_coordinator()
    client = client_of(coordinator)
    page = text_of(client.get(offer.get_absolute_url()))
    assert "Nadia Amrani" in page and "Accoglila" in page
    # The event's form there has no picture to upload (the take-up posts no files).
    assert 'name="image"' not in page and 'name="start_time"' in page
    response = client.post(
        reverse("volunteering:offer_take_up", args=[offer.pk]),
        {"as": "opportunity", **opportunity_form(space=space.pk, title=offer.title)},
    )
    created = Opportunity.objects.get()
    assert response["Location"] == created.get_absolute_url()
    assert created.from_offer == offer and created.space == space
    offer.refresh_from_db()
    assert offer.state == VolunteerOffer.State.TAKEN and offer.taken_by == space
    assert Notification.objects.filter(recipient=person, kind="volunteering.offer_taken").exists()
    again = client.post(
        reverse("volunteering:offer_take_up", args=[offer.pk]),
        {"as": "opportunity", **opportunity_form(space=space.pk)},
    )
    assert again.status_code == 409
    assert Opportunity.objects.count() == 1


def test_a_coordinator_takes_up_an_offer_as_an_event_organised_by_the_volunteer():
    offer, person = _offer()
    space, coordinator = space_with_coordinator()
    event_form = {
        "as": "event",
        "space": space.pk,
        "title": "Conversazione in italiano",
        "description": "Per chi sta imparando.",
        "category": "workshop",
        "audience": "everyone",
        "place_kind": "space",
        "date": day(9).isoformat(),
        "start_time": "15:00",
        "end_time": "16:30",
        "repeat": "once",
        "interval": "1",
        "registration_required": "on",
        "capacity": "10",
        "max_seats_per_registration": "1",
        "price": "0",
        "organiser_kind": "space",
    }
    response = client_of(coordinator).post(
        reverse("volunteering:offer_take_up", args=[offer.pk]), event_form
    )
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.space == space
    assert event.organiser_kind == "volunteers" and event.organiser_name == "Nadia Amrani"
    offer.refresh_from_db()
    assert offer.event == event and offer.state == VolunteerOffer.State.TAKEN


def test_a_bad_take_up_form_keeps_the_offer_open():
    offer, _person = _offer()
    space, coordinator = space_with_coordinator()
    response = client_of(coordinator).post(
        reverse("volunteering:offer_take_up", args=[offer.pk]),
        {"as": "opportunity", **opportunity_form(space=space.pk, title="")},
    )
    assert response.status_code == 422
    assert "Dai un titolo all'attività." in text_of(response)
    offer.refresh_from_db()
    assert offer.state == VolunteerOffer.State.OPEN
    assert not Opportunity.objects.exists()


def test_a_resident_cannot_take_up_an_offer(resident_client):
    offer, _person = _offer()
    response = resident_client.post(
        reverse("volunteering:offer_take_up", args=[offer.pk]), {"as": "opportunity"}
    )
    assert response.status_code == 403
    offer.refresh_from_db()
    assert offer.state == VolunteerOffer.State.OPEN


def test_the_admin_menu_leads_city_staff_to_the_report():
    content = client_of(city_staff()).get("/admin/").content.decode()
    assert reverse("volunteering:report") in content
