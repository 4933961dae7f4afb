"""A digest batch whose worker was killed between its claims and its e-mails: the retried
batch leaves live claims alone and sends the dead ones, once."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from tests.notifications.test_digest import DAY, people, waiting
from wemi_community.core import claims
from wemi_community.notifications import tasks
from wemi_community.notifications.models import DigestDelivery, EmailState, Notification

NOW = datetime.datetime(2026, 11, 23, 7, 0, tzinfo=datetime.UTC)


class Killed(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs, no handler catches it."""


@pytest.mark.django_db
def test_the_digests_a_dead_worker_claimed_are_sent_once_after_the_timeout(monkeypatch):
    readers = people(4)
    waiting(readers, per_person=2)
    real_send = EmailBackend.send_messages
    calls = []

    def die_at_the_third(self, messages):
        calls.append(messages)
        if len(calls) == 3:
            raise Killed
        return real_send(self, messages)

    ids = [reader.pk for reader in readers]
    with time_machine.travel(NOW, tick=False) as clock:
        with monkeypatch.context() as patch:
            patch.setattr(EmailBackend, "send_messages", die_at_the_third)
            with pytest.raises(Killed):
                tasks.digest_send_batch(ids, DAY.isoformat())
        assert [message.to for message in mail.outbox] == [[readers[0].email], [readers[1].email]]
        assert DigestDelivery.objects.filter(sent_at__isnull=True).count() == 2

        # The retry within the timeout: the claims may still be a live worker's.
        clock.shift(datetime.timedelta(seconds=claims.stale_seconds() - 1))
        assert tasks.digest_send_batch(ids, DAY.isoformat()) == 0

        clock.shift(datetime.timedelta(seconds=2))
        assert tasks.digest_send_batch(ids, DAY.isoformat()) == 2
        assert tasks.digest_send_batch(ids, DAY.isoformat()) == 0

    assert sorted(message.to[0] for message in mail.outbox) == sorted(r.email for r in readers)
    assert not DigestDelivery.objects.filter(sent_at__isnull=True).exists()
    assert DigestDelivery.objects.count() == 4
    assert Notification.objects.filter(email_state=EmailState.SENT).count() == 8
    assert not Notification.objects.filter(email_state=EmailState.SENT, digest=None).exists()
