"""Each part of the platform releases, erases or keeps what it holds when an account is
deleted: volunteering, shared services, certificates, the privacy notice's own page."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.urls import reverse

from desk import tasks as desk_tasks
from desk.models import ActivationCode
from proposals.models import Proposal
from shared_services.models import Membership
from spaces_pages.models import StandardPage
from tests.desk.helpers import desk_space, register
from tests.factories import UserFactory
from tests.factories.proposals import OfferFactory, ProposalFactory, SharedServiceFactory
from tests.factories.volunteering import (
    HourEntryFactory,
    ShiftFactory,
    SignupFactory,
    VolunteerFactory,
)
from volunteering import hours as volunteering_hours
from volunteering.models import HourEntry, Signup, VolunteerProfile
from wemi_community.accounts.deletion import account_delete
from wemi_community.accounts.models import AccountDeletion
from wemi_community.certificates.models import Certificate
from wemi_community.certificates.services import new_code

pytestmark = pytest.mark.django_db


def _delete(person):
    return account_delete(user=person, actor=person, channel=AccountDeletion.Channel.SELF)


def _kept(deletion) -> list[str]:
    return [line for part in deletion.summary for line in part["kept"]]


def test_volunteering_releases_future_shifts_and_keeps_approved_hours():
    volunteer = VolunteerFactory()
    shift = ShiftFactory(capacity=1, days=10)
    SignupFactory(shift=shift, volunteer=volunteer)
    waiting = SignupFactory(shift=shift, volunteer=VolunteerFactory())
    assert waiting.state == "waitlisted"
    entry = HourEntryFactory(volunteer=volunteer)
    coordinator = UserFactory(roles=["city_staff"])
    volunteering_hours.hours_review(actor=coordinator, entry=entry, approve=True)
    pending = HourEntryFactory(volunteer=volunteer)

    deletion = _delete(volunteer)

    waiting.refresh_from_db()
    assert waiting.state == "confirmed"
    assert not Signup.objects.filter(volunteer=volunteer, state="confirmed").exists()
    assert not VolunteerProfile.objects.filter(user=volunteer).exists()
    assert not HourEntry.objects.filter(pk=pending.pk).exists()
    assert HourEntry.objects.filter(pk=entry.pk, state="approved").exists()
    assert any("ore di volontariato approvate" in line for line in _kept(deletion))


def test_shared_services_free_the_seat_and_keep_the_records():
    anna, bruno = UserFactory(), UserFactory()
    proposal = ProposalFactory(state=Proposal.State.ACCEPTED, supporters=[anna, bruno])
    service = SharedServiceFactory(offer=OfferFactory(proposal=proposal))
    membership = Membership.objects.get(service=service, user=anna)
    assert membership.state == Membership.State.MEMBER

    deletion = _delete(anna)

    membership.refresh_from_db()
    assert membership.state == Membership.State.LEFT
    assert membership.member_since is not None  # the accounting record stays
    assert any("dieci anni" in line for line in _kept(deletion))


def test_a_certificate_stays_verifiable_without_the_name(client):
    holder = UserFactory(display_name="Giovanna Neri")
    certificate = Certificate.objects.create(
        code=new_code(),
        kind=Certificate.Kind.VOLUNTEERING,
        holder=holder,
        holder_name="Giovanna Neri",
        subject="Accoglienza",
        issuer_name="Spazio WeMi Prova",
        details={"hours": "12"},
        source_type=ContentType.objects.get_for_model(HourEntry),
        source_id=1,
    )
    before = client.get(certificate.get_absolute_url(), follow=True).content.decode()
    assert "Giovanna Neri" in before

    _delete(holder)

    page = client.get(certificate.get_absolute_url(), follow=True)
    text = page.content.decode()
    assert page.status_code == 200
    assert "certificate-valid" in text
    assert "Giovanna Neri" not in text
    assert "Il titolare ha eliminato il proprio account" in text


def test_expired_activation_codes_are_deleted():
    space, operator = desk_space()
    resident = register(space, operator)
    from desk.activation import activation_issue

    now = datetime.datetime(2027, 10, 31, 2, 30, tzinfo=datetime.UTC)
    with time_machine.travel(now, tick=False):
        activation_issue(actor=operator, resident=resident, space=space)
    with time_machine.travel(now + datetime.timedelta(days=13), tick=False):
        assert desk_tasks.forget_expired_activation_codes() == 0
        activation_issue(actor=operator, resident=resident, space=space)
    with time_machine.travel(now + datetime.timedelta(days=15), tick=False):
        assert desk_tasks.forget_expired_activation_codes() == 1
        assert desk_tasks.forget_expired_activation_codes() == 0
    assert ActivationCode.objects.filter(user=resident.user).count() == 1


@override_settings(
    RETENTION_INACTIVE_DAYS=365,
    DATA_EXPORT_DAYS=3,
    LAB_GUEST_RETENTION_DAYS=60,
    DESK_ACTIVATION_DAYS=10,
    SESSION_COOKIE_AGE=60 * 60 * 24 * 7,
    PRIVACY_NOTICE_VERSION="2027-05",
)
def test_the_privacy_page_says_the_retention_times_of_the_settings(client):
    from spaces_pages import demo

    demo.seed()
    page = StandardPage.objects.get(slug="privacy", locale__language_code="it")
    response = client.get(page.url)
    text = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "per 365 giorni viene eliminato" in text
    assert "scaricabile per 3 giorni" in text
    assert "60 giorni dopo la chiusura" in text
    assert "vale 10 giorni" in text
    assert "al massimo 7 giorni" in text
    assert "Versione di questa informativa: 2027-05." in text
    assert reverse("accounts:account_delete") in text
