from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.core.management import call_command

from tests.factories import UserFactory
from wemi_community.accounts.demo import (
    DEMO_ACCOUNTS,
    DEMO_ORGANISATION,
    DEMO_PASSWORD,
    demo_email,
)
from wemi_community.accounts.models import Organisation, User
from wemi_community.accounts.permissions import has_role, is_city_staff, is_provider_staff
from wemi_community.accounts.roles import Role
from wemi_community.catalogue.models import Nil
from wemi_community.notifications.models import EmailState, Notification

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_creates_one_working_account_per_role(rf):
    output = _seed()
    assert {role for role, *_ in DEMO_ACCOUNTS} == set(Role)
    for role, local_part, *_ in DEMO_ACCOUNTS:
        email = demo_email(local_part)
        assert email in output
        user = authenticate(rf.post("/"), username=email, password=DEMO_PASSWORD)
        assert user is not None, email
        assert has_role(user, role)
    assert DEMO_PASSWORD in output


def test_demo_roles_give_the_expected_powers():
    _seed()
    city = User.objects.get(email=demo_email("comune"))
    resident = User.objects.get(email=demo_email("residente"))
    provider = User.objects.get(email=demo_email("ente"))
    assert is_city_staff(city) and not is_city_staff(resident)
    assert is_provider_staff(provider, Organisation.objects.get(name=DEMO_ORGANISATION))
    assert not is_provider_staff(resident)
    assert not resident.is_staff
    assert resident.nil.municipio_id == resident.municipio_id


def test_seed_demo_is_idempotent():
    _seed()
    counts = (User.objects.count(), Organisation.objects.count(), Nil.objects.count())
    resident = User.objects.get(email=demo_email("residente"))
    resident.set_password("changed-by-the-person-2026")
    resident.save()
    _seed()
    assert (User.objects.count(), Organisation.objects.count(), Nil.objects.count()) == counts
    resident.refresh_from_db()
    assert resident.check_password("changed-by-the-person-2026")  # a re-seed keeps changes


def test_the_demo_emails_nobody_and_leaves_real_people_s_emails_alone():
    real = UserFactory()
    waiting = Notification.objects.create(
        recipient=real, kind="comment.reply", email_state=EmailState.IMMEDIATE
    )
    _seed()
    demo_rows = Notification.objects.filter(recipient__email__endswith="@demo.wemi.example")
    assert demo_rows.exists()
    assert not demo_rows.filter(email_state__in=[EmailState.IMMEDIATE, EmailState.DIGEST])
    assert not [m for m in mail.outbox if m.to[0].endswith("@demo.wemi.example")]
    waiting.refresh_from_db()
    assert waiting.email_state == EmailState.IMMEDIATE


def test_seed_demo_runs_the_hooks_of_the_project_apps_only(settings):
    # With the catalogue as the only project app, only the reference data is loaded.
    settings.PROJECT_APPS = ["wemi_community.catalogue"]
    output = _seed()
    assert output.startswith("Reference data: ")
    assert "Demo logins" not in output
    assert not User.objects.exists()
