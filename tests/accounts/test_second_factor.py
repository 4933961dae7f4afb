"""Two-step verification: who needs it, the code after the password (and its lockout), the
recovery codes, setting it up and turning it off, the way back to the page of before, and the
demo's staff logins. The suite runs with STAFF_MFA_REQUIRED off (settings/test.py): these
tests turn it on."""

from __future__ import annotations

import datetime
import io
import re
from urllib.parse import quote

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.test import override_settings
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import DEFAULT_PASSWORD, OrganisationStaffFactory, UserFactory
from tests.factories.labs import LabFactory
from tests.factories.roles import CityStaffFactory, CoordinatorFactory, DeskOperatorFactory
from tests.factories.spaces import SpaceFactory
from wemi_community.accounts import demo, kinds, mfa
from wemi_community.accounts.models import User
from wemi_community.accounts.permissions import needs_second_factor
from wemi_community.accounts.roles import Role
from wemi_community.core.models import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("required", "frozen")]

LOGIN = "/account/accedi/"
VERIFY = "/account/verifica-accesso/"
ENROL = "/account/sicurezza/attiva/"
SECURITY = "/account/sicurezza/"
CODES = "/account/sicurezza/codici/"
DISABLE = "/account/sicurezza/disattiva/"
MOMENT = datetime.datetime(2026, 3, 10, 9, 0, 7, tzinfo=datetime.UTC)


@pytest.fixture
def required(settings):
    # Through pytest-django's settings (autouse fixtures hold it already), so that it is
    # undone in order with the other changes of the test.
    settings.STAFF_MFA_REQUIRED = True


@pytest.fixture
def frozen():
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


def with_app(user) -> str:
    """Gives ``user`` a confirmed app through the service; returns its key (hex)."""
    key = mfa.new_secret()
    mfa.second_factor_enable(user=user, key_hex=key, code=mfa.current_code(key))
    # The code of this step is used up: the tests type the next one, as 30 seconds later.
    return key


def next_code(key: str) -> str:
    return mfa.current_code(key, at=MOMENT.timestamp() + 30)


def sign_in(client, user, next_url: str = ""):
    password = demo.DEMO_PASSWORD if user.email.endswith(demo.DEMO_DOMAIN) else DEFAULT_PASSWORD
    data = {"username": user.email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def actions(user) -> list[str]:
    return list(
        AuditEntry.objects.filter(actor=user).order_by("pk").values_list("action", flat=True)
    )


# --- Who needs it ---------------------------------------------------------------------------


def test_every_staff_role_needs_a_second_factor_and_residents_do_not():
    space = SpaceFactory()
    lab = LabFactory(space=space)
    staff = {
        "city staff": CityStaffFactory(),
        "coordinator": CoordinatorFactory(space=space),
        "desk operator": DeskOperatorFactory(space=space),
        "facilitator": lab.facilitator,
        "provider staff": OrganisationStaffFactory().user,
        "admin": UserFactory(is_staff=True),
    }
    for name, user in staff.items():
        assert needs_second_factor(user), name
    assert not needs_second_factor(UserFactory())
    assert not needs_second_factor(UserFactory(roles=[Role.VOLUNTEER]))
    with override_settings(STAFF_MFA_REQUIRED=False):
        assert not any(needs_second_factor(user) for user in staff.values())


# --- Staff without an app: set it up first -----------------------------------------------


def test_staff_without_an_app_is_sent_to_set_it_up_before_any_page(client):
    client.force_login(CityStaffFactory())
    for url in ("/admin/", "/proposte/", "/", SECURITY):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{ENROL}?next={quote(url, safe='')}", url
    # The set-up page, the health check and static files stay open; signing out too.
    assert client.get(ENROL).status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get(VERIFY).status_code == 302
    assert client.post("/account/esci/").status_code == 302


def test_nothing_is_asked_when_the_setting_is_off(client):
    client.force_login(CityStaffFactory())
    with override_settings(STAFF_MFA_REQUIRED=False):
        assert client.get("/admin/").status_code == 200


def test_an_htmx_request_is_sent_to_the_step_as_a_whole_page(client):
    client.force_login(CityStaffFactory())
    response = client.get("/proposte/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(ENROL)


def test_staff_set_up_the_app_and_reach_the_admin(client):
    staff = CityStaffFactory()
    client.force_login(staff)
    page = client.get(f"{ENROL}?next=/admin/")
    # The QR code is inline SVG, with nothing the CSP would refuse.
    assert '<figure class="wemi-qr" id="second-factor-qr"><svg' in page.text
    figure = page.text.split('id="second-factor-qr">')[1].split("</figure>")[0]
    assert "script" not in figure and "href" not in figure
    key = client.session[mfa.SETUP_KEY]
    secret = mfa.grouped(mfa.secret_base32(key))
    assert secret in page.text
    wrong = client.post(ENROL, {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 200
    assert wrong.context["form"].has_error("code")
    response = client.post(ENROL, {"code": mfa.current_code(key), "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == f"{CODES}?next=%2Fadmin%2F"
    codes_page = client.get(response["Location"])
    codes = codes_page.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in codes_page.text for code in codes)
    assert 'href="/admin/"' in codes_page.text
    # Shown once.
    assert client.get(CODES)["Location"] == SECURITY
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=staff).confirmed
    assert kinds.SECOND_FACTOR_ENABLED in actions(staff)


def test_the_set_up_page_refuses_malformed_codes_with_a_message(client):
    client.force_login(CityStaffFactory())
    client.get(ENROL)
    for code in ("abcdef", "1" * 100, "", "12345", "abcd2345"):
        response = client.post(ENROL, {"code": code})
        assert response.status_code == 200, code
        assert response.context["form"].has_error("code"), code
    assert not TOTPDevice.objects.exists()


# --- A confirmed app: its code after the password -------------------------------------------


@pytest.fixture
def coordinator(settings):
    """The demo's coordinator, with the documented key of her authenticator app (the
    accounts' part of the demo, as seed_demo makes it)."""
    settings.WEMI_DEMO_SECOND_FACTOR = True
    apps.get_app_config("catalogue").seed_reference_data(stdout=io.StringIO())
    demo.seed()
    demo.enrol_staff()
    return User.objects.get(email="coordinatrice@demo.wemi.example")


def coordinator_code(at_step: int = 0) -> str:
    key = mfa.key_from_base32(demo.DEMO_TOTP_SECRETS["coordinatrice"])
    return mfa.current_code(key, at=MOMENT.timestamp() + 30 * at_step)


def test_the_coordinator_types_her_code_before_the_admin(client, coordinator):
    response = sign_in(client, coordinator, next_url="/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    # Not verified: the admin sends her back to the code.
    assert client.get("/admin/")["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.text
    wrong = client.post(VERIFY, {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 200
    assert "Il codice non è corretto" in wrong.text
    right = client.post(VERIFY, {"code": coordinator_code(), "next": "/admin/"})
    assert right.status_code == 302
    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # The same code cannot be typed again in another session.
    other = client.__class__()
    sign_in(other, coordinator)
    assert other.post(VERIFY, {"code": coordinator_code()}).status_code == 200
    assert other.get("/admin/").status_code == 302


def test_five_wrong_codes_lock_the_second_step(client, coordinator, frozen):
    sign_in(client, coordinator)
    for attempt in range(4):
        response = client.post(VERIFY, {"code": f"00000{attempt}"})
        assert response.status_code == 200, attempt
        assert response.context["form"].has_error("code")
    fifth = client.post(VERIFY, {"code": "000009"})
    assert fifth.status_code == 429
    assert "Troppi codici sbagliati" in fifth.text
    assert int(fifth["Retry-After"]) > 0
    # Locked for the account, whatever the address: even the right code, even a recovery code.
    sixth = client.post(VERIFY, {"code": coordinator_code()})
    assert sixth.status_code == 429
    assert client.get("/admin/").status_code == 302
    assert kinds.SECOND_FACTOR_LOCKED in actions(coordinator)
    # After the window, the right code works.
    frozen.shift(datetime.timedelta(minutes=16))
    later = client.post(VERIFY, {"code": coordinator_code(at_step=32)})
    assert later.status_code == 302


def test_malformed_codes_are_form_errors_never_a_500(client, coordinator):
    sign_in(client, coordinator)
    for code in ("abcdef", "1" * 100, "", "٣٣٣٣٣٣", "12 34"):
        response = client.post(VERIFY, {"code": code})
        assert response.status_code == 200, code
        assert response.context["form"].has_error("code"), code


def test_the_code_may_be_typed_with_spaces(client, coordinator):
    sign_in(client, coordinator)
    code = coordinator_code()
    assert client.post(VERIFY, {"code": f"{code[:3]} {code[3:]}"}).status_code == 302


def test_the_next_url_is_kept_and_only_when_safe(client):
    staff = CityStaffFactory()
    key = with_app(staff)
    client.force_login(staff)
    response = client.get("/proposte/?q=doposcuola")
    assert response["Location"] == f"{VERIFY}?next=%2Fproposte%2F%3Fq%3Ddoposcuola"
    assert client.post(VERIFY, {"code": next_code(key), "next": "/proposte/?q=doposcuola"})[
        "Location"
    ] == ("/proposte/?q=doposcuola")

    other = client.__class__()
    other.force_login(staff)
    evil = other.post(
        VERIFY,
        {
            "code": mfa.current_code(key, at=MOMENT.timestamp() + 60),
            "next": "https://evil.example/",
        },
    )
    assert evil["Location"] == "/account/profilo/"


# --- Recovery codes -------------------------------------------------------------------------


def test_a_recovery_code_works_once(client):
    staff = CityStaffFactory()
    with_app(staff)
    code = mfa.recovery_codes_regenerate(user=staff)[0]
    sign_in(client, staff)
    response = client.post(VERIFY, {"code": code.upper()}, follow=True)
    assert response.status_code == 200
    assert "ne restano 9" in response.text
    assert StaticToken.objects.filter(device__user=staff).count() == 9
    assert kinds.RECOVERY_CODE_USED in actions(staff)

    again = client.__class__()
    sign_in(again, staff)
    refused = again.post(VERIFY, {"code": code})
    assert refused.status_code == 200
    assert refused.context["form"].has_error("code")


def test_regenerating_the_codes_replaces_them(client):
    staff = CityStaffFactory()
    with_app(staff)
    old = set(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True))
    client.force_login(staff)
    staff_client_verify(client, staff)
    response = client.post("/account/sicurezza/codici/nuovi/")
    assert response["Location"] == CODES
    new = set(client.get(CODES).context["codes"])
    assert len(new) == 10 and not new & old
    assert kinds.RECOVERY_CODES_REGENERATED in actions(staff)
    # The session stays verified (same device, new tokens).
    assert client.get(SECURITY).status_code == 200


def staff_client_verify(client, user):
    """Verifies the signed-in ``user``'s session with a recovery code."""
    code = mfa.recovery_codes_regenerate(user=user)[0]
    assert client.post(VERIFY, {"code": code}).status_code == 302


# --- Residents may choose -------------------------------------------------------------------


def test_a_resident_enables_and_disables_it(client, resident):
    client.force_login(resident)
    page = client.get(SECURITY)
    assert page.status_code == 200
    assert ENROL in page.text
    client.get(ENROL)
    key = client.session[mfa.SETUP_KEY]
    assert client.post(ENROL, {"code": mfa.current_code(key)})["Location"] == CODES
    assert DISABLE in client.get(SECURITY).text

    # The next session asks the code, even with the setting off.
    with override_settings(STAFF_MFA_REQUIRED=False):
        other = client.__class__()
        assert sign_in(other, resident)["Location"] == VERIFY
        assert other.get("/proposte/")["Location"].startswith(VERIFY)
        assert other.post(VERIFY, {"code": next_code(key)}).status_code == 302

    response = client.post(DISABLE)
    assert response["Location"] == SECURITY
    assert not TOTPDevice.objects.filter(user=resident).exists()
    assert not StaticToken.objects.filter(device__user=resident).exists()
    assert actions(resident) == [
        kinds.SECOND_FACTOR_ENABLED,
        kinds.SECOND_FACTOR_DISABLED,
    ]
    fresh = client.__class__()
    assert sign_in(fresh, resident)["Location"] == "/account/profilo/"


def test_staff_cannot_turn_it_off(client):
    staff = CityStaffFactory()
    with_app(staff)
    client.force_login(staff)
    staff_client_verify(client, staff)
    page = client.get(SECURITY)
    assert DISABLE not in page.text
    assert client.post(DISABLE).status_code == 403
    assert TOTPDevice.objects.filter(user=staff).exists()


def test_an_unverified_session_cannot_set_up_another_app(client, resident):
    with_app(resident)
    client.force_login(resident)
    assert client.get(ENROL)["Location"].startswith(VERIFY)
    assert client.post(ENROL, {"code": "123456"})["Location"].startswith(VERIFY)
    assert client.post(DISABLE)["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=resident).count() == 1


# --- The demo -------------------------------------------------------------------------------


def test_the_demo_staff_logins_have_their_documented_keys(settings):
    settings.WEMI_DEMO_SECOND_FACTOR = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    printed = out.getvalue()
    for local_part, secret in demo.DEMO_TOTP_SECRETS.items():
        device = TOTPDevice.objects.get(user__email=demo.demo_email(local_part))
        assert mfa.secret_base32(device.key) == secret
        assert secret in printed
    assert re.search(r"otpauth://totp/WeMi%20Community%3Acoordinatrice%40demo", printed)
    # Residents have none.
    assert not TOTPDevice.objects.filter(user__email=demo.demo_email("residente")).exists()
