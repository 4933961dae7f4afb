"""What the account holds about its person, for "download my data" (``personal_data``): the
profile, the consents to each version of the privacy notice, the digital identities, the
links to provider organisations, the second-factor devices (that they exist, never their
secrets) and the earlier downloads. Who recorded a consent at a desk is another person and
stays out."""

from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import DataExport, ExternalIdentity, OrganisationStaff, PrivacyConsent, User
from .personal_data import plain

TABLES = {
    "account_profile": _("Your account and profile"),
    "account_privacy_consents": _("Each version of the privacy notice you accepted"),
    "account_digital_identities": _("Digital identities (SPID, CIE) linked to your account"),
    "account_provider_staff": _("The provider organisations you work for on the platform"),
    "account_second_factor_devices": _(
        "Your second-factor devices (their names and dates; their secrets are never copied)"
    ),
    "account_data_downloads": _("Your requests to download your data"),
}

COLUMNS = {
    "email": _("E-mail address"),
    "display_name": _("The name other participants see"),
    "nickname": _("The name others use to mention you (@)"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "municipio": _("Municipio you live in"),
    "nil": _("Neighbourhood (NIL) you live in"),
    "household_size": _("People in your household"),
    "preferred_language": _("Your language"),
    "email_notifications": _("How you receive notifications by e-mail"),
    "roles": _("Your roles and groups on the platform"),
    "active": _("Whether the account can sign in"),
    "email_confirmed_at": _("When you confirmed your e-mail address"),
    "privacy_consent_at": _("When you last accepted the privacy notice"),
    "date_joined": _("When the account was created"),
    "last_login": _("Your last sign-in"),
    "blocked_at": _("When a moderator blocked the account, if ever"),
    "blocked_reason": _("Why the account was blocked"),
    "version": _("Version of the privacy notice"),
    "accepted_at": _("When it was accepted"),
    "channel": _("How: online, or on a form signed at a desk"),
    "issuer": _("The identity gateway"),
    "subject": _("Your identifier at the gateway"),
    "fiscal_code": _("Codice fiscale"),
    "method": _("The identity used (SPID, CIE, eIDAS)"),
    "linked_at": _("When it was linked"),
    "last_used_at": _("When it was last used"),
    "organisation": _("Provider organisation"),
    "role": _("Role"),
    "kind": _("Kind"),
    "name": _("Name"),
    "confirmed": _("Whether it was confirmed"),
    "requested_at": _("When it was requested"),
    "ready_at": _("When it was ready"),
    "expires_at": _("When it expires"),
}


def export(user: User) -> dict[str, list[dict]]:
    user = User.objects.select_related("municipio", "nil").get(pk=user.pk)
    profile = {
        "email": user.email or "",
        "display_name": user.display_name,
        "nickname": user.nickname or "",
        "first_name": user.first_name,
        "last_name": user.last_name,
        "municipio": user.municipio.name if user.municipio else "",
        "nil": user.nil.name if user.nil else "",
        "household_size": user.household_size,
        "preferred_language": user.preferred_language,
        "email_notifications": user.notification_preference,
        "roles": "; ".join(sorted(user.groups.values_list("name", flat=True))),
        "active": user.is_active,
        "email_confirmed_at": plain(user.email_confirmed_at),
        "privacy_consent_at": plain(user.privacy_consent_at),
        "date_joined": plain(user.date_joined),
        "last_login": plain(user.last_login),
        "blocked_at": plain(user.blocked_at),
        "blocked_reason": user.blocked_reason,
    }
    consents = [
        {"version": c.version, "accepted_at": plain(c.accepted_at), "channel": c.channel}
        for c in PrivacyConsent.objects.filter(user=user).order_by("accepted_at")
    ]
    identities = [
        {
            "issuer": i.issuer,
            "subject": i.subject,
            "fiscal_code": i.fiscal_code or "",
            "method": i.method,
            "linked_at": plain(i.linked_at),
            "last_used_at": plain(i.last_used_at),
        }
        for i in ExternalIdentity.objects.filter(user=user).order_by("linked_at")
    ]
    staff = [
        {"organisation": s.organisation.name, "role": s.role, "since": plain(s.created_at)}
        for s in OrganisationStaff.objects.filter(user=user).select_related("organisation")
    ]
    devices = [
        {
            "kind": kind,
            "name": d.name,
            "confirmed": d.confirmed,
            "created_at": plain(d.created_at),
            "last_used_at": plain(d.last_used_at),
        }
        for kind, model in (("totp", TOTPDevice), ("recovery_codes", StaticDevice))
        for d in model.objects.filter(user=user).only(
            "name", "confirmed", "created_at", "last_used_at"
        )
    ]
    downloads = [
        {
            "requested_at": plain(e.requested_at),
            "status": e.status,
            "ready_at": plain(e.ready_at),
            "expires_at": plain(e.expires_at),
        }
        for e in DataExport.objects.filter(user=user).order_by("requested_at")
    ]
    return {
        "account_profile": [profile],
        "account_privacy_consents": consents,
        "account_digital_identities": identities,
        "account_provider_staff": staff,
        "account_second_factor_devices": devices,
        "account_data_downloads": downloads,
    }
