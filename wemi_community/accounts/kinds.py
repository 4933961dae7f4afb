"""What accounts, roles, groups and provider staff record in the audit trail."""

from django.utils.translation import gettext_lazy as _

from wemi_community.core.kinds import Action

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
ACCOUNT_ERASED = Action("account.erased", _("Account deleted and emptied of personal data"))
ACCOUNT_INACTIVITY_WARNED = Action(
    "account.inactivity_warned", _("Warned that the inactive account will be deleted")
)
ACCOUNT_PRIVACY_ACCEPTED = Action("account.privacy_accepted", _("Privacy notice accepted"))
GROUP_DELETED = Action("account.group_deleted", _("Group deleted"))
PROVIDER_STAFF_ADDED = Action("provider.staff_added", _("Provider staff member added"))
PROVIDER_STAFF_CHANGED = Action("provider.staff_changed", _("Provider staff member changed"))
PROVIDER_STAFF_REMOVED = Action("provider.staff_removed", _("Provider staff member removed"))
