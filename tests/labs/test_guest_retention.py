"""A lab's guests are forgotten LAB_GUEST_RETENTION_DAYS after the lab closes; a member who
deletes their account loses their nickname in the lab."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from labs import tasks
from labs.models import Lab, Participant
from labs.services import hash_key
from tests.factories import UserFactory
from tests.factories.labs import LabFactory
from wemi_community.accounts.deletion import account_delete
from wemi_community.accounts.models import AccountDeletion
from wemi_community.core.milan import ROME

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _closed_lab(closed_at, **people):
    lab = LabFactory(**people)
    Lab.objects.filter(pk=lab.pk).update(phase=Lab.Phase.CLOSED, phase_changed_at=closed_at)
    return lab


@pytest.mark.parametrize(
    "closed_at",
    [
        datetime.datetime(2026, 12, 31, 23, 30, tzinfo=ROME),
        datetime.datetime(2028, 2, 29, 12, 0, tzinfo=ROME),
        datetime.datetime(2027, 3, 28, 1, 30, tzinfo=ROME),
    ],
    ids=["new-years-eve", "leap-day", "dst-spring"],
)
def test_guests_are_forgotten_90_days_after_the_lab_closes(closed_at, settings):
    settings.LAB_GUEST_RETENTION_DAYS = 90
    member = UserFactory(display_name="Marta")
    lab = _closed_lab(closed_at, members=[member], guests=["giulia-3b", "nonno-piero"])
    open_lab = LabFactory(guests=["ancora-qui"])
    closed_at = closed_at.astimezone(datetime.UTC)
    (guest, raw_key), _other = lab.guest_participants
    member_nickname = Participant.objects.get(lab=lab, user=member).nickname

    with time_machine.travel(closed_at + 90 * DAY - datetime.timedelta(minutes=1), tick=False):
        assert tasks.forget_guests() == 0
    guest.refresh_from_db()
    assert guest.nickname == "giulia-3b"
    with time_machine.travel(closed_at + 90 * DAY, tick=False):
        assert tasks.forget_guests() == 2
        assert tasks.forget_guests() == 0  # idempotent
    guest.refresh_from_db()
    assert guest.guest_key_hash == ""
    assert guest.nickname == f"Partecipante {guest.pk}"
    assert not Participant.objects.filter(guest_key_hash=hash_key(raw_key)).exists()
    # Members with an account, and other labs' guests, are untouched.
    assert Participant.objects.get(lab=lab, user=member).nickname == member_nickname
    assert Participant.objects.filter(lab=open_lab, nickname="ancora-qui").exists()


def test_a_member_who_deletes_the_account_loses_the_nickname_in_the_lab():
    member = UserFactory(display_name="Marta")
    lab = LabFactory(members=[member])
    participant = Participant.objects.get(lab=lab, user=member)
    account_delete(user=member, actor=member, channel=AccountDeletion.Channel.SELF)
    participant.refresh_from_db()
    assert participant.nickname == f"Partecipante {participant.pk}"
    # The lab itself, and its other members, stay.
    assert Lab.objects.filter(pk=lab.pk).exists()
