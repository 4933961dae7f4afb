"""One-time links for confirming an e-mail address."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """Like the password-reset token, but with its own salt (a reset token never confirms an
    address, nor the reverse) and a hash over the confirmation state, so a link stops working
    as soon as it has been used, the account is deactivated or its e-mail changes."""

    key_salt = "wemi_community.accounts.tokens.EmailConfirmationTokenGenerator"

    @property
    def timeout(self) -> int:
        # Read at check time so a settings override applies without re-importing.
        return settings.ACCOUNT_CONFIRMATION_TIMEOUT

    def _make_hash_value(self, user, timestamp):
        confirmed = (
            ""
            if user.email_confirmed_at is None
            else user.email_confirmed_at.replace(microsecond=0, tzinfo=None)
        )
        return f"{user.pk}{user.email or ''}{user.is_active}{confirmed}{timestamp}"

    def check_token(self, user, token):
        # Same checks as Django's, with our own timeout instead of PASSWORD_RESET_TIMEOUT.
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            return False
        return (self._num_seconds(self._now()) - ts) <= self.timeout


email_confirmation_token = EmailConfirmationTokenGenerator()
