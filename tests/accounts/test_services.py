from datetime import datetime, timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.factories import DEFAULT_PASSWORD, UserFactory, municipio, nil_in
from wemi_community.accounts import services
from wemi_community.accounts.models import User
from wemi_community.accounts.permissions import has_role
from wemi_community.accounts.roles import Role
from wemi_community.accounts.tasks import send_confirmation_email
from wemi_community.accounts.tokens import email_confirmation_token
from wemi_community.core.models import AuditEntry

from .helpers import confirmation_link, html_part, path_of

pytestmark = pytest.mark.django_db

STRONG = "Cortile-di-via-Padova-42"


def register(**overrides):
    kwargs = {
        "email": "Anna.Rossi@Esempio.example",
        "password": STRONG,
        "display_name": " Anna ",
        "preferred_language": "it",
        "privacy_consent": True,
    }
    return services.user_register(**(kwargs | overrides))


class TestRegister:
    def test_creates_an_inactive_account_and_mails_the_link(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            user = register()

        user.refresh_from_db()
        assert user.email == "anna.rossi@esempio.example"
        assert user.display_name == "Anna"
        assert not user.is_active
        assert user.email_confirmed_at is None
        assert user.privacy_consent_at is not None
        assert user.check_password(STRONG)
        # The mail waits for the commit (beside it, the cache versions move on commit too).
        assert callbacks
        assert AuditEntry.objects.filter(
            action="account.registered", target_id=str(user.pk)
        ).exists()

        assert len(mailoutbox) == 1
        message = mailoutbox[0]
        assert message.to == ["anna.rossi@esempio.example"]
        link = confirmation_link(message)
        assert link.startswith("http://127.0.0.1:8000/account/conferma/")
        assert link in html_part(message)
        assert "\n" not in message.subject

    def test_without_privacy_consent_nothing_is_written(self, mailoutbox):
        before = User.objects.count()
        with pytest.raises(ValidationError) as caught:
            register(privacy_consent=False)
        assert "privacy_consent" in caught.value.error_dict
        assert User.objects.count() == before
        assert mailoutbox == []

    def test_the_mail_is_written_in_the_chosen_language(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            register(preferred_language="en")
        message = mailoutbox[0]
        assert "Confirm your e-mail address" in message.subject
        assert "/en/account/conferma/" in confirmation_link(message)

    def test_nothing_is_sent_before_the_commit(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False):
            register()
        assert mailoutbox == []

    def test_duplicate_email_in_any_case_is_refused_and_nothing_is_written(self):
        UserFactory(email="anna.rossi@esempio.example")
        users, entries = User.objects.count(), AuditEntry.objects.count()

        with pytest.raises(ValidationError) as caught:
            register(email="ANNA.ROSSI@esempio.example")

        assert caught.value.error_dict["email"][0].code == "duplicate_email"
        assert User.objects.count() == users
        assert AuditEntry.objects.count() == entries

    def test_a_race_on_the_unique_index_is_reported_as_a_duplicate(self):
        UserFactory(email="anna.rossi@esempio.example")
        users = User.objects.count()
        # As if the other sign-up committed between our check and our insert.
        with mock.patch.object(services.User.objects, "filter") as filter_:
            filter_.return_value.exists.return_value = False
            with pytest.raises(ValidationError) as caught:
                register()
        assert caught.value.error_dict["email"][0].code == "duplicate_email"
        assert User.objects.count() == users

    @pytest.mark.parametrize("weak", ["12345678901", "password123", "anna.rossi@esempio"])
    def test_weak_password_is_refused(self, weak):
        with pytest.raises(ValidationError) as caught:
            register(password=weak)
        assert "password" in caught.value.error_dict
        assert not User.objects.filter(email="anna.rossi@esempio.example").exists()

    def test_malformed_email_is_refused(self):
        with pytest.raises(ValidationError) as caught:
            register(email="anna.rossi@")
        assert "email" in caught.value.error_dict
        assert User.objects.count() == 0


class TestConfirm:
    def test_activates_and_stamps_the_account(self, unconfirmed_user):
        user = services.user_confirm_email(user=unconfirmed_user)
        user.refresh_from_db()
        assert user.is_active
        assert user.email_confirmed_at is not None
        assert AuditEntry.objects.filter(action="account.email_confirmed").count() == 1

    def test_is_idempotent(self, unconfirmed_user):
        first = services.user_confirm_email(user=unconfirmed_user).email_confirmed_at
        again = services.user_confirm_email(user=unconfirmed_user)
        assert again.email_confirmed_at == first
        assert AuditEntry.objects.filter(action="account.email_confirmed").count() == 1

    def test_never_reactivates_a_blocked_account(self):
        blocked = UserFactory(is_active=False)  # confirmed earlier, then blocked by staff
        services.user_confirm_email(user=blocked)
        blocked.refresh_from_db()
        assert not blocked.is_active


class TestConfirmationToken:
    def test_a_fresh_token_is_valid(self, unconfirmed_user):
        token = email_confirmation_token.make_token(unconfirmed_user)
        assert email_confirmation_token.check_token(unconfirmed_user, token)

    def test_a_used_token_stops_working(self, unconfirmed_user):
        token = email_confirmation_token.make_token(unconfirmed_user)
        user = services.user_confirm_email(user=unconfirmed_user)
        assert not email_confirmation_token.check_token(user, token)

    def test_an_expired_token_stops_working(self, unconfirmed_user, settings):
        settings.ACCOUNT_CONFIRMATION_TIMEOUT = 60 * 60
        token = email_confirmation_token.make_token(unconfirmed_user)
        later = datetime.now() + timedelta(hours=1, minutes=1)
        with mock.patch.object(email_confirmation_token, "_now", return_value=later):
            assert not email_confirmation_token.check_token(unconfirmed_user, token)
        sooner = datetime.now() + timedelta(minutes=59)
        with mock.patch.object(email_confirmation_token, "_now", return_value=sooner):
            assert email_confirmation_token.check_token(unconfirmed_user, token)

    def test_a_password_reset_token_does_not_confirm(self, unconfirmed_user):
        token = default_token_generator.make_token(unconfirmed_user)
        assert not email_confirmation_token.check_token(unconfirmed_user, token)

    def test_an_expired_link_shows_the_invalid_page(self, client, unconfirmed_user, settings):
        settings.ACCOUNT_CONFIRMATION_TIMEOUT = 60
        uid = urlsafe_base64_encode(force_bytes(unconfirmed_user.pk))
        token = email_confirmation_token.make_token(unconfirmed_user)
        later = datetime.now() + timedelta(minutes=2)
        with mock.patch.object(email_confirmation_token, "_now", return_value=later):
            response = client.get(f"/en/account/conferma/{uid}/{token}/")
        assert response.status_code == 200
        assert "This link does not work any more" in response.text
        unconfirmed_user.refresh_from_db()
        assert not unconfirmed_user.is_active


class TestResend:
    def test_sends_a_new_link_to_an_account_waiting_for_it(
        self, unconfirmed_user, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.confirmation_resend(email="NUOVA@esempio.example ")
        assert len(mailoutbox) == 1
        assert mailoutbox[0].to == [unconfirmed_user.email]
        assert path_of(confirmation_link(mailoutbox[0])).startswith("/account/conferma/")

    def test_unknown_and_confirmed_addresses_get_nothing(
        self, resident, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.confirmation_resend(email="nessuno@esempio.example") is None
            assert services.confirmation_resend(email=resident.email) is None
        assert mailoutbox == []

    def test_a_second_request_within_the_cooldown_sends_nothing_more(
        self, unconfirmed_user, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.confirmation_resend(email=unconfirmed_user.email)
            services.confirmation_resend(email=unconfirmed_user.email)
        assert len(mailoutbox) == 1

    def test_the_task_sends_nothing_once_confirmed_or_gone(self, unconfirmed_user, mailoutbox):
        services.user_confirm_email(user=unconfirmed_user)
        assert send_confirmation_email(unconfirmed_user.pk, "it") is False
        assert send_confirmation_email(999_999, "it") is False
        assert mailoutbox == []


class TestProfileUpdate:
    def test_updates_the_given_fields_and_audits_their_names(self, resident):
        place = nil_in(3)
        services.profile_update(
            user=resident,
            data={"display_name": " Giulia B. ", "nil": place, "household_size": 4},
        )
        resident.refresh_from_db()
        assert resident.display_name == "Giulia B."
        assert resident.nil == place
        assert resident.municipio == municipio(3)  # filled in from the NIL
        assert resident.household_size == 4
        entry = AuditEntry.objects.get(action="account.profile_updated")
        assert entry.data == {"fields": ["display_name", "household_size", "municipio", "nil"]}

    def test_refuses_a_nil_outside_the_municipio(self, resident):
        with pytest.raises(ValidationError) as caught:
            services.profile_update(
                user=resident, data={"municipio": municipio(1), "nil": nil_in(8)}
            )
        assert "nil" in caught.value.error_dict
        resident.refresh_from_db()
        assert resident.municipio is None

    def test_refuses_a_household_out_of_range(self, resident):
        with pytest.raises(ValidationError):
            services.profile_update(user=resident, data={"household_size": 0})
        resident.refresh_from_db()
        assert resident.household_size == 1

    def test_refuses_fields_that_are_not_part_of_the_profile(self, resident):
        with pytest.raises(ValueError, match="is_staff"):
            services.profile_update(user=resident, data={"is_staff": True})

    def test_no_change_writes_nothing(self, resident):
        services.profile_update(user=resident, data={"display_name": resident.display_name})
        assert not AuditEntry.objects.filter(action="account.profile_updated").exists()


class TestRoles:
    def test_city_staff_grant_and_revoke_a_role(self, city_staff, resident):
        assert services.role_grant(user=resident, role=Role.VOLUNTEER, by=city_staff) is True
        assert has_role(resident, Role.VOLUNTEER)  # the cached roles were refreshed
        assert resident.groups.filter(name="volunteer").exists()
        assert services.role_grant(user=resident, role="volunteer", by=city_staff) is False

        assert services.role_revoke(user=resident, role=Role.VOLUNTEER, by=city_staff) is True
        assert not has_role(resident, Role.VOLUNTEER)
        assert services.role_revoke(user=resident, role=Role.VOLUNTEER, by=city_staff) is False

        actions = list(
            AuditEntry.objects.filter(target_id=str(resident.pk))
            .order_by("pk")
            .values_list("action", "actor", "data")
        )
        assert actions == [
            ("account.role_granted", city_staff.pk, {"role": "volunteer"}),
            ("account.role_revoked", city_staff.pk, {"role": "volunteer"}),
        ]

    def test_a_superuser_may_manage_roles(self, resident):
        admin = UserFactory(is_superuser=True)
        assert services.role_grant(user=resident, role=Role.CITY_STAFF, by=admin)

    @pytest.mark.parametrize("role", [Role.SPACE_COORDINATOR, Role.CITY_STAFF])
    def test_others_may_not(self, resident, role):
        coordinator = UserFactory(roles=[Role.SPACE_COORDINATOR])
        with pytest.raises(PermissionDenied):
            services.role_grant(user=resident, role=role, by=coordinator)
        with pytest.raises(PermissionDenied):
            services.role_grant(user=coordinator, role=role, by=resident)
        assert not resident.groups.exists()
        assert not AuditEntry.objects.exists()

    def test_revoke_needs_the_permission_too(self, resident):
        volunteer = UserFactory(roles=[Role.VOLUNTEER])
        with pytest.raises(PermissionDenied):
            services.role_revoke(user=volunteer, role=Role.VOLUNTEER, by=resident)
        assert volunteer.groups.filter(name="volunteer").exists()

    def test_resident_is_implicit_and_unknown_roles_are_refused(self, city_staff, resident):
        with pytest.raises(services.AccountError):
            services.role_grant(user=resident, role=Role.RESIDENT, by=city_staff)
        with pytest.raises(ValueError):
            services.role_grant(user=resident, role="pope", by=city_staff)
        assert not Group.objects.filter(name="pope").exists()


def test_password_set_stores_the_password_and_clears_lockouts(resident):
    AccessAttempt.objects.create(
        username=resident.email, ip_address="10.0.0.1", failures_since_start=5, user_agent="t"
    )
    services.password_set(user=resident, password=STRONG, via="reset")
    resident.refresh_from_db()
    assert resident.check_password(STRONG)
    assert not resident.check_password(DEFAULT_PASSWORD)
    assert not AccessAttempt.objects.filter(username=resident.email).exists()
    assert AuditEntry.objects.get(action="account.password_set").data == {"via": "reset"}


def test_register_refuses_a_too_long_display_name():
    with pytest.raises(ValidationError) as caught:
        register(display_name="x" * 61)
    assert "display_name" in caught.value.error_dict
    assert not User.objects.exists()


class TestPasswordResetRequest:
    def test_mails_the_stored_address_once_per_cooldown(
        self, resident, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.password_reset_request(email=resident.email.upper(), language="it")
            services.password_reset_request(email=resident.email, language="it")
        assert [m.to for m in mailoutbox] == [[resident.email]]
        assert AuditEntry.objects.filter(action="account.password_reset_requested").count() == 1

    def test_inactive_or_passwordless_accounts_get_nothing(
        self, unconfirmed_user, mailoutbox, django_capture_on_commit_callbacks
    ):
        assisted = UserFactory(email="assistita@esempio.example")
        assisted.set_unusable_password()
        assisted.save()
        with django_capture_on_commit_callbacks(execute=True):
            services.password_reset_request(email=unconfirmed_user.email, language="it")
            services.password_reset_request(email=assisted.email, language="it")
        assert mailoutbox == []
