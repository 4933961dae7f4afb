"""Who may do what in volunteering, as a matrix over the pages: the public, a resident without
a profile, the volunteer, another volunteer, the space's coordinator, another space's
coordinator, city staff. Then the personal data each of them sees."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.participation.moderation_helpers import city_staff
from tests.volunteering.helpers import (
    day,
    opportunity,
    shift,
    space_with_coordinator,
    volunteer,
)
from volunteering import hours, offers, permissions, services
from volunteering.models import HourEntry, VolunteerOffer

pytestmark = pytest.mark.django_db

ROLES = ("public", "resident", "volunteer", "other_volunteer", "coordinator", "other", "staff")


@pytest.fixture
def world():
    space, coordinator = space_with_coordinator("WeMi Matrice")
    _other_space, other_coordinator = space_with_coordinator("WeMi Altrove")
    created, _ = opportunity(space=space, coordinator=coordinator, title="Accoglienza")
    planned = shift(created, coordinator)
    person = volunteer(display_name="Lucia Privata", email="lucia@example.org", bio="Bio riservata")
    services.signup_create(actor=person, shift=planned)
    entry = hours.hours_log(actor=person, space=space, day=day(-2), hours="2", activity="Volantini")
    offer = offers.offer_publish(
        actor=person,
        data={"title": "Ripetizioni di matematica", "description": "", "availability": 0},
    )
    people = {
        "public": None,
        "resident": UserFactory(),
        "volunteer": person,
        "other_volunteer": volunteer(),
        "coordinator": coordinator,
        "other": other_coordinator,
        "staff": city_staff(),
    }
    return {
        "people": people,
        "opportunity": created,
        "shift": planned,
        "entry": entry,
        "offer": offer,
        "person": person,
    }


def client_for(world, role) -> Client:
    client = Client()
    if world["people"][role] is not None:
        client.force_login(world["people"][role])
    return client


LOGIN = "login"

# page → expected status per role (LOGIN: redirected to sign in).
GET_MATRIX = {
    "list": dict.fromkeys(ROLES, 200),
    "opportunity": dict.fromkeys(ROLES, 200),
    "offers": dict.fromkeys(ROLES, 200),
    "offer": dict.fromkeys(ROLES, 200),
    "profile": {**dict.fromkeys(ROLES, 200), "public": LOGIN},
    "create": {
        "public": LOGIN,
        "resident": 403,
        "volunteer": 403,
        "other_volunteer": 403,
        "coordinator": 200,
        "other": 200,
        "staff": 200,
    },
    "edit": {
        "public": LOGIN,
        "resident": 403,
        "volunteer": 403,
        "other_volunteer": 403,
        "coordinator": 200,
        "other": 403,
        "staff": 200,
    },
    "roster": {
        "public": LOGIN,
        "resident": 403,
        "volunteer": 403,
        "other_volunteer": 403,
        "coordinator": 200,
        "other": 403,
        "staff": 200,
    },
    "volunteer": {
        "public": LOGIN,
        "resident": 403,
        "volunteer": 200,
        "other_volunteer": 403,
        "coordinator": 200,
        "other": 403,
        "staff": 200,
    },
    "review": {
        "public": LOGIN,
        "resident": 403,
        "volunteer": 403,
        "other_volunteer": 403,
        "coordinator": 200,
        "other": 200,
        "staff": 200,
    },
    "report": {
        "public": LOGIN,
        "resident": 403,
        "volunteer": 403,
        "other_volunteer": 403,
        "coordinator": 200,
        "other": 200,
        "staff": 200,
    },
    "export": {
        "public": LOGIN,
        "resident": 403,
        "volunteer": 403,
        "other_volunteer": 403,
        "coordinator": 200,
        "other": 200,
        "staff": 200,
    },
}


def url_of(world, page: str) -> str:
    return {
        "list": reverse("volunteering:list"),
        "opportunity": world["opportunity"].get_absolute_url(),
        "offers": reverse("volunteering:offers"),
        "offer": world["offer"].get_absolute_url(),
        "profile": reverse("volunteering:profile"),
        "create": reverse("volunteering:opportunity_create"),
        "edit": reverse("volunteering:opportunity_edit", args=[world["opportunity"].pk]),
        "roster": reverse("volunteering:roster", args=[world["shift"].pk]),
        "volunteer": reverse("volunteering:volunteer", args=[world["person"].pk]),
        "review": reverse("volunteering:hours_review"),
        "report": reverse("volunteering:report"),
        "export": reverse("volunteering:hours_export"),
    }[page]


@pytest.mark.parametrize("page", list(GET_MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_each_page(world, page, role):
    response = client_for(world, role).get(url_of(world, page))
    expected = GET_MATRIX[page][role]
    if expected == LOGIN:
        assert response.status_code == 302 and "/accedi/" in response["Location"]
    else:
        assert response.status_code == expected


# Approving the volunteer's hours: only the space's coordinator and city staff.
APPROVE = {
    "public": LOGIN,
    "resident": 403,
    "volunteer": 403,
    "other_volunteer": 403,
    "coordinator": 302,
    "other": 403,
    "staff": 302,
}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_approve_hours(world, role):
    entry = world["entry"]
    response = client_for(world, role).post(
        reverse("volunteering:hours_decide", args=[entry.pk]), {"decision": "approve"}
    )
    entry.refresh_from_db()
    if APPROVE[role] == LOGIN:
        assert response.status_code == 302 and "/accedi/" in response["Location"]
        assert entry.state == HourEntry.State.PENDING
    else:
        assert response.status_code == APPROVE[role]
        approved = APPROVE[role] == 302
        assert (entry.state == HourEntry.State.APPROVED) is approved


WITHDRAW = {
    "public": LOGIN,
    "resident": 403,
    "volunteer": 302,
    "other_volunteer": 403,
    "coordinator": 403,
    "other": 403,
    "staff": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_volunteer_withdraws_their_offer(world, role):
    offer = world["offer"]
    response = client_for(world, role).post(reverse("volunteering:offer_withdraw", args=[offer.pk]))
    offer.refresh_from_db()
    if WITHDRAW[role] == LOGIN:
        assert "/accedi/" in response["Location"]
    else:
        assert response.status_code == WITHDRAW[role]
    withdrawn = WITHDRAW[role] == 302
    assert (offer.state == VolunteerOffer.State.WITHDRAWN) is withdrawn


# --- Personal data --------------------------------------------------------------------------

PRIVATE = ("Lucia Privata", "lucia@example.org", "Bio riservata")


@pytest.mark.parametrize("role", ["public", "resident", "other_volunteer", "other"])
def test_the_public_pages_show_no_personal_data(world, role):
    client = client_for(world, role)
    # Any coordinator may take an offer up, so sees who offers it (below).
    pages = ("list", "opportunity", "offers") + (("offer",) if role != "other" else ())
    for page in pages:
        content = client.get(url_of(world, page)).content.decode()
        for private in PRIVATE:
            assert private not in content, (page, private)


def test_any_coordinator_sees_who_offers_help_but_not_their_profile(world):
    client = client_for(world, "other")
    offer = client.get(url_of(world, "offer")).content.decode()
    assert "Lucia Privata" in offer and "lucia@example.org" in offer
    assert "Bio riservata" not in offer


@pytest.mark.parametrize("role", ["coordinator", "staff"])
def test_the_spaces_coordinators_see_the_volunteer(world, role):
    client = client_for(world, role)
    roster = client.get(url_of(world, "roster")).content.decode()
    assert "Lucia Privata" in roster and "lucia@example.org" in roster
    profile = client.get(url_of(world, "volunteer")).content.decode()
    assert "Bio riservata" in profile
    offer = client.get(url_of(world, "offer")).content.decode()
    assert "lucia@example.org" in offer


def coordinator_who_volunteers():
    """A coordinator with a volunteer profile, volunteering at their own space."""
    space, coordinator = space_with_coordinator()
    services.profile_save(
        actor=coordinator,
        data={"age_group": "adult", "skills": [], "languages": [], "availability": 0},
    )
    return space, coordinator


def test_a_coordinator_does_not_approve_their_own_hours():
    space, coordinator = coordinator_who_volunteers()
    entry = hours.hours_log(
        actor=coordinator, space=space, day=day(-1), hours="3", activity="Mio turno"
    )
    assert not permissions.can_review_hours(coordinator, entry)
    client = Client()
    client.force_login(coordinator)
    assert "Mio turno" not in client.get(reverse("volunteering:hours_review")).content.decode()
    response = client.post(
        reverse("volunteering:hours_decide", args=[entry.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.state == HourEntry.State.PENDING
    # City staff may.
    assert permissions.can_review_hours(city_staff(), entry)


def test_a_coordinator_does_not_confirm_their_own_attendance():
    space, coordinator = coordinator_who_volunteers()
    created, _ = opportunity(space=space, coordinator=coordinator)
    planned = shift(created, coordinator)
    signup = services.signup_create(actor=coordinator, shift=planned)
    assert not permissions.can_confirm_attendance(coordinator, signup)
    assert permissions.can_confirm_attendance(city_staff(), signup)
