"""The profile page: editing, the Municipio/NIL pickers, the language switch, query cost."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory, municipio, nil_in
from wemi_community.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PROFILE = "/account/profilo/"


def profile_data(**overrides):
    return {
        "display_name": "Giulia",
        "nickname": "giulia",
        "first_name": "",
        "last_name": "",
        "municipio": "",
        "nil": "",
        "household_size": "3",
        "preferred_language": "it",
        "notification_preference": "digest",
    } | overrides


def test_profile_page_costs_a_bounded_number_of_queries(
    resident_client, resident, django_assert_max_num_queries
):
    resident.municipio = municipio(2)
    resident.nil = nil_in(2)
    resident.save()
    # The layout's own queries belong to the layout: measure them on a page with the same
    # layout and no form data, so this test guards only what the profile adds.
    with CaptureQueriesContext(connection) as layout:
        resident_client.get("/account/password/cambia/")
    # The two pickers, one query each: the NIL list with its Municipi, not one per NIL.
    with django_assert_max_num_queries(len(layout) + 2):
        response = resident_client.get(PROFILE)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["municipio"] == resident.municipio_id
    assert f'<option value="{resident.nil_id}" selected' in response.text
    assert 'autocomplete="given-name"' in response.text


def test_saving_the_profile(resident_client, resident):
    place = nil_in(5)
    response = resident_client.post(
        PROFILE,
        profile_data(
            display_name="Giulia B.",
            first_name="Giulia",
            municipio=str(municipio(5).pk),
            nil=str(place.pk),
        ),
    )
    assert response.status_code == 302
    assert response.url == PROFILE
    resident.refresh_from_db()
    assert resident.display_name == "Giulia B."
    assert resident.first_name == "Giulia"
    assert resident.nil == place
    assert resident.household_size == 3
    assert resident.notification_preference == "digest"
    assert AuditEntry.objects.filter(action="account.profile_updated", actor=resident).exists()
    # No language change, no language cookie.
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_nil_outside_the_chosen_municipio_is_a_field_error(resident_client, resident):
    response = resident_client.post(
        PROFILE, profile_data(municipio=str(municipio(1).pk), nil=str(nil_in(9).pk))
    )
    assert response.status_code == 200
    assert response.context["form"].errors["nil"]
    resident.refresh_from_db()
    assert resident.municipio is None and resident.nil is None


def test_a_nil_alone_fills_in_its_municipio(resident_client, resident):
    resident_client.post(PROFILE, profile_data(nil=str(nil_in(4).pk)))
    resident.refresh_from_db()
    assert resident.municipio == municipio(4)


@pytest.mark.parametrize("size", ["0", "21", "-1", "tre"])
def test_household_size_must_be_between_1_and_20(resident_client, resident, size):
    response = resident_client.post(PROFILE, profile_data(household_size=size))
    assert response.status_code == 200
    assert response.context["form"].errors["household_size"]
    resident.refresh_from_db()
    assert resident.household_size == 1


def test_an_invalid_submission_does_not_touch_the_signed_in_user(resident_client, resident):
    response = resident_client.post(
        PROFILE, profile_data(display_name="Nuovo nome", household_size="0")
    )
    assert response.context["user"].display_name == "Giulia"


def test_changing_language_redirects_to_the_profile_in_that_language(resident_client, resident):
    response = resident_client.post(PROFILE, profile_data(preferred_language="en"))
    assert response.status_code == 302
    assert response.url == "/en/account/profilo/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    resident.refresh_from_db()
    assert resident.preferred_language == "en"

    page = resident_client.get(response.url)
    assert "Your profile has been saved." in page.text

    back = resident_client.post("/en/account/profilo/", profile_data(preferred_language="it"))
    assert back.url == PROFILE
    assert back.cookies[settings.LANGUAGE_COOKIE_NAME].value == "it"


def test_profile_post_without_csrf_token_is_refused(resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    response = client.post(PROFILE, profile_data(display_name="Altro"))
    assert response.status_code == 403
    resident.refresh_from_db()
    assert resident.display_name == "Giulia"


def test_nickname_is_lower_cased_and_must_be_free_and_well_formed(resident_client, resident):
    UserFactory(nickname="presa")
    response = resident_client.post(PROFILE, profile_data(nickname="@Giulia.B"))
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.nickname == "giulia.b"
    for bad in ("presa", "PRESA", "con spazio", ""):
        response = resident_client.post(PROFILE, profile_data(nickname=bad))
        assert response.status_code == 200
        assert "is-invalid" in response.content.decode()
        resident.refresh_from_db()
        assert resident.nickname == "giulia.b"


def test_the_pickers_leave_the_boundaries_out(resident_client, resident):
    """A boundary is up to hundreds of kB of GeoJSON: reading the 88 NIL's with theirs made
    the profile take a second."""
    resident.municipio = municipio(2)
    resident.nil = nil_in(2)
    resident.save()
    resident_client.get(PROFILE)

    with CaptureQueriesContext(connection) as queries:
        response = resident_client.get(PROFILE)

    assert response.status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "boundary" in q["sql"]]
