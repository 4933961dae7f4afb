"""Account e-mails are claimed before they go: each request (an AccountEmail made by the
service) is mailed once, whether its task runs twice, twice at once, or after a worker died
holding its claim."""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.core import mail
from django.db import connections
from django.utils import timezone

from tests.factories import UserFactory
from wemi_community.accounts import services, tasks
from wemi_community.accounts.models import AccountEmail
from wemi_community.core import claims, outbox

from .helpers import path_of, reset_link

NOW = datetime.datetime(2026, 11, 3, 10, 0, tzinfo=datetime.UTC)
NEW = "un-altra-Password-2026"


def _queued(capture, service, **kwargs):
    """Runs the service and returns the task calls it queued, without running them."""
    with capture() as callbacks:
        service(**kwargs)
    calls = []
    for callback in callbacks:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(outbox, "async_task", lambda *args, **_options: calls.append(args))
            callback()
    return calls


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.mark.django_db
def test_each_request_has_its_row_and_the_task_its_pk(
    unconfirmed_user, resident, django_capture_on_commit_callbacks
):
    (confirmation,) = _queued(
        django_capture_on_commit_callbacks,
        services.confirmation_resend,
        email=unconfirmed_user.email,
    )
    (reset,) = _queued(
        django_capture_on_commit_callbacks,
        services.password_reset_request,
        email=resident.email,
        language="it",
    )
    request = AccountEmail.objects.get(user=unconfirmed_user)
    assert confirmation == (services.CONFIRMATION_TASK, unconfirmed_user.pk, "it", request.pk)
    assert request.kind == AccountEmail.Kind.CONFIRMATION
    assert (request.claimed_at, request.sent_at) == (None, None)
    request = AccountEmail.objects.get(user=resident)
    assert reset == (services.RESET_EMAIL_TASK, resident.pk, "it", request.pk)
    assert request.kind == AccountEmail.Kind.PASSWORD_RESET


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["confirmation", "reset"])
def test_the_task_run_twice_sends_one_email(kind, unconfirmed_user, resident, frozen):
    if kind == "confirmation":
        user, send = unconfirmed_user, tasks.send_confirmation_email
        request = AccountEmail.objects.create(user=user, kind=AccountEmail.Kind.CONFIRMATION)
    else:
        user, send = resident, tasks.send_password_reset_email
        request = AccountEmail.objects.create(user=user, kind=AccountEmail.Kind.PASSWORD_RESET)

    assert send(user.pk, "it", request.pk) is True
    assert send(user.pk, "it", request.pk) is False
    frozen.shift(datetime.timedelta(days=1))  # long after any claim would be stale
    assert send(user.pk, "it", request.pk) is False

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    request.refresh_from_db()
    assert request.claimed_at == NOW
    assert request.sent_at == NOW


@pytest.mark.django_db
def test_two_requests_are_two_emails(resident):
    first = AccountEmail.objects.create(user=resident, kind=AccountEmail.Kind.PASSWORD_RESET)
    second = AccountEmail.objects.create(user=resident, kind=AccountEmail.Kind.PASSWORD_RESET)
    assert tasks.send_password_reset_email(resident.pk, "it", first.pk)
    assert tasks.send_password_reset_email(resident.pk, "it", second.pk)
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_request_is_sent_only_for_its_own_account_and_kind(resident):
    other = UserFactory(display_name="Altro")
    request = AccountEmail.objects.create(user=other, kind=AccountEmail.Kind.PASSWORD_RESET)
    assert tasks.send_password_reset_email(resident.pk, "it", request.pk) is False
    confirmation = AccountEmail.objects.create(user=other, kind=AccountEmail.Kind.CONFIRMATION)
    assert tasks.send_password_reset_email(other.pk, "it", confirmation.pk) is False
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_failed_send_gives_the_claim_back_for_the_retry(resident, monkeypatch, frozen):
    request = AccountEmail.objects.create(user=resident, kind=AccountEmail.Kind.PASSWORD_RESET)

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
        with pytest.raises(ConnectionRefusedError):
            tasks.send_password_reset_email(resident.pk, "it", request.pk)
    request.refresh_from_db()
    assert (request.claimed_at, request.sent_at) == (None, None)

    assert tasks.send_password_reset_email(resident.pk, "it", request.pk) is True
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_stale_claim_is_sent_once_and_a_live_one_is_left_alone(unconfirmed_user, frozen):
    timeout = datetime.timedelta(seconds=claims.stale_seconds())
    request = AccountEmail.objects.create(
        user=unconfirmed_user,
        kind=AccountEmail.Kind.CONFIRMATION,
        # A worker claimed it and is still within the task timeout: it may be sending now.
        claimed_at=NOW - timeout + datetime.timedelta(seconds=1),
    )
    assert tasks.send_confirmation_email(unconfirmed_user.pk, "it", request.pk) is False
    assert mail.outbox == []

    # Past the timeout, django-q has stopped that worker: its claim is dead, the e-mail goes.
    frozen.shift(datetime.timedelta(seconds=2))
    assert tasks.send_confirmation_email(unconfirmed_user.pk, "it", request.pk) is True
    assert tasks.send_confirmation_email(unconfirmed_user.pk, "it", request.pk) is False
    frozen.shift(timeout * 2)
    assert tasks.send_confirmation_email(unconfirmed_user.pk, "it", request.pk) is False

    assert len(mail.outbox) == 1
    request.refresh_from_db()
    assert request.claimed_at == NOW + datetime.timedelta(seconds=2)
    assert request.sent_at == NOW + datetime.timedelta(seconds=2)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_copies_of_the_task_at_once_send_one_email(monkeypatch):
    user = UserFactory(display_name="Doppia")
    request = AccountEmail.objects.create(user=user, kind=AccountEmail.Kind.PASSWORD_RESET)
    copies = 4
    # Both copies have read the request and built the message before either claims it.
    ready = threading.Barrier(copies)
    build = tasks._message

    def built_then_wait(**kwargs):
        message = build(**kwargs)
        ready.wait(timeout=30)
        return message

    monkeypatch.setattr(tasks, "_message", built_then_wait)
    errors = []

    def run(_):
        try:
            return tasks.send_password_reset_email(user.pk, "it", request.pk)
        except Exception as error:  # noqa: BLE001 - every failure is reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=copies) as pool:
        results = list(pool.map(run, range(copies)))

    assert errors == []
    assert results.count(True) == 1
    assert len(mail.outbox) == 1
    assert AccountEmail.objects.get(pk=request.pk).sent_at is not None


@pytest.mark.django_db
def test_the_reset_link_of_a_claimed_email_works(
    client, resident, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/password/recupera/", {"email": resident.email})
    request = AccountEmail.objects.get(user=resident)
    # The queue's retry of the same task: nothing more.
    assert tasks.send_password_reset_email(resident.pk, "it", request.pk) is False
    assert len(mailoutbox) == 1

    step = client.get(path_of(reset_link(mailoutbox[0])))
    assert step.status_code == 302
    done = client.post(step.url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password(NEW)


@pytest.mark.django_db
def test_requests_older_than_any_link_go_with_the_next_one(resident, frozen):
    old = AccountEmail.objects.create(
        user=resident,
        kind=AccountEmail.Kind.PASSWORD_RESET,
        created_at=timezone.now() - datetime.timedelta(days=30),
    )
    recent = AccountEmail.objects.create(user=resident, kind=AccountEmail.Kind.PASSWORD_RESET)
    services.password_reset_request(email=resident.email, language="it")
    assert not AccountEmail.objects.filter(pk=old.pk).exists()
    assert AccountEmail.objects.filter(pk=recent.pk).exists()
    assert AccountEmail.objects.filter(user=resident).count() == 2


@pytest.mark.django_db
def test_an_account_deletion_takes_its_requests(resident):
    from wemi_community.accounts import deletion

    AccountEmail.objects.create(user=resident, kind=AccountEmail.Kind.PASSWORD_RESET)
    deletion.account_delete(user=resident, actor=resident, channel="self")
    assert not AccountEmail.objects.filter(user=resident).exists()
