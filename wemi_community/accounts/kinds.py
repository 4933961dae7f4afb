"""What accounts, roles, groups and provider staff record in the audit trail."""

from django.utils.translation import gettext_lazy as _

from wemi_community.core.kinds import Action, Group, Kind

# Audit actions

ACCOUNT_REGISTERED = Action("account.registered", _("Account created"))
ACCOUNT_EMAIL_CONFIRMED = Action("account.email_confirmed", _("E-mail address confirmed"))
ACCOUNT_CONFIRMATION_RESENT = Action(
    "account.confirmation_resent", _("Confirmation e-mail sent again")
)
ACCOUNT_PASSWORD_RESET_REQUESTED = Action(
    "account.password_reset_requested", _("Password reset requested")
)
ACCOUNT_PASSWORD_SET = Action("account.password_set", _("Password set"))
ACCOUNT_PROFILE_UPDATED = Action("account.profile_updated", _("Profile updated"))
ACCOUNT_ROLE_GRANTED = Action("account.role_granted", _("Role granted"))
ACCOUNT_ROLE_REVOKED = Action("account.role_revoked", _("Role revoked"))
ACCOUNT_ADMINISTRATOR_GRANTED = Action(
    "account.administrator_granted", _("Made an administrator of the admin")
)
ACCOUNT_ADMINISTRATOR_REVOKED = Action(
    "account.administrator_revoked", _("No longer an administrator of the admin")
)
ACCOUNT_GROUP_JOINED = Action("account.group_joined", _("Added to a group"))
ACCOUNT_GROUP_LEFT = Action("account.group_left", _("Removed from a group"))
ACCOUNT_ACTIVATED = Action("account.activated", _("Account activated"))
ACCOUNT_DEACTIVATED = Action("account.deactivated", _("Account deactivated"))
ACCOUNT_DELETED = Action("account.deleted", _("Account deleted"))
ACCOUNT_IDENTITY_LINKED = Action(
    "account.identity_linked", _("Digital identity (SPID or CIE) linked")
)
ACCOUNT_ERASED = Action("account.erased", _("Account deleted and emptied of personal data"))
ACCOUNT_INACTIVITY_WARNED = Action(
    "account.inactivity_warned", _("Warned that the inactive account will be deleted")
)
ACCOUNT_PRIVACY_ACCEPTED = Action("account.privacy_accepted", _("Privacy notice accepted"))
GROUP_DELETED = Action("account.group_deleted", _("Group deleted"))
PROVIDER_STAFF_ADDED = Action("provider.staff_added", _("Provider staff member added"))
PROVIDER_STAFF_CHANGED = Action("provider.staff_changed", _("Provider staff member changed"))
PROVIDER_STAFF_REMOVED = Action("provider.staff_removed", _("Provider staff member removed"))
ACCOUNT_DATA_EXPORT_REQUESTED = Action(
    "account.data_export_requested", _("Copy of the personal data requested")
)
ACCOUNT_DATA_EXPORT_READY = Action(
    "account.data_export_ready", _("Copy of the personal data ready")
)
ACCOUNT_DATA_EXPORT_FAILED = Action(
    "account.data_export_failed", _("Copy of the personal data failed")
)
ACCOUNT_DATA_EXPORT_EXPIRED = Action(
    "account.data_export_expired", _("Copy of the personal data expired and deleted")
)

# Notification kinds

NOTIFY_DATA_EXPORT_READY = Kind(
    "account.data_export_ready",
    label=_("Your copy of your data is ready"),
    message=_("Your data are ready to download"),
)
NOTIFY_DATA_EXPORT_FAILED = Kind(
    "account.data_export_failed",
    label=_("Your copy of your data could not be prepared"),
    message=_("We could not prepare the copy of your data: please ask again"),
)
GROUP_ACCOUNT = Group("account", _("Your account"))

SECOND_FACTOR_ENABLED = Action("account.second_factor_enabled", _("Two-step verification enabled"))
SECOND_FACTOR_DISABLED = Action(
    "account.second_factor_disabled", _("Two-step verification disabled")
)
RECOVERY_CODE_USED = Action("account.recovery_code_used", _("Recovery code used to sign in"))
RECOVERY_CODES_REGENERATED = Action(
    "account.recovery_codes_regenerated", _("New recovery codes generated")
)
SECOND_FACTOR_LOCKED = Action(
    "account.second_factor_locked", _("Two-step verification locked after wrong codes")
)
