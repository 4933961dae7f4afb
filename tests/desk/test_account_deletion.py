"""The desk files a resident's signed request to delete the account."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.models import ActivationCode, DeskResident
from tests.desk.helpers import desk_space, register
from tests.factories import UserFactory
from wemi_community.accounts.models import AccountDeletion, PrivacyConsent

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    space, operator = desk_space()
    resident = register(space, operator, fiscal_code="")
    return space, operator, resident


def _url(person) -> str:
    return reverse("desk:resident_delete", args=[person.pk])


def test_the_operator_of_the_residents_desk_files_the_signed_form(client, desk):
    space, operator, resident = desk
    person = resident.user
    client.force_login(operator)
    page = client.get(_url(person))
    assert page.status_code == 200
    assert "Numero del modulo di richiesta firmato" in page.content.decode()

    response = client.post(
        _url(person), {"signed_form_reference": "MI-2026-0042", "understood": "on"}
    )
    assert response.status_code == 200
    assert "Account eliminato" in response.content.decode()

    person.refresh_from_db()
    assert person.is_deleted
    deletion = AccountDeletion.objects.get(user=person)
    assert deletion.channel == AccountDeletion.Channel.DESK
    assert deletion.requested_by == operator
    assert deletion.signed_form_reference == "MI-2026-0042"
    record = DeskResident.objects.get(user=person)
    # Personal fields emptied, the signed consent kept.
    assert (record.phone, record.fiscal_code, record.birth_date) == ("", None, None)
    assert record.consent_signed_at is not None
    assert PrivacyConsent.objects.filter(user=person, channel="desk").exists()
    assert not ActivationCode.objects.filter(user=person).exists()

    # Twice: a conflict, said plainly.
    again = client.post(_url(person), {"signed_form_reference": "MI-2026-0042", "understood": "on"})
    assert again.status_code == 409
    assert "già stato eliminato" in again.content.decode()


def test_the_form_number_is_required_next_to_the_field(client, desk):
    _space, operator, resident = desk
    client.force_login(operator)
    response = client.post(_url(resident.user), {"signed_form_reference": " ", "understood": "on"})
    assert response.status_code == 422
    assert "Questo campo è obbligatorio" in response.content.decode()
    resident.user.refresh_from_db()
    assert not resident.user.is_deleted


def test_another_desks_operator_is_refused(client, desk):
    _space, _operator, resident = desk
    _other_space, other_operator = desk_space()
    client.force_login(other_operator)
    assert client.get(_url(resident.user)).status_code == 403
    response = client.post(_url(resident.user), {"signed_form_reference": "X1", "understood": "on"})
    assert response.status_code == 403
    resident.user.refresh_from_db()
    assert not resident.user.is_deleted


def test_residents_and_staff_accounts_are_refused(client, desk):
    space, operator, resident = desk
    client.force_login(UserFactory())
    assert client.get(_url(resident.user)).status_code == 403
    # The desk never deletes a staff account, even its own colleague's.
    _same, colleague = space, desk_space()[1]
    client.force_login(operator)
    assert client.get(_url(colleague)).status_code == 403
    assert client.get(_url(operator)).status_code == 403


def test_the_residents_page_offers_it_to_the_desk(client, desk):
    _space, operator, resident = desk
    client.force_login(operator)
    page = client.get(reverse("desk:resident", args=[resident.user.pk]))
    assert _url(resident.user) in page.content.decode()
